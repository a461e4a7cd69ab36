"""The object conditions of money's actions in the permission table (accounts/permissions.py), each
`test(person, record) -> bool`, registered when the app is ready."""

from typing import Any

from commissioning.accounts.permissions import condition

from .models import Allocation, Commitment, Fund, Payment
from .selectors import funds_visible_to


def fund_id_of(record: Any) -> int | None:
    """The fund a record draws on: a fund itself, a record with a fund (an agreement, a scheme, an allocation),
    a commitment or payment (through its allocation), or a record of a scheme (an application)."""
    if isinstance(record, Fund):
        return record.pk
    if isinstance(record, Payment):
        record = record.commitment
    if isinstance(record, Commitment):
        record = record.allocation
    if isinstance(record, Allocation):
        return record.fund_id
    fund_id = getattr(record, "fund_id", None)
    if fund_id is not None:
        return int(fund_id)
    scheme = getattr(record, "scheme", None)
    return getattr(scheme, "fund_id", None) if scheme is not None else None


@condition("administers_fund", refusal="this is not a fund your organisation runs")
def administers_fund(person: Any, record: Any) -> bool:
    """The person's organisation runs the fund (its rules in effect today name it as the fund's administrator)."""
    fund_id = fund_id_of(record)
    return fund_id is not None and funds_visible_to(person).filter(pk=fund_id).exists()
