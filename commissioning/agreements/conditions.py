"""The object conditions of agreements' actions in the permission table (accounts/permissions.py), each
`test(person, record) -> bool`, registered when the app is ready.

A record is an agreement or anything under one: a row with an `agreement` (an instalment, a variation, a
monitoring plan) or with a `plan` of an agreement (a monitoring return), so the spokes' actions can name these
conditions too.
"""

from typing import Any

from commissioning.accounts.permissions import condition
from commissioning.finance.models import Commitment
from commissioning.organisations.selectors import organisation_of

from .models import Agreement, AgreementParty, AgreementStatus, FundingLine, Invoice


def _agreement_ids(record: Any) -> tuple[int | None, int | None]:
    """(agreement id, lead organisation id) of the record, the second when it is known without a query."""
    if isinstance(record, Agreement):
        return record.pk, record.organisation_id
    holder = record
    if getattr(holder, "agreement_id", None) is None and getattr(holder, "plan", None) is not None:
        holder = holder.plan
    agreement_id = getattr(holder, "agreement_id", None)
    if agreement_id is None:
        return None, None
    cached = getattr(holder, "_state", None)
    loaded = cached.fields_cache.get("agreement") if cached is not None else None
    return agreement_id, loaded.organisation_id if loaded is not None else None


@condition("party_to_agreement", refusal="your organisation is not a party to this agreement")
def party_to_agreement(person: Any, record: Any) -> bool:
    """The person's organisation is a party to the agreement (the lead or any other)."""
    agreement_id, lead_id = _agreement_ids(record)
    organisation = organisation_of(person)
    if agreement_id is None or organisation is None:
        return False
    if lead_id == organisation.pk:
        return True
    return AgreementParty.objects.filter(agreement_id=agreement_id, organisation=organisation).exists()


@condition("lead_organisation_member", refusal="only people of the organisation offered it can answer it")
def lead_organisation_member(person: Any, record: Any) -> bool:
    """The person acts for the agreement's lead organisation."""
    agreement_id, lead_id = _agreement_ids(record)
    organisation = organisation_of(person)
    if agreement_id is None or organisation is None:
        return False
    if lead_id is None:
        lead_id = Agreement.objects.filter(pk=agreement_id).values_list("organisation_id", flat=True).first()
    return lead_id == organisation.pk


@condition("declined_by_my_organisation", refusal="this is not money of an offer your organisation declined")
def declined_by_my_organisation(person: Any, record: Any) -> bool:
    """The commitment funds an offer the person's organisation has declined: declining gives the money back."""
    organisation = organisation_of(person)
    if not isinstance(record, Commitment) or organisation is None:
        return False
    return FundingLine.objects.filter(
        commitment=record, agreement__status=AgreementStatus.DECLINED, agreement__organisation=organisation
    ).exists()


@condition("recorded_this_invoice", refusal="you recorded this invoice")
def recorded_this_invoice(person: Any, record: Any) -> bool:
    """The person recorded the invoice: someone else approves it (separation of duties)."""
    return (
        isinstance(record, Invoice)
        and record.recorded_by_id is not None
        and record.recorded_by_id == person.pk
    )
