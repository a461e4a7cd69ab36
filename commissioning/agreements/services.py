"""Writes for agreements: creating one with its money committed, the offer and its answer, the payment schedule,
payments, variations and the end of an agreement.

Every function asks the permission table (`require`, or the workflow primitive for a move) and runs in one
transaction with its audit events; a refusal (a DomainError) rolls back everything the function did, including
money committed along the way. Moves between statuses go through `audit.workflow.transition` (the agreement's
workflow is in workflows.py). What the spokes do when an agreement starts or ends, they register in hooks.py.
"""

import dataclasses
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
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
    financial_year,
    paid_on_commitment,
    purposes_committed,
    rules_for,
)
from commissioning.finance.services import (
    commitment_create,
    commitment_reduce,
    commitment_release,
    payment_record,
)
from commissioning.governance.selectors import may_decide
from commissioning.organisations.models import Organisation, OrganisationMembership

from .hooks import agreement_ended, agreement_started, value_varied
from .models import (
    PAYABLE_STATUSES,
    SINGLE_PAYMENT_BELOW,
    VARIABLE_STATUSES,
    Agreement,
    AgreementFunding,
    AgreementParty,
    AgreementStatus,
    Instalment,
    Mechanism,
    Variation,
)
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
    """One commitment per financial year of the plan, each linked to the agreement by AgreementFunding."""
    fund = agreement.fund
    if fund is None or not plan:
        return []
    commitments = []
    for start_year, amount in plan:
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
        AgreementFunding.objects.create(agreement=agreement, commitment=commitment)
        commitments.append(commitment)
    return commitments


def _release_funding(*, by: Actor, agreement: Agreement) -> None:
    """Give back to the allocations whatever of the agreement's money has not been paid."""
    for funding in agreement.funding.select_related("commitment__allocation").order_by("pk"):
        if funding.commitment.status == Commitment.Status.ACTIVE:
            commitment_release(by=by, commitment=funding.commitment)


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
    """Create an agreement with its lead party and commit its money: one commitment per financial year of the
    funding plan. Any refusal — over-commitment of a year, a broken fund rule, a year without an allocation —
    rolls everything back and reaches the caller as the DomainError.

    `status` may be DRAFT (to be offered with `agreement_offer`) or ACTIVE (already signed: the payment schedule
    is made at once and the spokes are told it has started). `parties` are further organisations, each bare (a
    provider) or with an AgreementParty role.
    """
    # Asked of the agreement to be made: a partner runs only the funds their organisation administers.
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
    plan = funding_plan(value=value, starts_on=starts_on, ends_on=ends_on)
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

    if rule_facts is not None and rule_facts.amount is None:
        # The fund's award limits apply to the whole value, not to each year's share of it.
        rule_facts = dataclasses.replace(rule_facts, amount=value)
    _commit_plan(by=by, agreement=agreement, plan=plan, rule_facts=rule_facts)

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
        f"{govuk_date(agreement.respond_by)}:\n{_offer_url(agreement)}\n"  # type: ignore[arg-type]
    )
    send_mail(subject, message, None, recipients)


