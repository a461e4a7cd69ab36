"""Who may see and act on agreements, asked of the permission table (accounts/permissions.py). Views load
agreements only through these functions.

- Staff who read everything see every agreement.
- A partner administrator sees the agreements of the funds their organisation runs ("administers_fund").
- A provider user sees only agreements their organisation is a party to, once offered; any other is "not found".
- Everyone else is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from commissioning.accounts.permissions import check, may, permission
from commissioning.accounts.roles import user_roles
from commissioning.audit.workflow import MoveOption, allowed_moves
from commissioning.finance.selectors import funds_visible_to
from commissioning.organisations.selectors import organisation_of

from .models import (
    PAYABLE_STATUSES,
    VARIABLE_STATUSES,
    Agreement,
    AgreementParty,
    AgreementStatus,
    Instalment,
    Invoice,
    InvoiceStatus,
    Variation,
)

# The moves staff make from an agreement's page (accepting and declining are the organisation's, on its pages).
STAFF_MOVES = frozenset({AgreementStatus.WITHDRAWN, AgreementStatus.ENDED, AgreementStatus.TERMINATED})


def _provider_agreements(user: Any) -> QuerySet[Agreement]:
    """A provider's organisation's agreements, leaving out drafts and drafts withdrawn before they were offered."""
    organisation = organisation_of(user)
    if organisation is None:
        return Agreement.objects.none()
    parties = AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=organisation)
    return (
        Agreement.objects.filter(Exists(parties))
        .exclude(status=AgreementStatus.DRAFT)
        .exclude(Q(status=AgreementStatus.WITHDRAWN) & Q(acceptance__offered_on__isnull=True))
    )


# How each condition of `agreement.view` narrows the list: the same rule as its test (conditions.py, and
# finance/conditions.py), as a query.
_VISIBLE: dict[str, Callable[[Any], QuerySet[Agreement]]] = {
    "administers_fund": lambda user: Agreement.objects.filter(fund__in=funds_visible_to(user)),
    "party_to_agreement": _provider_agreements,
}


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """The agreements a person may see on staff or provider pages, before any filtering a page adds."""
    rule = permission("agreement.view")
    roles = user_roles(user)
    if roles & rule.roles:
        return Agreement.objects.all()
    for role, name in rule.roles_when:
        if role in roles and name in _VISIBLE:
            return _VISIBLE[name](user)
    return Agreement.objects.none()


def may_see_agreements(user: Any) -> bool:
    return may(user, "agreement.view")


def agreement_for(user: Any, pk: int, *, for_page: bool = False) -> Agreement:
    """The agreement if the person may see it; "not found" if it is not theirs to see; refused for people whose
    roles see no agreements at all. `for_page` also says, in the same query, whether it has any variations (most
    have none), so its page need not look for them."""
    verdict = check(user, "agreement.view")
    if not verdict:
        raise PermissionDenied(verdict.reason)
    agreements = agreements_visible_to(user).select_related(
        "organisation", "fund", "created_by", "acceptance", "payment_plan"
    )
    if for_page:
        agreements = agreements.annotate(
            has_variations=Exists(Variation.objects.filter(agreement=OuterRef("pk")))
        )
    agreement = agreements.filter(pk=pk).first()
    if agreement is None:
        raise Http404("No agreement found")
    return agreement


def managed_agreement_for(user: Any, pk: int, action: str) -> Agreement:
    """The agreement, if the person may see it and take `action` on it (else 404, or 403 with the reason)."""
    agreement = agreement_for(user, pk)
    verdict = check(user, action, agreement)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return agreement


def provider_agreement_for(user: Any, pk: int) -> Agreement:
    """For provider pages: only an agreement the person's organisation is a party to, else "not found"."""
    if not may(user, "agreement.view_own"):
        raise PermissionDenied("This page is for people of the organisations the body funds.")
    agreement = (
        _provider_agreements(user)
        .select_related("organisation", "fund", "acceptance", "payment_plan")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404("No agreement found")
    return agreement


def instalment_for(agreement: Agreement, number: int) -> Instalment:
    """The agreement's instalment with this number, with its payment and year, or "not found"."""
    instalment = (
        Instalment.objects.filter(agreement=agreement, number=number)
        .select_related("payment", "commitment__allocation__financial_year")
        .first()
    )
    if instalment is None:
        raise Http404("No instalment found")
    return instalment


def may_manage_agreement(user: Any, agreement: Agreement) -> bool:
    """Officers and administrators manage every agreement; a partner administrator, those of their funds."""
    return may(user, "agreement.manage", agreement)


def may_answer_offer(user: Any, agreement: Agreement) -> bool:
    """Only an open offer is answered, and only by people of the lead organisation."""
    return agreement.status == AgreementStatus.OFFERED and may(user, "agreement.answer_offer", agreement)


def may_vary(user: Any, agreement: Agreement) -> bool:
    return agreement.status in VARIABLE_STATUSES and may(user, "agreement.vary", agreement)


def may_pay(user: Any, agreement: Agreement) -> bool:
    return agreement.status in PAYABLE_STATUSES and may(user, "agreement.pay", agreement)


def invoice_for(agreement: Agreement, number: int) -> Invoice:
    """The agreement's invoice with this number, with who recorded it, or "not found"."""
    invoice = Invoice.objects.filter(agreement=agreement, number=number).select_related("recorded_by").first()
    if invoice is None:
        raise Http404("No invoice found")
    invoice.agreement = agreement
    return invoice


def may_plan_payments(user: Any, agreement: Agreement) -> bool:
    """Staff change how an agreement is paid while it may still be varied (the service also refuses once payments
    have started)."""
    return agreement.status in VARIABLE_STATUSES and may(user, "agreement.plan_payments", agreement)


def may_record_invoice(user: Any, agreement: Agreement) -> bool:
    return agreement.status in PAYABLE_STATUSES and may(user, "invoice.record", agreement)


def invoice_moves(user: Any, invoice: Invoice) -> list[MoveOption]:
    """The approve and reject buttons of an invoice's page (paying has its own page): the moves the person may
    make now."""
    return [
        option
        for option in allowed_moves(invoice, user)
        if option.allowed and option.to != InvoiceStatus.PAID
    ]


def may_pay_invoice(user: Any, invoice: Invoice) -> bool:
    return any(option.to == InvoiceStatus.PAID and option.allowed for option in allowed_moves(invoice, user))


@dataclass(frozen=True)
class AgreementActions:
    """What a member of staff may do from an agreement's page now: the buttons it shows."""

    moves: list[MoveOption]
    may_vary: bool
    may_pay: bool
    may_plan_payments: bool = False
    may_record_invoice: bool = False

    def move(self, to: str) -> MoveOption | None:
        return next((option for option in self.moves if option.to == to), None)


def agreement_actions(user: Any, agreement: Agreement) -> AgreementActions:
    moves = [
        option for option in allowed_moves(agreement, user) if option.allowed and option.to in STAFF_MOVES
    ]
    return AgreementActions(
        moves=moves,
        may_vary=may_vary(user, agreement),
        may_pay=may_pay(user, agreement),
        may_plan_payments=may_plan_payments(user, agreement),
        may_record_invoice=may_record_invoice(user, agreement),
    )
