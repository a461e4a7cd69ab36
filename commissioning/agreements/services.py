"""Writes for agreements: creating one with its money committed (a funding line per fund and financial year), the
offer and its answer (the agreement's Acceptance), its payment plan, the payment schedule, invoices, payments,
variations and the end of an agreement.

Every function asks the permission table (`require`, or the workflow primitive for a move) and runs in one
transaction with its audit events; a refusal (a DomainError) rolls back everything the function did, including
money committed along the way. Moves between statuses go through `audit.workflow.transition` (the agreement's
workflow is in workflows.py). What the spokes do when an agreement starts or ends, they register in hooks.py.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id, person_or_none
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.formats import govuk_date
from commissioning.core.links import absolute_url
from commissioning.core.money import amount_of_money, pounds
from commissioning.core.selectors import commissioning_body
from commissioning.core.services import reference_next
from commissioning.finance import years
from commissioning.finance.models import Commitment, Fund, FundPurpose
from commissioning.finance.rules import RuleFacts, duration_in_months, rules_breaches
from commissioning.finance.selectors import (
    allocation_of,
    paid_on_commitment,
    purposes_committed,
    rules_for,
)
from commissioning.finance.services import (
    commitment_create,
    commitment_reduce,
    commitment_release,
    financial_year,
    payment_record,
)
from commissioning.governance.selectors import may_decide
from commissioning.organisations.models import Organisation, OrganisationMembership

from .hooks import agreement_ended, agreement_started, value_varied
from .models import (
    INVOICED_KINDS,
    PAYABLE_STATUSES,
    VARIABLE_STATUSES,
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementStatus,
    FundingLine,
    Instalment,
    Invoice,
    InvoicePayment,
    InvoiceStatus,
    Mechanism,
    PaymentPlan,
    PaymentPlanKind,
    Variation,
)
from .selectors import payment_plan_default, payment_plan_of, payments_started
from .workflows import STATE_WORDS

PENNY = Decimal("0.01")
COMMITMENT_SOURCE = "agreements.agreement"
MECHANISM_CODES = {
    Mechanism.GRANT: "GRANT",
    Mechanism.CONTRACT: "CON",
    Mechanism.ACCREDITATION: "AQP",
    Mechanism.PARTNERSHIP: "PART",
}


# --- Money -------------------------------------------------------------------------------------------------------


def _money(value: Any, *, field: str, what: str) -> Decimal:
    amount = amount_of_money(value, what=what, field=field)
    if amount < 0:
        raise DomainError(f"{what} must be £0 or more", field=field)
    return amount


def funding_plan(*, value: Decimal, starts_on: date, ends_on: date) -> list[tuple[int, Decimal]]:
    """The value apportioned across the financial years the agreement spans, by days in each, as
    (start year, amount) pairs, oldest first. Shares are rounded down to the penny and the last year takes the
    pennies, so the amounts always add up to the value exactly. Years whose share is nothing are left out."""
    if ends_on < starts_on:
        raise DomainError("The end date must be the same as or after the start date", field="ends_on")
    value = Decimal(value).quantize(PENNY)
    total_days = (ends_on - starts_on).days + 1
    first, last = years.start_year_of(starts_on), years.start_year_of(ends_on)
    plan: list[tuple[int, Decimal]] = []
    given = Decimal(0)
    for start_year in range(first, last + 1):
        if start_year == last:
            share = value - given
        else:
            days = (
                min(ends_on, years.ends_on(start_year)) - max(starts_on, years.starts_on(start_year))
            ).days + 1
            share = (value * days / total_days).quantize(PENNY, rounding=ROUND_DOWN)
        given += share
        if share > 0:
            plan.append((start_year, share))
    return plan


def _the(fund: Fund) -> str:
    return fund.name if fund.name.lower().startswith("the ") else f"the {fund.name}"


def _commit_plan(
    *,
    by: Actor,
    agreement: Agreement,
    plan: list[tuple[int, Decimal]],
    rule_facts: RuleFacts | None,
) -> list[Commitment]:
    """The lead fund's money for each financial year of the plan: one funding line (and its commitment) a year."""
    fund = agreement.fund
    if fund is None or not plan:
        return []
    return [
        _commit_line(
            by=by, agreement=agreement, fund=fund, start_year=start_year, amount=amount, rule_facts=rule_facts
        ).commitment
        for start_year, amount in plan
    ]


def _commit_line(
    *,
    by: Actor,
    agreement: Agreement,
    fund: Fund,
    start_year: int,
    amount: Decimal,
    rule_facts: RuleFacts | None,
) -> FundingLine:
    """One fund's share of the agreement in one financial year: committed from that fund's allocation for the
    year (refused if it would over-commit it, or breaks the fund's rules), and recorded as a funding line."""
    allocation = allocation_of(fund, financial_year(start_year))
    if allocation is None:
        raise DomainError(
            f"There is no {years.label_of(start_year)} allocation for {_the(fund)} yet", field="value"
        )
    commitment = commitment_create(
        by=by,
        allocation=allocation,
        amount=amount,
        description=f"{agreement.reference} {agreement.title}",
        source_type=COMMITMENT_SOURCE,
        source_id=str(agreement.pk),
        rule_facts=rule_facts,
    )
    return FundingLine.objects.create(
        agreement=agreement,
        fund=fund,
        financial_year=allocation.financial_year,
        amount=commitment.amount,
        commitment=commitment,
    )


@dataclasses.dataclass(frozen=True)
class FundShare:
    """One fund's share of an agreement's value; the services split it across the financial years it spans."""

    fund: Fund
    amount: Decimal


