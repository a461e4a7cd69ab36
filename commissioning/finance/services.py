"""Writes for money. Every change to an allocation, commitment or payment locks the allocation row first, so two
people acting at the same moment are served one after the other and the budget position stays exact: the
allocation's `committed_total` and `paid_total` change here, and only here, in the same transaction and under that
lock.

Every write asks the permission table (`require`); a commitment's release is its one move, made through
`audit.workflow.transition` (finance/workflows.py)."""

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.effective import refuse_backdated, refuse_same_date
from commissioning.core.errors import DomainError
from commissioning.organisations.sectors import Sector

from . import years
from .models import Allocation, Commitment, FinancialYear, Fund, FundPurpose, FundRules, Payment, RulesPurpose
from .rules import RuleFacts, pounds, rules_breaches
from .selectors import counted_totals, paid_on_commitment, position_of, purpose_named, rules_for

PENNY = Decimal("0.01")


# A year is saved on first use (a read never writes, so these are here): years are calendar facts, not decisions,
# and are written without an audit event.
def financial_year_for(on: date) -> FinancialYear:
    """The financial year holding `on`, created on first use."""
    return financial_year(years.start_year_of(on))


def financial_year(start_year: int) -> FinancialYear:
    year, _ = FinancialYear.objects.get_or_create(start_year=start_year)
    return year


def _money(amount: Any, *, field: str = "amount", what: str = "The amount") -> Decimal:
    try:
        value = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        raise DomainError(f"{what} must be an amount of money, like 1,250.00", field=field) from None
    if not value.is_finite() or value != value.quantize(PENNY):
        raise DomainError(f"{what} must be in pounds and pence, like 1,250.50", field=field)
    return value.quantize(PENNY)


def _locked_allocation(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update().select_related("fund", "financial_year").get(pk=allocation.pk)
    )


@transaction.atomic
def allocation_set(*, by: Actor, fund: Fund, year: FinancialYear, amount: Decimal) -> Allocation:
    """Set a fund's allocation for a year. Only the Chief Finance Officer or an administrator may; the allocation
    can never go below what is already committed against it."""
    require(by, "fund.allocate", fund)
    amount = _money(amount, what="The allocation")
    if amount < 0:
        raise DomainError("The allocation must be £0 or more", field="amount")
    if year.pk is None:
        year = financial_year(year.start_year)
    allocation = (
        Allocation.objects.select_for_update()
        .select_related("fund", "financial_year")
        .filter(fund=fund, financial_year=year)
        .first()
    )
    if allocation is None:
        try:
            with transaction.atomic():
                allocation = Allocation.objects.create(fund=fund, financial_year=year, amount=amount)
        except IntegrityError:
            # Someone else created it a moment ago: change theirs instead.
            allocation = _locked_allocation(Allocation.objects.get(fund=fund, financial_year=year))
        else:
            audit_record(by=by, action="create", instance=allocation, after=snapshot(allocation))
            return allocation
    if allocation.amount == amount:
        return allocation
    position = position_of(allocation)
    if amount < position.committed:
        raise DomainError(
            f"The allocation for {fund.name} in {year.label} cannot be less than the "
            f"{pounds(position.committed)} already committed",
            field="amount",
        )
    before = snapshot(allocation)
    allocation.amount = amount
    allocation.save(update_fields=["amount"])
    audit_record(by=by, action="update", instance=allocation, before=before, after=snapshot(allocation))
    return allocation


def purpose_check(*, fund: Fund, purpose: FundPurpose | None, on: date | None = None) -> None:
    """Refuse a purpose the fund's rules in effect on `on` (today by default) do not allow, in the rule's words:
    a purpose of another fund, or, where the money is ring-fenced, none or one outside the ring-fence."""
    if purpose is not None and purpose.fund_id != fund.pk:
        raise DomainError(
            f"{purpose.name} is not a purpose of {fund.name}: choose one of its purposes", field="purpose"
        )
    rules = rules_for(fund, on=on or timezone.localdate(), fresh=True)
    if rules is None:
        return
    for breach in rules_breaches(rules, purpose=purpose.name if purpose is not None else ""):
        raise DomainError(breach.message, field="purpose")


