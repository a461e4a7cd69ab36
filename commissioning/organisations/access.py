"""Who may see and change an organisation's record. Views load organisations only through these functions.

Staff who read everything see every organisation. A provider user or partner administrator sees only the one
organisation they belong to: any other id is "not found", so an address with a changed id tells them nothing,
not even whether the organisation exists.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.permissions import check, may, require

from .models import DueDiligenceItem, Organisation, OrganisationIdentifier, OrganisationMembership
from .selectors import membership_of


def organisation_for(user: Any, pk: int) -> Organisation:
    if may(user, "organisation.view"):
        organisation = Organisation.objects.prefetch_related("identifiers").filter(pk=pk).first()
        if organisation is None:
            raise Http404("No organisation has this address.")
        return organisation
    if may(user, "organisation.manage_own"):
        membership = membership_of(user)
        if membership is None or membership.organisation_id != pk:
            raise Http404("No organisation has this address.")
        return Organisation.objects.prefetch_related("identifiers").get(pk=pk)
    raise PermissionDenied("You do not have a role that can see organisations.")


def can_edit_organisation(user: Any, organisation: Organisation | None = None) -> bool:
    """Staff who keep the register: its details, identifiers and members."""
    return may(user, "organisation.edit", organisation)


def can_manage_due_diligence(user: Any, organisation: Organisation) -> tuple[bool, str]:
    """Register staff, or an administrator of the organisation itself. Returns (allowed, reason)."""
    verdict = check(user, "organisation.due_diligence", organisation)
    return verdict.allowed, verdict.reason


def organisation_to_edit(user: Any, pk: int) -> Organisation:
    organisation = organisation_for(user, pk)
    require(user, "organisation.edit", organisation)
    return organisation


def identifier_for(user: Any, organisation_pk: int, pk: int) -> OrganisationIdentifier:
    organisation = organisation_to_edit(user, organisation_pk)
    identifier = OrganisationIdentifier.objects.filter(organisation=organisation, pk=pk).first()
    if identifier is None:
        raise Http404("This organisation has no such identifier.")
    identifier.organisation = organisation
    return identifier


def membership_for(user: Any, organisation_pk: int, pk: int) -> OrganisationMembership:
    organisation = organisation_to_edit(user, organisation_pk)
    membership = (
        OrganisationMembership.objects.select_related("user").filter(organisation=organisation, pk=pk).first()
    )
    if membership is None:
        raise Http404("This person is not a member of the organisation.")
    membership.organisation = organisation
    return membership


def organisation_for_due_diligence(user: Any, pk: int) -> Organisation:
    """The organisation, if the person may add or change its due-diligence items."""
    organisation = organisation_for(user, pk)
    allowed, reason = can_manage_due_diligence(user, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    return organisation


def due_diligence_item_for(user: Any, organisation_pk: int, pk: int) -> DueDiligenceItem:
    """A due-diligence item to change: the person must be allowed to manage the organisation's items."""
    organisation = organisation_for_due_diligence(user, organisation_pk)
    item = DueDiligenceItem.objects.filter(organisation=organisation, pk=pk).first()
    if item is None:
        raise Http404("This organisation has no such due diligence item.")
    item.organisation = organisation
    return item


def due_diligence_document_for(user: Any, pk: int) -> DueDiligenceItem:
    """A due-diligence item whose file the person may download: anyone who may see its organisation. Every
    refusal is "not found", so an address says nothing about whether the item exists."""
    item = DueDiligenceItem.objects.select_related("organisation").filter(pk=pk).first()
    if item is None or not item.document:
        raise Http404("No document has this address.")
    try:
        organisation_for(user, item.organisation_id)
    except PermissionDenied:
        raise Http404("No document has this address.") from None
    return item