def _fund_shares(
    *, fund: Fund | None, funding: Sequence[FundShare | tuple[Fund, Any]] | None, value: Decimal
) -> list[FundShare]:
    """The funds an agreement draws on, each with its share, checked: every fund once, every share more than £0,
    and the shares adding up to the value exactly. Without `funding`, the one fund takes the whole value."""
    if funding is None:
        return [FundShare(fund, value)] if fund is not None and value > 0 else []
    shares = [share if isinstance(share, FundShare) else FundShare(*share) for share in funding]
    seen: set[int] = set()
    checked = []
    for share in shares:
        if share.fund.pk in seen:
            raise DomainError(f"Name {_the(share.fund)} once, with its whole share", field="funding")
        seen.add(share.fund.pk)
        amount = _money(share.amount, field="funding", what=f"The share from {_the(share.fund)}")
        if amount <= 0:
            raise DomainError(f"The share from {_the(share.fund)} must be more than £0", field="funding")
        checked.append(FundShare(share.fund, amount))
    total = sum((share.amount for share in checked), Decimal(0))
    if checked and total != value:
        raise DomainError(
            f"The funds' shares add up to {pounds(total)}, but the value is {pounds(value)}", field="funding"
        )
    if fund is not None and checked and fund.pk != checked[0].fund.pk:
        raise DomainError("The lead fund must be the first fund the agreement draws on", field="funding")
    return checked


def _commit_shares(
    *,
    by: Actor,
    agreement: Agreement,
    shares: list[FundShare],
    rule_facts: RuleFacts | None,
) -> list[FundingLine]:
    """A funding line for each fund's share in each financial year the agreement spans, apportioned by days.
    Each fund's rules are judged against its own share (one fund's share is the whole value)."""
    lines = []
    for share in shares:
        facts = rule_facts
        if facts is not None and (facts.amount is None or len(shares) > 1):
            facts = dataclasses.replace(facts, amount=share.amount)
        for start_year, amount in funding_plan(
            value=share.amount, starts_on=agreement.starts_on, ends_on=agreement.ends_on
        ):
            lines.append(
                _commit_line(
                    by=by,
                    agreement=agreement,
                    fund=share.fund,
                    start_year=start_year,
                    amount=amount,
                    rule_facts=facts,
                )
            )
    return lines


def _release_funding(*, by: Actor, agreement: Agreement) -> None:
    """Give back to the allocations whatever of the agreement's money has not been paid."""
    for funding in agreement.funding.select_related("commitment__allocation").order_by("pk"):
        if funding.commitment.status == Commitment.Status.ACTIVE:
            commitment_release(by=by, commitment=funding.commitment)


def funding_shares_for(agreement: Agreement, value: Decimal) -> list[FundShare]:
    """A new value shared across the funds the agreement draws on now, in proportion to what each still commits
    (rounded down to the penny; the lead fund takes the pennies): what re-planning a multi-fund agreement's money
    commits again, so a pooled agreement stays pooled. An agreement committing nothing draws it all from its lead
    fund."""
    held: dict[int, tuple[Fund, Decimal]] = {}
    for line in agreement.funding.select_related("fund", "commitment").order_by("pk"):
        if line.commitment.status == Commitment.Status.ACTIVE:
            fund, amount = held.get(line.fund_id, (line.fund, Decimal(0)))
            held[line.fund_id] = (fund, amount + line.commitment.committed_amount)
    total = sum((amount for _, amount in held.values()), Decimal(0))
    if total <= 0:
        return [FundShare(agreement.fund, value)] if agreement.fund is not None and value > 0 else []
    shares = [
        FundShare(fund, (value * amount / total).quantize(PENNY, rounding=ROUND_DOWN))
        for fund, amount in held.values()
    ]
    lead = next((i for i, share in enumerate(shares) if share.fund.pk == agreement.fund_id), 0)
    pennies = value - sum((share.amount for share in shares), Decimal(0))
    shares[lead] = FundShare(shares[lead].fund, shares[lead].amount + pennies)
    return [share for share in shares if share.amount > 0]


# --- Creating an agreement ---------------------------------------------------------------------------------------


def reference_scope(code: str) -> str:
    """The core reference counter's scope for agreements with this mechanism code."""
    return f"agreement:{code}"


def _next_reference(mechanism: str, on: date) -> str:
    """The next "<MECHANISM CODE>-<year>-<NNNN>", numbered under a lock so two agreements never share one."""
    code = MECHANISM_CODES[Mechanism(mechanism)]
    number = reference_next(reference_scope(code), on.year)
    return f"{code}-{on.year}-{number:04d}"


def _record(agreement: Agreement) -> dict[str, Any]:
    """An agreement as the audit trail keeps it: its own fields and the priorities it delivers."""
    values = snapshot(agreement)
    values["priorities"] = sorted(agreement.priorities.values_list("pk", flat=True))
    return values


