"""The object conditions of monitoring's actions in the permission table (accounts/permissions.py), each
`test(person, record) -> bool`, registered when the app is ready."""

from typing import Any

from commissioning.accounts.permissions import condition
from commissioning.agreements.models import AgreementParty
from commissioning.organisations.selectors import organisation_of

from .models import MonitoringReturn


@condition("return_of_my_organisation", refusal="this is a return of another organisation's agreement")
def return_of_my_organisation(person: Any, record: Any) -> bool:
    """The person's organisation is a party to the agreement the return reports on."""
    if not isinstance(record, MonitoringReturn):
        return False
    organisation = organisation_of(person)
    if organisation is None:
        return False
    return AgreementParty.objects.filter(
        agreement_id=record.plan.agreement_id, organisation=organisation
    ).exists()