@transaction.atomic
def agreement_offer(*, by: Actor, agreement: Agreement, respond_by: date) -> Agreement:
    """Offer a draft agreement to its lead organisation, to be answered by `respond_by`; the organisation's
    people are emailed once the offer is saved."""
    agreement = _locked(agreement)
    today = timezone.localdate()
    if respond_by is None or respond_by <= today:
        raise DomainError("The date to respond by must be in the future", field="respond_by")
    transition(
        by=by,
        record=agreement,
        to=AgreementStatus.OFFERED,
        changes={"offered_on": today, "respond_by": respond_by},
    )
    transaction.on_commit(
        lambda: _email_offer(Agreement.objects.select_related("organisation").get(pk=agreement.pk))
    )
    return agreement


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
    if agreement.respond_by and today > agreement.respond_by:
        raise DomainError(
            f"This offer had to be accepted by {govuk_date(agreement.respond_by)}. "
            f"Contact {commissioning_body().name} if you still want the funding"
        )
    transition(
        by=by,
        record=agreement,
        to=AgreementStatus.ACTIVE,
        reason=f"Accepted by {name}, {role}",
        changes={
            "response_name": name,
            "response_role": role,
            "response_on": today,
            "response_by": person_or_none(by),
        },
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
    transition(
        by=by,
        record=agreement,
        to=AgreementStatus.DECLINED,
        reason=reason,
        changes={
            "response_name": name,
            "response_role": role,
            "response_on": timezone.localdate(),
            "response_by": person_or_none(by),
            "decline_reason": reason,
        },
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


def schedule_dates(agreement: Agreement) -> list[date]:
    """When instalments fall due: the start date alone below £10,000, else every three months in advance from
    the start date while the agreement runs."""
    if agreement.value < SINGLE_PAYMENT_BELOW:
        return [agreement.starts_on]
    dates, quarter = [], 0
    while (due := _add_months(agreement.starts_on, 3 * quarter)) <= agreement.ends_on:
        dates.append(due)
        quarter += 1
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
    """The payment schedule, made when the agreement starts (as part of the move that starts it). Each instalment is paid from the commitment of the financial year it falls in, and
    the instalments of a year add up exactly to that year's commitment (so to the value, overall). A year with
    money but no due date in it gets one instalment on its first day (or the start date)."""
    if agreement.instalments.exists():
        raise DomainError("This agreement already has a payment schedule")
    commitments = {
        funding.commitment.allocation.financial_year.start_year: funding.commitment
        for funding in agreement.funding.select_related("commitment__allocation__financial_year")
        if funding.commitment.status == Commitment.Status.ACTIVE
    }
    due_by_year: dict[int, list[date]] = {start_year: [] for start_year in commitments}
    for due in schedule_dates(agreement):
        start_year = years.start_year_of(due)
        if start_year in due_by_year:
            due_by_year[start_year].append(due)
    rows = []
    for start_year in sorted(commitments):
        commitment = commitments[start_year]
        dates = due_by_year[start_year] or [max(agreement.starts_on, years.starts_on(start_year))]
        for due, amount in zip(dates, _split(commitment.amount, len(dates)), strict=True):
            rows.append((due, amount, commitment))
    instalments = []
    for number, (due, amount, commitment) in enumerate(sorted(rows, key=lambda row: row[0]), start=1):
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
    if agreement.status not in PAYABLE_STATUSES:
        raise DomainError(
            f"This agreement {STATE_WORDS[AgreementStatus(agreement.status)]}, so no payments can be made under it"
        )
    if paid_on is None:
        raise DomainError("Enter the date the instalment was paid", field="paid_on")
    if paid_on > timezone.localdate():
        raise DomainError("The date paid must be today or in the past", field="paid_on")
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
        paid = agreement.instalments.filter(payment__isnull=False).aggregate(total=Sum("amount"))["total"]
        paid = Decimal(paid or 0)
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
    agreement.ends_on, agreement.conditions, agreement.value = new_ends_on, new_conditions, new_value
    _save(by=by, agreement=agreement, fields=["ends_on", "conditions", "value"], action="vary")
    if replan:
        _release_funding(by=by, agreement=agreement)
        plan = funding_plan(value=new_value, starts_on=agreement.starts_on, ends_on=new_ends_on)
        _commit_plan(by=by, agreement=agreement, plan=plan, rule_facts=facts)
    elif status == AgreementStatus.ACTIVE and new_value > old_value:
        due_on = min(max(today, agreement.starts_on), agreement.ends_on)
        start_year = years.start_year_of(due_on)
        extra = _commit_plan(
            by=by, agreement=agreement, plan=[(start_year, new_value - old_value)], rule_facts=facts
        )[0]
        number = (agreement.instalments.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        instalment = Instalment.objects.create(
            agreement=agreement,
            number=number,
            due_on=due_on,
            amount=extra.amount,
            commitment=extra,
        )
        audit_record(by=by, action="create", instance=instalment, after=snapshot(instalment))
    elif status == AgreementStatus.ACTIVE and new_value < old_value:
        _reduce_funding(by=by, agreement=agreement, by_amount=old_value - new_value)

    variation = Variation.objects.create(
        agreement=agreement,
        number=agreement.variations.count() + 1,
        reason=reason,
        before=before,
        after=_terms(agreement),
        made_on=today,
        made_by_id=acting_person_id(by),
    )
    audit_record(by=by, action="create", instance=variation, after=snapshot(variation))
    if value_changes:
        value_varied(agreement, variation, by)
    return variation