@transaction.atomic
def agreement_create(
    *,
    by: Actor,
    mechanism: str,
    title: str,
    purpose: str,
    organisation: Organisation,
    fund: Fund | None,
    priorities: Iterable[Any],
    funding: Sequence[FundShare | tuple[Fund, Any]] | None = None,
    value: Decimal,
    starts_on: date,
    ends_on: date,
    conditions: str = "",
    parties: Iterable[Organisation | tuple[Organisation, str]] = (),
    source_type: str = "",
    source_id: str = "",
    reference: str | None = None,
    rule_facts: RuleFacts | None = None,
    status: str = AgreementStatus.DRAFT,
) -> Agreement:
    """Create an agreement with its lead party and commit its money: a funding line (and its commitment) for each
    fund it draws on in each financial year of the funding plan. Any refusal — over-commitment of a year, a broken
    fund rule, a year without an allocation — rolls everything back and reaches the caller as the DomainError.

    `fund` alone draws the whole value from one fund. `funding` (pairs of fund and amount, or FundShare) draws on
    several, pooled or multi-fund: the shares must add up to the value, and the first is the lead fund
    (`Agreement.fund`). Its payment plan is its mechanism's default in effect today (`payment_plan_change` to
    change it before payments start).

    `status` may be DRAFT (to be offered with `agreement_offer`) or ACTIVE (already signed: the payment schedule
    is made at once and the spokes are told it has started). `parties` are further organisations, each bare (a
    provider) or with an AgreementParty role.
    """
    if funding is not None and fund is None and funding:
        first = funding[0]
        fund = first.fund if isinstance(first, FundShare) else first[0]
    # Asked of the agreement to be made: a partner runs only the funds their organisation administers (and each
    # further fund's commitment asks again of that fund).
    require(by, "agreement.create", Agreement(fund=fund, organisation=organisation))
    if mechanism not in Mechanism.values:
        raise DomainError("Select how the agreement was made", field="mechanism")
    if status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise DomainError("A new agreement starts as a draft or as active", field="status")
    title = (title or "").strip()
    purpose = (purpose or "").strip()
    if not title:
        raise DomainError("Enter a title for the agreement", field="title")
    if not purpose:
        raise DomainError("Enter what the agreement is for", field="purpose")
    value = _money(value, field="value", what="The value")
    funding_plan(value=value, starts_on=starts_on, ends_on=ends_on)  # refuses an end before the start
    shares = _fund_shares(fund=fund, funding=funding, value=value)
    priorities = list(priorities)

    if reference:
        reference = reference.strip()
        if Agreement.objects.filter(reference=reference).exists():
            raise DomainError(
                f"There is already an agreement with the reference {reference}", field="reference"
            )
    else:
        reference = _next_reference(mechanism, timezone.localdate())

    agreement = Agreement.objects.create(
        reference=reference,
        mechanism=mechanism,
        title=title[:250],
        purpose=purpose,
        organisation=organisation,
        fund=fund,
        value=value,
        starts_on=starts_on,
        ends_on=ends_on,
        conditions=(conditions or "").strip(),
        source_type=source_type,
        source_id=str(source_id),
        created_by_id=acting_person_id(by),
    )
    agreement.priorities.set(priorities)
    AgreementParty.objects.create(
        agreement=agreement, organisation=organisation, role=AgreementParty.Role.LEAD
    )
    for party in parties:
        other, role = party if isinstance(party, tuple) else (party, AgreementParty.Role.PROVIDER)
        if other.pk != organisation.pk:
            AgreementParty.objects.get_or_create(
                agreement=agreement, organisation=other, defaults={"role": role}
            )
    audit_record(by=by, action="create", instance=agreement, after=_record(agreement))
    _payment_plan_create(by=by, agreement=agreement)

    # A fund's award limits apply to its whole share, not to each year's part of it.
    _commit_shares(by=by, agreement=agreement, shares=shares, rule_facts=rule_facts)

    if status == AgreementStatus.ACTIVE:
        transition(
            by=by, record=agreement, to=AgreementStatus.ACTIVE, reason="Agreed when recorded", verb="agree"
        )
        _instalments_create(by=by, agreement=agreement)
        agreement_started(agreement, by)
    return agreement


# --- Moving between statuses -------------------------------------------------------------------------------------


def _locked(agreement: Agreement) -> Agreement:
    """The agreement's row, locked for the rest of the transaction and read afresh."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _save(*, by: Actor, agreement: Agreement, fields: list[str], action: str = "update") -> None:
    before = snapshot(Agreement.objects.get(pk=agreement.pk))
    agreement.save(update_fields=fields)
    audit_record(by=by, action=action, instance=agreement, before=before, after=snapshot(agreement))


def _offer_url(agreement: Agreement) -> str:
    return absolute_url("my-agreements:offer", agreement.pk)


def _email_offer(agreement: Agreement) -> None:
    recipients = list(
        OrganisationMembership.objects.filter(
            organisation=agreement.organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    body = commissioning_body()
    subject = f"{body.name}: an offer of {pounds(agreement.value)} ({agreement.reference})"
    message = (
        f"{body.name} has offered {agreement.organisation.name} {pounds(agreement.value)} for "
        f"{agreement.title}.\n\n"
        f"Reference: {agreement.reference}\n"
        f"Please read the offer and its conditions, then accept or decline it by "
        f"{govuk_date(agreement.acceptance.respond_by)}:\n{_offer_url(agreement)}\n"  # type: ignore[arg-type]
    )
    send_mail(subject, message, None, recipients)


@transaction.atomic
def agreement_offer(*, by: Actor, agreement: Agreement, respond_by: date) -> Agreement:
    """Offer a draft agreement to its lead organisation, to be answered by `respond_by` (its Acceptance records
    the offer); the organisation's people are emailed once the offer is saved."""
    agreement = _locked(agreement)
    today = timezone.localdate()
    if respond_by is None or respond_by <= today:
        raise DomainError("The date to respond by must be in the future", field="respond_by")
    transition(by=by, record=agreement, to=AgreementStatus.OFFERED)
    _acceptance_write(by=by, agreement=agreement, offered_on=today, respond_by=respond_by)
    transaction.on_commit(
        lambda: _email_offer(
            Agreement.objects.select_related("organisation", "acceptance").get(pk=agreement.pk)
        )
    )
    return agreement


def _acceptance_write(*, by: Actor, agreement: Agreement, **fields: Any) -> Acceptance:
    """Record the offer, or its answer, on the agreement's one Acceptance (made with the offer, or with the answer
    of an agreement recorded as already agreed), with its audit event."""
    acceptance = Acceptance.objects.select_for_update().filter(agreement=agreement).first()
    if acceptance is None:
        acceptance = Acceptance.objects.create(agreement=agreement, **fields)
        audit_record(by=by, action="create", instance=acceptance, after=snapshot(acceptance))
        return acceptance
    before = snapshot(acceptance)
    for name, value in fields.items():
        setattr(acceptance, name, value)
    acceptance.save(update_fields=list(fields))
    audit_record(by=by, action="update", instance=acceptance, before=before, after=snapshot(acceptance))
    return acceptance


def _answer_checks(*, by: Actor, agreement: Agreement, name: str, role: str, verb: str) -> tuple[str, str]:
    """Only an offer can be answered (a draft may become active without one, but not by the provider), and only
    by people of the lead organisation."""
    status = AgreementStatus(agreement.status)
    if status != AgreementStatus.OFFERED:
        raise InvalidTransition(f"This agreement {STATE_WORDS[status]}, so it cannot be {verb}")
    require(by, "agreement.answer_offer", agreement)
    name, role = (name or "").strip(), (role or "").strip()
    if not name:
        raise DomainError("Enter your full name", field="name")
    if not role:
        raise DomainError("Enter your role or job title", field="role")
    return name[:200], role[:200]