@transaction.atomic
def commitment_create(
    *,
    by: Actor,
    allocation: Allocation,
    amount: Decimal,
    description: str,
    committed_on: date | None = None,
    source_type: str = "",
    source_id: str = "",
    rule_facts: RuleFacts | None = None,
) -> Commitment:
    """Commit money from an allocation, or refuse with a message that says why.

    The allocation row is locked for the rest of the transaction and the committed total is read again inside
    the lock, so concurrent commitments can never together exceed the allocation. With `rule_facts`, the fund's
    rules in effect on `committed_on` are checked too and the first broken rule is named; the fund purpose the
    facts name (the ring-fence) is recorded on the commitment. Whether `by` holds the delegated authority for the
    amount is the caller's decision (see the scheme of delegation).
    """
    require(by, "commitment.make", allocation)
    amount = _money(amount)
    if amount <= 0:
        raise DomainError("The amount must be more than £0", field="amount")
    description = (description or "").strip()
    if not description:
        raise DomainError("Enter what the money is for", field="description")
    committed_on = committed_on or timezone.localdate()

    allocation = _locked_allocation(allocation)
    fund, year = allocation.fund, allocation.financial_year
    if rule_facts is not None:
        rules = rules_for(fund, on=committed_on, fresh=True)
        if rules is not None:
            facts = (
                rule_facts
                if rule_facts.amount is not None
                else dataclasses.replace(rule_facts, amount=amount)
            )
            breaches = rules_breaches(rules, **dataclasses.asdict(facts))
            if breaches:
                raise DomainError(
                    breaches[0].message, field="amount" if breaches[0].rule.endswith("award") else None
                )
    position = position_of(allocation)
    if amount > position.available:
        raise DomainError(
            f"This would commit {pounds(amount)} but only {pounds(max(position.available, Decimal(0)))} of the "
            f"{pounds(position.allocated)} allocation for {fund.name} in {year.label} is available",
            field="amount",
        )
    purpose = purpose_named(fund, rule_facts.purpose) if rule_facts is not None else None
    commitment = Commitment.objects.create(
        allocation=allocation,
        amount=amount,
        description=description[:300],
        committed_on=committed_on,
        created_by_id=acting_person_id(by),
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
    )
    allocation.committed_total = position.committed + amount
    allocation.save(update_fields=["committed_total"])
    audit_record(by=by, action="commit", instance=commitment, after=snapshot(commitment))
    return commitment


@transaction.atomic
def commitment_release(*, by: Actor, commitment: Commitment, released_on: date | None = None) -> Commitment:
    """Give back to the allocation whatever of a commitment has not been paid; payments already made stay. The
    allocation is locked first, as every change to its money is; the move itself is the commitment's workflow's
    (refused, with InvalidTransition, if it has already been released)."""
    allocation = _locked_allocation(commitment.allocation)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    unpaid = commitment.amount - paid_on_commitment(commitment)
    # A reduction may already have given part of it back: only the rest goes back now.
    given_back = unpaid - commitment.released_amount
    transition(
        by=by,
        record=commitment,
        to=Commitment.Status.RELEASED,
        changes={"released_amount": unpaid, "released_on": released_on or timezone.localdate()},
    )
    allocation.committed_total -= given_back
    allocation.save(update_fields=["committed_total"])
    return commitment


@transaction.atomic
def commitment_reduce(*, by: Actor, commitment: Commitment, amount: Decimal) -> Commitment:
    """Give back part of a commitment to its allocation (a variation that reduces an agreement's value): what it
    still commits falls by `amount`, never below what has been paid on it. Given back whole, the commitment is
    released through its workflow; otherwise it stays active and `released_amount` records what went back."""
    require(by, "commitment.reduce", commitment)
    amount = _money(amount)
    if amount <= 0:
        raise DomainError("The reduction must be more than £0", field="amount")
    allocation = _locked_allocation(commitment.allocation)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status != Commitment.Status.ACTIVE:
        raise DomainError("This commitment has been released, so it cannot be reduced")
    unpaid = commitment.committed_amount - paid_on_commitment(commitment)
    if amount > unpaid:
        raise DomainError(
            f"Only {pounds(unpaid)} of this commitment has not been paid, so it cannot be reduced by "
            f"{pounds(amount)}",
            field="amount",
        )
    if amount == unpaid:
        return commitment_release(by=by, commitment=commitment)
    before = snapshot(commitment)
    commitment.released_amount += amount
    commitment.save(update_fields=["released_amount"])
    allocation.committed_total -= amount
    allocation.save(update_fields=["committed_total"])
    audit_record(by=by, action="reduce", instance=commitment, before=before, after=snapshot(commitment))
    return commitment


