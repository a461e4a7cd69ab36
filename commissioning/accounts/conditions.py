"""The object conditions of people's accounts in the permission table (accounts/permissions.py), registered when
the app is ready. A record is an account, or anything that belongs to one (`user_id`, such as a TOTP device)."""

from typing import Any

from .permissions import condition


def _account_id(record: Any) -> Any:
    return getattr(record, "user_id", None) if hasattr(record, "user_id") else getattr(record, "pk", None)


@condition("someone_elses_account")
def someone_elses_account(person: Any, record: Any) -> bool:
    return bool(_account_id(record) != person.pk)
