"""Who may see and act on agreements. Views load agreements only through these functions.

- Staff who read everything see every agreement.
- A partner administrator sees the agreements of the funds their organisation runs.
- A provider user sees only agreements their organisation is a party to, once offered; any other is "not found".
- Everyone else is refused.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from commissioning.accounts.roles import READ_ALL_ROLES, Role, can_read_all, has_role
from commissioning.finance.selectors import funds_visible_to
from commissioning.organisations.selectors import organisation_of

from .models import Agreement, AgreementParty, AgreementStatus, Variation

# Roles that manage every agreement: withdraw offers, make variations. A partner administrator manages those of
# the funds they run.
MANAGE_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)


def _provider_agreements(user: Any) -> QuerySet[Agreement]:
    """A provider's organisation's agreements, leaving out drafts and drafts withdrawn before they were offered."""
    organisation = organisation_of(user)
    if organisation is None:
        return Agreement.objects.none()
    parties = AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=organisation)
    return (
        Agreement.objects.filter(Exists(parties))
        .exclude(status=AgreementStatus.DRAFT)
        .exclude(Q(status=AgreementStatus.WITHDRAWN) & Q(offered_on__isnull=True))
    )


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """The agreements a person may see on staff or provider pages, before any filtering a page adds."""
    if can_read_all(user):
        return Agreement.objects.all()
    if has_role(user, Role.PARTNER_ADMINISTRATOR):
        return Agreement.objects.filter(fund__in=funds_visible_to(user))
    if has_role(user, Role.PROVIDER):
        return _provider_agreements(user)
    return Agreement.objects.none()


def may_see_agreements(user: Any) -> bool:
    return can_read_all(user) or has_role(user, Role.PARTNER_ADMINISTRATOR, Role.PROVIDER)


def agreement_for(user: Any, pk: int, *, for_page: bool = False) -> Agreement:
    """The agreement if the person may see it; "not found" if it is not theirs to see; refused for people whose
    roles see no agreements at all. `for_page` also says, in the same query, whether it has any variations (most
    have none), so its page need not look for them."""
    if not getattr(user, "is_authenticated", False) or not may_see_agreements(user):
        raise PermissionDenied("You do not have a role that can see agreements.")
    agreements = agreements_visible_to(user).select_related(
        "organisation", "fund", "created_by", "response_by"
    )
    if for_page:
        agreements = agreements.annotate(
            has_variations=Exists(Variation.objects.filter(agreement=OuterRef("pk")))
        )
    agreement = agreements.filter(pk=pk).first()
    if agreement is None:
        raise Http404("No agreement found")
    return agreement


def provider_agreement_for(user: Any, pk: int) -> Agreement:
    """For provider pages: only an agreement the person's organisation is a party to, else "not found"."""
    if not has_role(user, Role.PROVIDER):
        raise PermissionDenied("This page is for people of the organisations the body funds.")
    agreement = (
        _provider_agreements(user).select_related("organisation", "fund", "response_by").filter(pk=pk).first()
    )
    if agreement is None:
        raise Http404("No agreement found")
    return agreement


def may_manage_agreement(user: Any, agreement: Agreement) -> bool:
    """Officers and administrators manage every agreement; a partner administrator, those of their funds."""
    if has_role(user, *MANAGE_ROLES):
        return True
    return (
        has_role(user, Role.PARTNER_ADMINISTRATOR)
        and agreement.fund_id is not None
        and funds_visible_to(user).filter(pk=agreement.fund_id).exists()
    )


def may_answer_offer(user: Any, agreement: Agreement) -> bool:
    """Only people of the lead organisation answer an offer."""
    organisation = organisation_of(user)
    return organisation is not None and organisation.pk == agreement.organisation_id


# Staff who may use the agreement pages: everyone who reads all records, and partner administrators.
STAFF_READ_ROLES = (*sorted(READ_ALL_ROLES), Role.PARTNER_ADMINISTRATOR)
