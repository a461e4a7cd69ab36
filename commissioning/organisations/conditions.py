"""The object conditions of the organisations' actions in the permission table (accounts/permissions.py), each
`test(person, record) -> bool`, registered when the app is ready. A record is an organisation, or anything that
names one (`organisation_id`)."""

from typing import Any

from commissioning.accounts.permissions import condition

from .models import Organisation
from .selectors import membership_of


def _organisation_id(record: Any) -> int | None:
    if isinstance(record, Organisation):
        return record.pk
    return getattr(record, "organisation_id", None)


@condition("member_of_organisation", refusal="you do not act for this organisation")
def member_of_organisation(person: Any, record: Any) -> bool:
    membership = membership_of(person)
    return membership is not None and membership.organisation_id == _organisation_id(record)


@condition("administers_organisation", refusal="only your organisation's administrators can")
def administers_organisation(person: Any, record: Any) -> bool:
    membership = membership_of(person)
    return (
        membership is not None
        and membership.is_administrator
        and membership.organisation_id == _organisation_id(record)
    )


@condition("acts_for_no_organisation", refusal="you already act for an organisation")
def acts_for_no_organisation(person: Any, record: Any) -> bool:
    """The person belongs to no organisation yet, so may register theirs (the record is what they register)."""
    return membership_of(person) is None