@transaction.atomic
def offer_accept(*, by: Actor, agreement: Agreement, name: str, role: str) -> Agreement:
    """The lead organisation accepts the offer before its respond-by date: the agreement becomes active and its
    payment schedule is made."""
    agreement = _locked(agreement)
    name, role = _answer_checks(by=by, agreement=agreement, name=name, role=role, verb="accepted")
    today = timezone.localdate()
    respond_by = Acceptance.objects.filter(agreement=agreement).values_list("respond_by", flat=True).first()
    if respond_by and today > respond_by:
        raise DomainError(
            f"This offer had to be accepted by {govuk_date(respond_by)}. "
            f"Contact {commissioning_body().name} if you still want the funding"
        )
    transition(by=by, record=agreement, to=AgreementStatus.ACTIVE, reason=f"Accepted by {name}, {role}")
    _acceptance_write(
        by=by, agreement=agreement, name=name, role=role, answered_on=today, answered_by=person_or_none(by)
    )
    _instalments_create(by=by, agreement=agreement)
    agreement_started(agreement, by)
    return agreement


@transaction.atomic
def offer_decline(*, by: Actor, agreement: Agreement, name: str, role: str, reason: str) -> Agreement:
    """The lead organisation declines the offer; the money committed goes back to the allocations."""
    agreement = _locked(agreement)
    name, role = _answer_checks(by=by, agreement=agreement, name=name, role=role, verb="declined")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why you are declining the offer", field="reason")
    transition(by=by, record=agreement, to=AgreementStatus.DECLINED, reason=reason)
    _acceptance_write(
        by=by,
        agreement=agreement,
        name=name,
        role=role,
        answered_on=timezone.localdate(),
        answered_by=person_or_none(by),
        decline_reason=reason,
    )
    _release_funding(by=by, agreement=agreement)
    return agreement