@transaction.atomic
def payment_record(
    *, by: Actor, commitment: Commitment, amount: Decimal, paid_on: date, reference: str
) -> Payment:
    """Record an instalment paid against a commitment; the payments never add up to more than was committed."""
    require(by, "payment.record", commitment)
    amount = _money(amount)
    if amount <= 0:
        raise DomainError("The payment must be more than £0", field="amount")
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("Enter the payment reference", field="reference")
    allocation = _locked_allocation(commitment.allocation)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status != Commitment.Status.ACTIVE:
        raise DomainError("This commitment has been released, so no more payments can be made against it")
    paid = paid_on_commitment(commitment)
    committed = commitment.committed_amount  # less whatever a reduction gave back
    if paid + amount > committed:
        raise DomainError(
            f"A payment of {pounds(amount)} would bring the total paid to {pounds(paid + amount)}, more than the "
            f"{pounds(committed)} committed. No more than {pounds(committed - paid)} can be paid",
            field="amount",
        )
    payment = Payment.objects.create(
        commitment=commitment,
        amount=amount,
        paid_on=paid_on,
        reference=reference[:100],
        created_by_id=acting_person_id(by),
    )
    allocation.paid_total += amount
    allocation.save(update_fields=["paid_total"])
    audit_record(by=by, action="pay", instance=payment, after=snapshot(payment))
    return payment


@transaction.atomic
def allocation_totals_recount(*, by: Actor, allocations: QuerySet[Allocation] | None = None) -> int:
    """Count each allocation's committed and paid totals again from its commitments and payments, and correct
    those that differ, each with an audit event. For rows written in bulk without the services (generated data);
    returns how many allocations were corrected. Locks the allocations, oldest first, as the services do."""
    require(by, "fund.allocate")
    allocations = Allocation.objects.all() if allocations is None else allocations
    locked = list(allocations.select_for_update().order_by("pk"))
    counted = counted_totals(Allocation.objects.filter(pk__in=[allocation.pk for allocation in locked]))
    corrected = 0
    for allocation in locked:
        position = counted[allocation.pk]
        if (allocation.committed_total, allocation.paid_total) == (position.committed, position.paid):
            continue
        before = snapshot(allocation)
        allocation.committed_total, allocation.paid_total = position.committed, position.paid
        allocation.save(update_fields=["committed_total", "paid_total"])
        audit_record(by=by, action="recount", instance=allocation, before=before, after=snapshot(allocation))
        corrected += 1
    return corrected