def _reason(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(f"Enter why the agreement is being {what}", field="reason")
    return reason


@transaction.atomic
def offer_withdraw(*, by: Actor, agreement: Agreement, reason: str) -> Agreement:
    """Staff withdraw a draft or an offer (for example, one not answered in time); the money goes back."""
    agreement = _locked(agreement)
    reason = _reason(reason, what="withdrawn")
    transition(by=by, record=agreement, to=AgreementStatus.WITHDRAWN, reason=reason)
    _release_funding(by=by, agreement=agreement)
    return agreement


@transaction.atomic
def agreement_end(*, by: Actor, agreement: Agreement, reason: str) -> Agreement:
    """An active agreement has run its course, for the reason given. Its commitments stay, so instalments still
    due can be paid."""
    agreement = _locked(agreement)
    reason = _reason(reason, what="ended")
    transition(by=by, record=agreement, to=AgreementStatus.ENDED, reason=reason)
    agreement_ended(agreement, by)
    return agreement


@transaction.atomic
def agreement_terminate(*, by: Actor, agreement: Agreement, reason: str) -> Agreement:
    """End an active agreement early, for the reason given; whatever has not been paid goes back to the
    allocations."""
    agreement = _locked(agreement)
    reason = _reason(reason, what="ended early")
    transition(by=by, record=agreement, to=AgreementStatus.TERMINATED, reason=reason)
    _release_funding(by=by, agreement=agreement)
    agreement_ended(agreement, by)
    return agreement


# --- The payment schedule and payments ---------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def schedule_dates(agreement: Agreement, plan: PaymentPlan | None = None) -> list[date]:
    """When instalments fall due under a plan paid in advance (the agreement's own plan by default): the start
    date alone below the plan's single-payment value, else every `interval_months` in advance from the start date
    while the agreement runs (the grant default: one payment below £10,000, else every three months)."""
    plan = plan or payment_plan_of(agreement)
    if plan.single_payment_below is not None and agreement.value < plan.single_payment_below:
        return [agreement.starts_on]
    dates, step = [], 0
    while (due := _add_months(agreement.starts_on, plan.interval_months * step)) <= agreement.ends_on:
        dates.append(due)
        step += 1
    return dates


def _split(amount: Decimal, parts: int) -> list[Decimal]:
    """Equal shares rounded down to the penny; the last share takes the pennies."""
    share = (amount / parts).quantize(PENNY, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


@transaction.atomic
def instalments_create(*, by: Actor, agreement: Agreement) -> list[Instalment]:
    """Make the payment schedule of an agreement that has none (see `_instalments_create`)."""
    require(by, "agreement.manage", agreement)
    return _instalments_create(by=by, agreement=agreement)


def _instalments_create(*, by: Actor, agreement: Agreement) -> list[Instalment]:
    """The payment schedule, made when the agreement starts (as part of the move that starts it), for a plan paid
    in advance by instalment; a plan paid against invoices or from contributions has none. Each instalment is paid
    from the commitment of one funding line — a fund's share in the financial year it falls in — and the
    instalments of a line add up exactly to its commitment (so to the value, overall). A year with money but no
    due date in it gets one instalment on its first day (or the start date)."""
    if agreement.instalments.exists():
        raise DomainError("This agreement already has a payment schedule")
    plan = payment_plan_of(agreement)
    if plan.kind != PaymentPlanKind.IN_ADVANCE:
        return []
    lines_by_year: dict[int, list[FundingLine]] = {}
    for line in agreement.funding.select_related("commitment", "financial_year").order_by("pk"):
        if line.commitment.status == Commitment.Status.ACTIVE:
            lines_by_year.setdefault(line.financial_year.start_year, []).append(line)
    due_by_year: dict[int, list[date]] = {start_year: [] for start_year in lines_by_year}
    for due in schedule_dates(agreement, plan):
        start_year = years.start_year_of(due)
        if start_year in due_by_year:
            due_by_year[start_year].append(due)
    rows = []
    for start_year in sorted(lines_by_year):
        dates = due_by_year[start_year] or [max(agreement.starts_on, years.starts_on(start_year))]
        for order, line in enumerate(lines_by_year[start_year]):
            for due, amount in zip(dates, _split(line.commitment.amount, len(dates)), strict=True):
                if amount > 0:
                    rows.append((due, order, amount, line.commitment))
    instalments = []
    for number, (due, _order, amount, commitment) in enumerate(
        sorted(rows, key=lambda row: (row[0], row[1])), start=1
    ):
        instalment = Instalment.objects.create(
            agreement=agreement, number=number, due_on=due, amount=amount, commitment=commitment
        )
        audit_record(by=by, action="create", instance=instalment, after=snapshot(instalment))
        instalments.append(instalment)
    return instalments


@transaction.atomic
def instalment_pay(*, by: Actor, instalment: Instalment, paid_on: date, reference: str) -> Instalment:
    """Record that an instalment has been paid: the finance Payment against its commitment, linked to it. Only the
    Chief Finance Officer or an administrator may."""
    require(by, "agreement.pay", instalment.agreement)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    agreement = Agreement.objects.get(pk=instalment.agreement_id)
    if instalment.payment_id is not None:
        raise DomainError(f"Instalment {instalment.number} has already been paid")
    _refuse_unless_payable(agreement)
    _check_paid_on(paid_on, what="the instalment")
    before = snapshot(instalment)
    payment = payment_record(
        by=by,
        commitment=instalment.commitment,
        amount=instalment.amount,
        paid_on=paid_on,
        reference=reference,
    )
    instalment.payment = payment
    instalment.save(update_fields=["payment"])
    audit_record(by=by, action="pay", instance=instalment, before=before, after=snapshot(instalment))
    return instalment


def _refuse_unless_payable(agreement: Agreement) -> None:
    if agreement.status not in PAYABLE_STATUSES:
        raise DomainError(
            f"This agreement {STATE_WORDS[AgreementStatus(agreement.status)]}, so no payments can be made under it"
        )


def _check_paid_on(paid_on: date | None, *, what: str) -> None:
    if paid_on is None:
        raise DomainError(f"Enter the date {what} was paid", field="paid_on")
    if paid_on > timezone.localdate():
        raise DomainError("The date paid must be today or in the past", field="paid_on")


# --- The payment plan --------------------------------------------------------------------------------------------


def _payment_plan_create(*, by: Actor, agreement: Agreement) -> PaymentPlan:
    """The new agreement's plan: its mechanism's default in effect today, or paid in advance by instalment, every
    three months, if the body has set no default for the mechanism."""
    default = payment_plan_default(agreement.mechanism, on=timezone.localdate())
    plan = PaymentPlan.objects.create(
        agreement=agreement,
        kind=default.kind if default else PaymentPlanKind.IN_ADVANCE,
        interval_months=default.interval_months if default else 3,
        single_payment_below=default.single_payment_below if default else None,
    )
    audit_record(by=by, action="create", instance=plan, after=snapshot(plan))
    return plan


@transaction.atomic
def payment_plan_change(
    *,
    by: Actor,
    agreement: Agreement,
    kind: str,
    interval_months: int,
    single_payment_below: Decimal | None = None,
    unit: str = "",
    unit_price: Decimal | None = None,
) -> PaymentPlan:
    """Change how an agreement is paid, before any payment is made or invoice recorded under it. An agreement
    already running has its unpaid schedule made again for the new plan (none, if it is now paid against
    invoices or from contributions)."""
    agreement = _locked(agreement)
    require(by, "agreement.plan_payments", agreement)
    if kind not in PaymentPlanKind.values:
        raise DomainError("Select how the agreement is paid", field="kind")
    if interval_months is None or not 1 <= int(interval_months) <= 12:
        raise DomainError(
            "The months between payments must be a whole number from 1 to 12", field="interval_months"
        )
    if single_payment_below is not None:
        single_payment_below = _money(
            single_payment_below, field="single_payment_below", what="The single-payment value"
        )
    unit = (unit or "").strip()
    if kind == PaymentPlanKind.PER_UNIT:
        if not unit:
            raise DomainError("Enter what one unit is, like a counselling session", field="unit")
        if unit_price is None:
            raise DomainError("Enter the price of one unit", field="unit_price")
        unit_price = _money(unit_price, field="unit_price", what="The price of one unit")
        if unit_price <= 0:
            raise DomainError("The price of one unit must be more than £0", field="unit_price")
    else:
        unit, unit_price = "", None
    if kind != PaymentPlanKind.IN_ADVANCE:
        single_payment_below = None
    status = AgreementStatus(agreement.status)
    if status not in VARIABLE_STATUSES:
        raise InvalidTransition(f"This agreement {STATE_WORDS[status]}, so how it is paid cannot be changed")
    if payments_started(agreement):
        raise DomainError("Payments have started under this agreement, so how it is paid cannot be changed")
    plan = PaymentPlan.objects.select_for_update().get(agreement=agreement)
    changes = {
        "kind": kind,
        "interval_months": int(interval_months),
        "single_payment_below": single_payment_below,
        "unit": unit[:100],
        "unit_price": unit_price,
    }
    if all(getattr(plan, name) == value for name, value in changes.items()):
        raise DomainError("Change how the agreement is paid, or go back")
    before = snapshot(plan)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.save(update_fields=list(changes))
    audit_record(by=by, action="update", instance=plan, before=before, after=snapshot(plan))
    if status == AgreementStatus.ACTIVE:
        for instalment in agreement.instalments.order_by("number"):
            audit_record(by=by, action="delete", instance=instalment, before=snapshot(instalment))
            instalment.delete()
        _instalments_create(by=by, agreement=agreement)
    return plan


# --- Invoices: paid in arrears -----------------------------------------------------------------------------------


def _year_lines(agreement: Agreement, start_year: int) -> list[tuple[Commitment, Decimal]]:
    """The active commitments of the agreement's funding lines in a financial year, each with what it still has to
    pay, in line order."""
    lines = (
        FundingLine.objects.filter(
            agreement=agreement,
            financial_year__start_year=start_year,
            commitment__status=Commitment.Status.ACTIVE,
        )
        .select_related("commitment__allocation")
        .order_by("pk")
    )
    return [(line.commitment, line.commitment.amount - paid_on_commitment(line.commitment)) for line in lines]


def _shares_of(amount: Decimal, unpaid: list[tuple[Commitment, Decimal]]) -> list[tuple[Commitment, Decimal]]:
    """`amount` split over the commitments in proportion to what each still has to pay, to the penny, never more
    than a commitment has left; the pennies left by rounding go to the first with room."""
    total = sum((left for _, left in unpaid), Decimal(0))
    open_lines = [(commitment, left) for commitment, left in unpaid if left > 0]
    if total <= 0 or not open_lines:
        return []
    given = [
        min(left, (amount * left / total).quantize(PENNY, rounding=ROUND_DOWN)) for _, left in open_lines
    ]
    remainder = amount - sum(given, Decimal(0))
    for index, (_, left) in enumerate(open_lines):
        room = min(left - given[index], remainder)
        given[index] += room
        remainder -= room
    return [
        (commitment, share) for (commitment, _), share in zip(open_lines, given, strict=True) if share > 0
    ]


def invoice_room(agreement: Agreement, start_year: int, *, leaving_out: Invoice | None = None) -> Decimal:
    """What invoices for work in a financial year may still ask for: what the year's commitments have left to pay,
    less the invoices for that year already received or approved and not yet paid."""
    unpaid = sum((left for _, left in _year_lines(agreement, start_year)), Decimal(0))
    waiting = agreement.invoices.filter(
        status__in=[InvoiceStatus.RECEIVED, InvoiceStatus.APPROVED],
        period_end__gte=years.starts_on(start_year),
        period_end__lte=years.ends_on(start_year),
    )
    if leaving_out is not None:
        waiting = waiting.exclude(pk=leaving_out.pk)
    return unpaid - sum(waiting.values_list("amount", flat=True), Decimal(0))


@transaction.atomic
def invoice_record(
    *,
    by: Actor,
    agreement: Agreement,
    reference: str,
    period_start: date,
    period_end: date,
    received_on: date,
    amount: Decimal | None = None,
    units: Decimal | None = None,
) -> Invoice:
    """Record a provider's invoice for work delivered in a period, under an agreement paid in arrears against
    invoices (the amount invoiced) or per unit delivered (the units, at the plan's unit price). It waits for
    approval; it is paid from the commitments of the financial year its period ends in, and may not ask for more
    than they have left to pay."""
    agreement = _locked(agreement)
    require(by, "invoice.record", agreement)
    plan = payment_plan_of(agreement)
    if not plan.is_invoiced:
        raise DomainError(
            f"This agreement is paid {plan.get_kind_display().lower()}, so invoices are not recorded against it"
        )
    _refuse_unless_payable(agreement)
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("Enter the invoice number", field="reference")
    if period_start is None:
        raise DomainError("Enter the first day of the period invoiced for", field="period_start")
    if period_end is None:
        raise DomainError("Enter the last day of the period invoiced for", field="period_end")
    if received_on is None:
        raise DomainError("Enter the date the invoice was received", field="received_on")
    if period_end < period_start:
        raise DomainError("The period must end on or after the day it starts", field="period_end")
    if period_start < agreement.starts_on or period_end > agreement.ends_on:
        raise DomainError(
            f"The period must be within the agreement, {govuk_date(agreement.starts_on)} to "
            f"{govuk_date(agreement.ends_on)}",
            field="period_start",
        )
    if received_on > timezone.localdate():
        raise DomainError("The date received must be today or in the past", field="received_on")
    if received_on < period_end:
        raise DomainError(
            "An invoice is paid in arrears: it must be received after the period it is for has ended",
            field="received_on",
        )
    if plan.kind == PaymentPlanKind.PER_UNIT:
        if units is None:
            raise DomainError("Enter the number of units delivered", field="units")
        units = _money(units, field="units", what="The number of units")
        if units <= 0 or plan.unit_price is None:
            raise DomainError("The number of units must be more than 0", field="units")
        amount = (units * plan.unit_price).quantize(PENNY)
    else:
        units = None
        if amount is None:
            raise DomainError("Enter the amount invoiced", field="amount")
        amount = _money(amount, field="amount", what="The amount invoiced")
    if amount <= 0:
        raise DomainError("The amount invoiced must be more than £0", field="amount")
    start_year = years.start_year_of(period_end)
    room = invoice_room(agreement, start_year)
    if amount > room:
        raise DomainError(
            f"This invoice is for {pounds(amount)} but only {pounds(max(room, Decimal(0)))} of the agreement's "
            f"money for {years.label_of(start_year)} is left to invoice",
            field="units" if plan.kind == PaymentPlanKind.PER_UNIT else "amount",
        )
    number = (agreement.invoices.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    invoice = Invoice.objects.create(
        agreement=agreement,
        number=number,
        reference=reference[:100],
        period_start=period_start,
        period_end=period_end,
        units=units,
        amount=amount,
        received_on=received_on,
        recorded_by_id=acting_person_id(by),
    )
    audit_record(by=by, action="create", instance=invoice, after=snapshot(invoice))
    return invoice


def _locked_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


@transaction.atomic
def invoice_approve(*, by: Actor, invoice: Invoice) -> Invoice:
    """Approve an invoice for payment; it must still fit within what the year's commitments have left to pay."""
    invoice = _locked_invoice(invoice)
    agreement = _locked(invoice.agreement)
    if invoice.status == InvoiceStatus.RECEIVED:
        start_year = years.start_year_of(invoice.period_end)
        room = invoice_room(agreement, start_year, leaving_out=invoice)
        if invoice.amount > room:
            raise DomainError(
                f"This invoice is for {pounds(invoice.amount)} but only {pounds(max(room, Decimal(0)))} of the "
                f"agreement's money for {years.label_of(start_year)} is left to pay"
            )
    transition(by=by, record=invoice, to=InvoiceStatus.APPROVED)
    return invoice


@transaction.atomic
def invoice_reject(*, by: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Reject an invoice that is not paid, with the reason (the provider may send a corrected one)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the invoice is rejected", field="reason")
    invoice = _locked_invoice(invoice)
    transition(by=by, record=invoice, to=InvoiceStatus.REJECTED, reason=reason)
    return invoice


@transaction.atomic
def invoice_pay(*, by: Actor, invoice: Invoice, paid_on: date, reference: str) -> Invoice:
    """Pay an approved invoice: finance Payments against the commitments of the year its period ends in (one per
    fund's line, in proportion to what each has left), linked to it. An invoice not yet approved is refused:
    nothing under a plan paid in arrears is paid before its invoice is approved."""
    require(by, "invoice.pay", invoice)
    invoice = _locked_invoice(invoice)
    agreement = _locked(invoice.agreement)
    _refuse_unless_payable(agreement)
    _check_paid_on(paid_on, what="the invoice")
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("Enter the payment reference", field="reference")
    transition(
        by=by,
        record=invoice,
        to=InvoiceStatus.PAID,
        changes={"paid_on": paid_on, "payment_reference": reference[:100]},
    )
    shares = _shares_of(invoice.amount, _year_lines(agreement, years.start_year_of(invoice.period_end)))
    if sum((amount for _, amount in shares), Decimal(0)) != invoice.amount:
        raise DomainError(
            f"The agreement's money for {years.label_of(years.start_year_of(invoice.period_end))} has not "
            f"{pounds(invoice.amount)} left to pay"
        )
    for commitment, amount in shares:
        payment = payment_record(
            by=by, commitment=commitment, amount=amount, paid_on=paid_on, reference=reference
        )
        InvoicePayment.objects.create(invoice=invoice, payment=payment)
    return invoice


# --- Variations --------------------------------------------------------------------------------------------------


def _terms(agreement: Agreement) -> dict[str, Any]:
    return {
        "value": str(agreement.value),
        "ends_on": agreement.ends_on.isoformat(),
        "conditions": agreement.conditions,
    }


def _purpose_of(agreement: Agreement) -> FundPurpose | None:
    """The fund purpose the agreement's money serves: the one its commitments name (None when they name none)."""
    purposes = purposes_committed(source_type=COMMITMENT_SOURCE, source_id=str(agreement.pk))
    return purposes[0] if purposes else None


_RULE_FIELDS = {"min_award": "value", "max_award": "value", "max_duration": "ends_on"}


def _check_fund_rules(*, agreement: Agreement, facts: RuleFacts, on: date) -> None:
    """The fund's rules in effect on `on`, checked again against the varied terms; the first broken is named."""
    if agreement.fund is None:
        return
    rules = rules_for(agreement.fund, on=on, fresh=True)
    if rules is None:
        return
    breaches = rules_breaches(rules, **dataclasses.asdict(facts))
    if breaches:
        raise DomainError(breaches[0].message, field=_RULE_FIELDS.get(breaches[0].rule))


def _reduce_funding(*, by: Actor, agreement: Agreement, by_amount: Decimal) -> None:
    """Give back `by_amount` of an active agreement's money, from its last financial year backwards: each year's
    commitment shrinks by what it has not paid (released whole when nothing of it is left), and that year's unpaid
    instalments shrink with it, from the last due backwards."""
    fundings = sorted(
        (
            funding
            for funding in agreement.funding.select_related("commitment__allocation__financial_year")
            if funding.commitment.status == Commitment.Status.ACTIVE
        ),
        key=lambda funding: (funding.commitment.allocation.financial_year.start_year, funding.commitment.pk),
        reverse=True,
    )
    unpaid_instalments = list(
        agreement.instalments.filter(payment__isnull=True).order_by("-due_on", "-number")
    )
    left = by_amount
    for funding in fundings:
        if left <= 0:
            break
        commitment = funding.commitment
        share = min(left, commitment.committed_amount - paid_on_commitment(commitment))
        if share <= 0:
            continue
        commitment_reduce(by=by, commitment=commitment, amount=share)
        left -= share
        owed = share
        for instalment in (row for row in unpaid_instalments if row.commitment_id == commitment.pk):
            if owed <= 0:
                break
            cut = min(owed, instalment.amount)
            owed -= cut
            before = snapshot(instalment)
            if cut == instalment.amount:
                instalment.delete()
                audit_record(by=by, action="delete", instance=instalment, before=before)
            else:
                instalment.amount -= cut
                instalment.save(update_fields=["amount"])
                audit_record(
                    by=by, action="update", instance=instalment, before=before, after=snapshot(instalment)
                )


@transaction.atomic
def variation_make(
    *,
    by: Actor,
    agreement: Agreement,
    reason: str,
    ends_on: date | None = None,
    conditions: str | None = None,
    value: Decimal | None = None,
) -> Variation:
    """Change an agreement's end date, conditions or value, with the reason, recording before and after.

    A change of value is a decision on the new total, so it goes through the scheme of delegation: it needs someone
    whose delegated limit covers the new total (the refusal names who may), and above the body's threshold it
    drafts a decision record (the decisions app registers that with `on_value_varied`). A new value or end date is
    checked against the fund's rules in effect today, the purpose the agreement's money serves included.

    Before acceptance (draft or offered) a new value or end date re-plans the money: the old commitments are
    released and the new plan committed, refused if it would over-commit. Once active, a rise is committed in the
    current financial year (or the agreement's last, if it has ended) and paid as one more instalment; a reduction
    gives back what is no longer needed from the last financial year backwards (never what has been paid), and
    the unpaid instalments shrink to match. The payment schedule of an active agreement is not re-planned when its
    end date moves.
    """
    agreement = _locked(agreement)
    require(by, "agreement.vary", agreement)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for the variation", field="reason")
    status = AgreementStatus(agreement.status)
    if status not in VARIABLE_STATUSES:
        raise InvalidTransition(f"This agreement {STATE_WORDS[status]}, so it cannot be varied")
    new_ends_on = ends_on if ends_on is not None else agreement.ends_on
    new_conditions = (conditions if conditions is not None else agreement.conditions).strip()
    new_value = _money(value, field="value", what="The value") if value is not None else agreement.value
    if new_ends_on < agreement.starts_on:
        raise DomainError(
            f"The end date must be on or after the start date, {govuk_date(agreement.starts_on)}",
            field="ends_on",
        )
    if (new_ends_on, new_conditions, new_value) == (agreement.ends_on, agreement.conditions, agreement.value):
        raise DomainError("Change the end date, the conditions or the value, or go back")
    today = timezone.localdate()
    old_value = agreement.value
    value_changes = new_value != old_value
    if value_changes:
        allowed, why = may_decide(by, new_value, on=today)
        if not allowed:
            raise DomainError(why, field="value")
    if status == AgreementStatus.ACTIVE and new_value < old_value:
        paid = paid_under(agreement)
        if new_value < paid:
            raise DomainError(
                f"The value cannot be reduced below the {pounds(paid)} already paid under this agreement",
                field="value",
            )
    purpose = _purpose_of(agreement)
    facts = RuleFacts(
        sector=agreement.organisation.sector,
        amount=new_value,
        duration_months=duration_in_months(agreement.starts_on, new_ends_on),
        # The ring-fence is checked against the purpose the money serves, when its commitments name one.
        purpose=purpose.name if purpose is not None else None,
    )
    if value_changes or new_ends_on != agreement.ends_on:
        _check_fund_rules(agreement=agreement, facts=facts, on=today)

    before = _terms(agreement)
    replan = status != AgreementStatus.ACTIVE and (value_changes or new_ends_on != agreement.ends_on)
    # A pooled agreement stays pooled: the new money is shared across its funds as they commit it now.
    raise_active = status == AgreementStatus.ACTIVE and new_value > old_value
    shares = (
        funding_shares_for(agreement, new_value if replan else new_value - old_value)
        if replan or raise_active
        else []
    )
    agreement.ends_on, agreement.conditions, agreement.value = new_ends_on, new_conditions, new_value
    _save(by=by, agreement=agreement, fields=["ends_on", "conditions", "value"], action="vary")
    if replan:
        _release_funding(by=by, agreement=agreement)
        _commit_shares(by=by, agreement=agreement, shares=shares, rule_facts=facts)
    elif raise_active:
        due_on = min(max(today, agreement.starts_on), agreement.ends_on)
        start_year = years.start_year_of(due_on)
        in_advance = payment_plan_of(agreement).kind not in INVOICED_KINDS
        number = agreement.instalments.order_by("-number").values_list("number", flat=True).first() or 0
        for share in shares:
            extra = _commit_line(
                by=by,
                agreement=agreement,
                fund=share.fund,
                start_year=start_year,
                amount=share.amount,
                rule_facts=facts,
            ).commitment
            if not in_advance:
                continue  # paid when an invoice for the work is approved
            number += 1
            instalment = Instalment.objects.create(
                agreement=agreement, number=number, due_on=due_on, amount=extra.amount, commitment=extra
            )
            audit_record(by=by, action="create", instance=instalment, after=snapshot(instalment))
    elif status == AgreementStatus.ACTIVE and new_value < old_value:
        _reduce_funding(by=by, agreement=agreement, by_amount=old_value - new_value)

    variation = _variation_record(by=by, agreement=agreement, reason=reason, before=before, on=today)
    if value_changes:
        value_varied(agreement, variation, by)
    return variation


def _variation_record(
    *, by: Actor, agreement: Agreement, reason: str, before: dict[str, Any], on: date
) -> Variation:
    """The numbered record of a change to the agreement's terms, before and after, with its audit event."""
    variation = Variation.objects.create(
        agreement=agreement,
        number=agreement.variations.count() + 1,
        reason=reason,
        before=before,
        after=_terms(agreement),
        made_on=on,
        made_by_id=acting_person_id(by),
    )
    audit_record(by=by, action="create", instance=variation, after=snapshot(variation))
    return variation


def value_kept_until(agreement: Agreement, ends_on: date) -> Decimal:
    """What an agreement is worth if it ends on `ends_on` instead: its value apportioned by days up to that date
    (rounded down to the penny), never less than what has already been paid under it."""
    total_days = (agreement.ends_on - agreement.starts_on).days + 1
    kept_days = (min(ends_on, agreement.ends_on) - agreement.starts_on).days + 1
    kept = (agreement.value * kept_days / total_days).quantize(PENNY, rounding=ROUND_DOWN)
    return max(kept, paid_under(agreement))


def paid_under(agreement: Agreement) -> Decimal:
    """Whatever the payment plan (instalments or invoices), what has been paid is paid on its commitments."""
    return sum(
        (paid_on_commitment(line.commitment) for line in agreement.funding.select_related("commitment")),
        Decimal(0),
    )


@transaction.atomic
def agreement_end_on(*, by: Actor, agreement: Agreement, ends_on: date, reason: str) -> Variation:
    """Bring an active agreement's end forward to `ends_on` after notice was given (a decommissioning): a variation
    of its end date and value, recorded with the reason. The money for after the new end is given back from its
    last financial year backwards (the later years' commitments released, never what has been paid), and the
    unpaid instalments shrink with it. The agreement stays active until then; `agreement_end` ends it when the
    date comes (or at once, when the date is today or past, by whoever calls this).

    It asks the permission table for a variation (`agreement.vary`); the decision that it ends is the caller's
    own (its decision record and delegated limit), so no further decision record is drafted here."""
    agreement = _locked(agreement)
    require(by, "agreement.vary", agreement)
    reason = _reason(reason, what="ended")
    if agreement.status != AgreementStatus.ACTIVE:
        raise InvalidTransition(
            f"This agreement {STATE_WORDS[AgreementStatus(agreement.status)]}, so its end cannot be brought forward"
        )
    if ends_on == agreement.ends_on:
        raise DomainError(f"The agreement already ends on {govuk_date(ends_on)}", field="ends_on")
    if ends_on < agreement.starts_on or ends_on > agreement.ends_on:
        raise DomainError(
            f"The end date must be between {govuk_date(agreement.starts_on)} and the agreement's own end, "
            f"{govuk_date(agreement.ends_on)}",
            field="ends_on",
        )
    before = _terms(agreement)
    new_value = value_kept_until(agreement, ends_on)
    old_value = agreement.value
    agreement.ends_on, agreement.value = ends_on, min(new_value, old_value)
    _save(by=by, agreement=agreement, fields=["ends_on", "value"], action="vary")
    if agreement.value < old_value:
        _reduce_funding(by=by, agreement=agreement, by_amount=old_value - agreement.value)
    return _variation_record(
        by=by, agreement=agreement, reason=reason, before=before, on=timezone.localdate()
    )