@transaction.atomic
def fund_rules_add(
    *,
    by: Actor,
    fund: Fund,
    effective_from: date,
    eligible_sectors: list[str],
    min_award: Decimal | None,
    max_award: Decimal | None,
    max_duration_months: int | None,
    one_off: bool,
    ring_fenced_purposes: list[str],
    one_off_period_months: int | None = None,
) -> FundRules:
    """New rules for a fund from a date (today or later): the rules in effect before it stay as they were, so
    applications and commitments already checked against them keep their meaning. A partner running the fund
    carries over from the rules in effect on that date. `ring_fenced_purposes` names the fund purposes the money
    is ring-fenced to (a name the fund has no purpose for yet becomes one); none means any purpose."""
    require(by, "fund.allocate", fund)
    today = timezone.localdate()
    refuse_backdated(
        effective_from,
        today=today,
        message="The rules must take effect today or later: what was checked under the earlier rules stands",
    )
    unknown = sorted(set(eligible_sectors) - set(Sector.values))
    if unknown:
        raise DomainError("Select sectors from the list", field="eligible_sectors")
    for value, field, what in (
        (min_award, "min_award", "The smallest award"),
        (max_award, "max_award", "The largest award"),
    ):
        if value is not None and value < 0:
            raise DomainError(f"{what} must be £0.00 or more", field=field)
    if min_award is not None and max_award is not None and min_award > max_award:
        raise DomainError("The largest award must be at least the smallest award", field="max_award")
    if max_duration_months is not None and max_duration_months < 1:
        raise DomainError("The longest funding must be 1 month or more", field="max_duration_months")
    if one_off_period_months is not None and one_off_period_months < 1:
        raise DomainError("The one-off period must be 1 month or more", field="one_off_period_months")
    refuse_same_date(
        FundRules.objects.filter(fund=fund, effective_from=effective_from).exists(),
        effective_from=effective_from,
        message=f"{fund.name} already has rules from {{date}}. Choose a different date",
    )
    before = rules_for(fund, on=effective_from, fresh=True)
    names = list(dict.fromkeys(purpose.strip() for purpose in ring_fenced_purposes if purpose.strip()))
    if any(len(name) > 200 for name in names):
        raise DomainError("Each purpose must be 200 characters or fewer", field="ring_fenced_purposes")
    rules = FundRules(
        fund=fund,
        effective_from=effective_from,
        eligible_sectors=sorted(set(eligible_sectors), key=Sector.values.index),
        min_award=min_award,
        max_award=max_award,
        max_duration_months=max_duration_months,
        one_off=one_off,
        one_off_period_months=one_off_period_months,
        administering_organisation_id=before.administering_organisation_id if before else None,
    )
    rules.full_clean()
    rules.save()
    purposes = [_purpose_of_name(by=by, fund=fund, name=name) for name in names]
    RulesPurpose.objects.bulk_create(RulesPurpose(rules=rules, purpose=purpose) for purpose in purposes)
    audit_record(
        by=by,
        action="create",
        instance=rules,
        after={**snapshot(rules), "purposes": [purpose.pk for purpose in purposes]},
    )
    return rules


def _purpose_of_name(*, by: Actor, fund: Fund, name: str) -> FundPurpose:
    """The fund's purpose of this name (in any case), added with an audit event when it has none."""
    purpose = FundPurpose.objects.filter(fund=fund, name__iexact=name).first()
    if purpose is None:
        purpose = FundPurpose.objects.create(fund=fund, name=name)
        audit_record(by=by, action="create", instance=purpose, after=snapshot(purpose))
    return purpose


@transaction.atomic
def fund_purpose_save(
    *, by: Actor, fund: Fund, name: str, description: str, purpose: FundPurpose | None = None
) -> FundPurpose:
    """Add a purpose to the fund's list, or change one's words. Which purposes the money is ring-fenced to is the
    fund's rules' (`fund_rules_add`), from a date; a purpose's name and words are shown wherever it is named."""
    require(by, "fund.purposes", fund)
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise DomainError("Enter the purpose", field="name")
    if len(name) > 200:
        raise DomainError("The purpose must be 200 characters or fewer", field="name")
    if purpose is not None and purpose.fund_id != fund.pk:
        raise DomainError(f"That is not a purpose of {fund.name}")
    taken = FundPurpose.objects.filter(fund=fund, name__iexact=name)
    if purpose is not None:
        taken = taken.exclude(pk=purpose.pk)
    if taken.exists():
        raise DomainError(f"{fund.name} already has the purpose {name}", field="name")
    if purpose is None:
        purpose = FundPurpose.objects.create(fund=fund, name=name, description=description)
        audit_record(by=by, action="create", instance=purpose, after=snapshot(purpose))
        return purpose
    purpose = FundPurpose.objects.select_for_update().get(pk=purpose.pk)
    before = snapshot(purpose)
    purpose.name, purpose.description = name, description
    purpose.save(update_fields=["name", "description"])
    audit_record(by=by, action="update", instance=purpose, before=before, after=snapshot(purpose))
    return purpose
