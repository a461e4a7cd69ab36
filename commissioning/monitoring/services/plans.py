"""Monitoring plans: the tier an agreement falls in, the plan made when it becomes active, and adjustments.

Due dates: a return is due `tier.due_days` days (30 in the shipped tiers) after the end of the period it covers.
Periods run every 3 (quarterly) or 6 (six-monthly) calendar months from the agreement's start; the last period
ends on the agreement's end date, however short. An end-only plan has one period, the whole agreement.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.agreements.models import Agreement
from commissioning.audit.services import audit_record, snapshot
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.dates import add_months
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date
from commissioning.monitoring.defaults import tiers_default
from commissioning.monitoring.models import (
    FREQUENCY_MONTHS,
    OUTSTANDING_STATUSES,
    Indicator,
    MonitoringPlan,
    MonitoringReturn,
    MonitoringTier,
    PlanAdjustment,
    ReturnFrequency,
    ReturnStatus,
    ReturnTemplate,
)

DEFAULT_TEMPLATE_KEY = "general"


def agreement_months(starts_on: date, ends_on: date) -> int:
    """The agreement's length in calendar months, a part month counting as a whole one (1 April to 31 March: 12)."""
    months = 0
    while add_months(starts_on, months) <= ends_on:
        months += 1
    return max(months, 1)


def tier_for(value: Decimal, months: int, on: date) -> MonitoringTier:
    """The tier in effect on `on` for an agreement of this value and length: of the tiers whose bands contain it,
    the one that took effect most recently (the higher band when two took effect together)."""
    if not MonitoringTier.objects.exists():
        # The shipped tiers come with a data migration; a database emptied since (a test flush, a restore of
        # other tables) gets them again rather than refusing every agreement.
        tiers_default(MonitoringTier, ReturnTemplate)
    tier: MonitoringTier | None = (
        MonitoringTier.objects.started_by(on)
        .filter(min_value__lte=value)
        .filter(Q(max_value__isnull=True) | Q(max_value__gt=value))
        .filter(Q(min_months__isnull=True) | Q(min_months__lte=months))
        .filter(Q(max_months__isnull=True) | Q(max_months__gte=months))
        .order_by("-effective_from", "-min_value", "-pk")
        .first()
    )
    if tier is None:
        raise DomainError(
            f"No monitoring tier covers an agreement of this value and length on {govuk_date(on)}"
        )
    return tier


def schedule_periods(*, starts_on: date, ends_on: date, frequency: str) -> list[tuple[date, date]]:
    """The reporting periods from `starts_on` to `ends_on` for a frequency: (first day, last day) each."""
    step = FREQUENCY_MONTHS[frequency]
    if step is None:
        return [(starts_on, ends_on)]
    periods: list[tuple[date, date]] = []
    start, number = starts_on, 1
    while start <= ends_on:
        next_start = add_months(starts_on, step * number)
        periods.append((start, min(next_start - timedelta(days=1), ends_on)))
        start, number = next_start, number + 1
    return periods


def _returns_create(
    *, by: Actor, plan: MonitoringPlan, periods: list[tuple[date, date]], first_number: int, due_days: int
) -> list[MonitoringReturn]:
    made = []
    for offset, (period_start, period_end) in enumerate(periods):
        monitoring_return = MonitoringReturn.objects.create(
            plan=plan,
            number=first_number + offset,
            period_start=period_start,
            period_end=period_end,
            due_on=period_end + timedelta(days=due_days),
            is_final=offset == len(periods) - 1,
            form_definition=plan.form_definition,
        )
        audit_record(by=by, action="create", instance=monitoring_return, after=snapshot(monitoring_return))
        made.append(monitoring_return)
    return made


@transaction.atomic
def monitoring_plan_create(
    *, by: Actor, agreement: Agreement, template: ReturnTemplate | None = None
) -> MonitoringPlan:
    """Make the monitoring plan of an agreement that has become active, from the tier in effect on its start date,
    with its schedule of returns. An agreement that already has a plan keeps it.

    It asks no action of its own in the permission table: it is a step of the agreement's start, made by whoever
    started it (an officer recording a contract, a provider accepting an offer, an import), whose own service has
    asked the table already."""
    existing = MonitoringPlan.objects.filter(agreement=agreement).first()
    if existing is not None:
        return existing
    tier = tier_for(
        agreement.value, agreement_months(agreement.starts_on, agreement.ends_on), agreement.starts_on
    )
    if template is None:
        template = ReturnTemplate.objects.filter(key=DEFAULT_TEMPLATE_KEY).first()
    plan = MonitoringPlan.objects.create(
        agreement=agreement,
        tier=tier,
        frequency=tier.frequency,
        needs_indicators=tier.needs_indicators,
        needs_review_meeting=tier.needs_review_meeting,
        template=template,
        form_definition=template.definition if template else {"version": 1, "sections": []},
        created_by_id=acting_person_id(by),
    )
    audit_record(by=by, action="create", instance=plan, after=snapshot(plan))
    periods = schedule_periods(
        starts_on=agreement.starts_on, ends_on=agreement.ends_on, frequency=plan.frequency
    )
    _returns_create(by=by, plan=plan, periods=periods, first_number=1, due_days=tier.due_days)
    return plan


@transaction.atomic
def returns_stop_after(*, by: Actor, agreement: Agreement, ends_on: date) -> int:
    """Monitoring stops when an agreement ends: the returns not yet started for periods after `ends_on` are no
    longer due (removed, each with its audit event), a return not yet sent whose period runs past it covers the
    period up to it and is due `tier.due_days` after, and the last return left is the final one. Returns the
    provider has sent are kept as they are. Gives the number of returns no longer due.

    Like making the plan, it asks no action of its own: it is a step of ending the agreement (a decommissioning,
    or ending early), whose own service has asked the permission table."""
    plan = MonitoringPlan.objects.filter(agreement=agreement).select_related("tier").first()
    if plan is None:
        return 0
    removed = 0
    for monitoring_return in plan.returns.filter(status=ReturnStatus.DUE, period_start__gt=ends_on):
        audit_record(by=by, action="delete", instance=monitoring_return, before=snapshot(monitoring_return))
        monitoring_return.delete()
        removed += 1
    outstanding = plan.returns.filter(
        status__in=OUTSTANDING_STATUSES, period_start__lte=ends_on, period_end__gt=ends_on
    )
    for monitoring_return in outstanding:
        before = snapshot(monitoring_return)
        monitoring_return.period_end = ends_on
        monitoring_return.due_on = ends_on + timedelta(days=plan.tier.due_days)
        monitoring_return.save(update_fields=["period_end", "due_on"])
        audit_record(
            by=by,
            action="update",
            instance=monitoring_return,
            before=before,
            after=snapshot(monitoring_return),
        )
    last = plan.returns.order_by("-number").first()
    if last is not None and not last.is_final:
        before = snapshot(last)
        plan.returns.filter(is_final=True).update(is_final=False)
        last.is_final = True
        last.save(update_fields=["is_final"])
        audit_record(by=by, action="update", instance=last, before=before, after=snapshot(last))
    return removed


def monitoring_stop_at_end(*, agreement: Agreement, by: Actor) -> int:
    """The hook for an agreement that ends (on time or early): no return is due for a period after the day it
    ended (its end date, or today when it ends before that)."""
    return returns_stop_after(
        by=by, agreement=agreement, ends_on=min(agreement.ends_on, timezone.localdate())
    )


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    target: Decimal
    unit: str = ""
    direction: str = Indicator.Direction.HIGHER


def _plan_state(plan: MonitoringPlan) -> dict[str, Any]:
    """A plan as an adjustment records it: frequency, each return's dates and status, and the indicators."""
    return {
        "frequency": plan.frequency,
        "returns": [
            {"number": r.number, "period_end": r.period_end, "due_on": r.due_on, "status": r.status}
            for r in plan.returns.order_by("number")
        ],
        "indicators": [
            {"name": i.name, "unit": i.unit, "target": i.target, "direction": i.direction}
            for i in plan.indicators.order_by("pk")
        ],
    }


def _reschedule(*, by: Actor, plan: MonitoringPlan, frequency: str) -> None:
    """Replace the returns not yet started with a schedule at the new frequency, from the end of the last return
    the provider has started (a draft, a submission or a review is kept as it is)."""
    agreement = plan.agreement
    kept = list(plan.returns.exclude(status=ReturnStatus.DUE).order_by("number"))
    for monitoring_return in plan.returns.filter(status=ReturnStatus.DUE):
        audit_record(by=by, action="delete", instance=monitoring_return, before=snapshot(monitoring_return))
        monitoring_return.delete()
    starts_on = kept[-1].period_end + timedelta(days=1) if kept else agreement.starts_on
    plan.frequency = frequency
    plan.save(update_fields=["frequency"])
    if starts_on > agreement.ends_on:
        return
    periods = schedule_periods(starts_on=starts_on, ends_on=agreement.ends_on, frequency=frequency)
    _returns_create(
        by=by,
        plan=plan,
        periods=periods,
        first_number=(kept[-1].number + 1) if kept else 1,
        due_days=plan.tier.due_days,
    )


def _redate(*, by: Actor, plan: MonitoringPlan, due_dates: dict[int, date]) -> None:
    returns = {r.number: r for r in plan.returns.filter(number__in=list(due_dates))}
    for number, due_on in sorted(due_dates.items()):
        monitoring_return = returns.get(number)
        if monitoring_return is None:
            raise DomainError(f"There is no return {number} in this plan", field="due_dates")
        if monitoring_return.due_on == due_on:
            continue
        if not monitoring_return.is_outstanding:
            raise DomainError(
                f"Return {number} has been submitted, so its due date cannot change", field="due_dates"
            )
        if due_on < monitoring_return.period_end:
            raise DomainError(
                f"Return {number} must be due on or after the end of its period, "
                f"{govuk_date(monitoring_return.period_end)}",
                field="due_dates",
            )
        before = snapshot(monitoring_return)
        monitoring_return.due_on = due_on
        monitoring_return.save(update_fields=["due_on"])
        audit_record(
            by=by,
            action="update",
            instance=monitoring_return,
            before=before,
            after=snapshot(monitoring_return),
        )


def _target(value: Any, name: str) -> Decimal:
    try:
        target = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(f"Enter the target for {name} as a number", field="indicators") from None
    if not target.is_finite() or target < 0 or target >= Decimal("1e12"):
        raise DomainError(f"The target for {name} must be a number of 0 or more", field="indicators")
    return target.quantize(Decimal("0.01"))


def _reindicate(*, by: Actor, plan: MonitoringPlan, indicators: list[IndicatorSpec]) -> None:
    """Make the plan's indicators these: matched by name, new ones added, missing ones removed unless reported on."""
    wanted: dict[str, IndicatorSpec] = {}
    for spec in indicators:
        name = (spec.name or "").strip()[:200]
        if not name:
            raise DomainError("Enter a name for each indicator", field="indicators")
        if name.lower() in {n.lower() for n in wanted}:
            raise DomainError(f"There are two indicators called {name}", field="indicators")
        if spec.direction not in Indicator.Direction.values:
            raise DomainError(f"Select whether higher or lower is better for {name}", field="indicators")
        wanted[name] = IndicatorSpec(
            name=name,
            target=_target(spec.target, name),
            unit=(spec.unit or "").strip()[:60],
            direction=spec.direction,
        )
    current = {i.name: i for i in plan.indicators.all()}
    for name, indicator in current.items():
        if name in wanted:
            continue
        if indicator.values.exists():
            raise DomainError(f"{name} has been reported on, so it cannot be removed", field="indicators")
        audit_record(by=by, action="delete", instance=indicator, before=snapshot(indicator))
        indicator.delete()
    for name, spec in wanted.items():
        found = current.get(name)
        if found is None:
            indicator = Indicator.objects.create(
                plan=plan, name=name, unit=spec.unit, target=spec.target, direction=spec.direction
            )
            audit_record(by=by, action="create", instance=indicator, after=snapshot(indicator))
        elif (found.unit, found.target, found.direction) != (
            spec.unit,
            spec.target,
            spec.direction,
        ):
            before = snapshot(found)
            found.unit, found.target, found.direction = spec.unit, spec.target, spec.direction
            found.save(update_fields=["unit", "target", "direction"])
            audit_record(by=by, action="update", instance=found, before=before, after=snapshot(found))


@transaction.atomic
def monitoring_plan_adjust(
    *,
    by: Actor,
    plan: MonitoringPlan,
    reason: str,
    frequency: str | None = None,
    due_dates: dict[int, date] | None = None,
    indicators: list[IndicatorSpec] | None = None,
) -> PlanAdjustment:
    """Change a plan's frequency, the due dates of returns still owed, or its indicators, with the reason why.

    A changed frequency reschedules the returns not yet started; due dates apply after that, by return number.
    """
    require(by, "monitoring.manage", plan)
    return _adjust(
        by=by, plan=plan, reason=reason, frequency=frequency, due_dates=due_dates, indicators=indicators
    )


@transaction.atomic
def monitoring_plan_start_indicators(
    *, by: Actor, plan: MonitoringPlan, reason: str, indicators: list[IndicatorSpec]
) -> PlanAdjustment:
    """Set a new plan's indicators from what its agreement came from (a commissioning project's specification),
    recorded as an adjustment with the reason. Like `monitoring_plan_create` it asks no action of its own: it is a
    step of the agreement's start, made by whoever started it (a provider accepting an offer), whose own service
    has asked the table already."""
    return _adjust(by=by, plan=plan, reason=reason, indicators=indicators)


def _adjust(
    *,
    by: Actor,
    plan: MonitoringPlan,
    reason: str,
    frequency: str | None = None,
    due_dates: dict[int, date] | None = None,
    indicators: list[IndicatorSpec] | None = None,
) -> PlanAdjustment:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for changing the monitoring plan", field="reason")
    plan = MonitoringPlan.objects.select_for_update().select_related("agreement", "tier").get(pk=plan.pk)
    if frequency is not None and frequency not in ReturnFrequency.values:
        raise DomainError("Select how often returns are due", field="frequency")
    before = _plan_state(plan)
    plan_before = snapshot(plan)
    if frequency is not None and frequency != plan.frequency:
        _reschedule(by=by, plan=plan, frequency=frequency)
    if due_dates:
        _redate(by=by, plan=plan, due_dates=due_dates)
    if indicators is not None:
        _reindicate(by=by, plan=plan, indicators=indicators)
    after = _plan_state(plan)
    if after == before:
        raise DomainError("Change the frequency, a due date or an indicator, or cancel", field="reason")
    if plan_before != snapshot(plan):
        audit_record(by=by, action="update", instance=plan, before=plan_before, after=snapshot(plan))
    adjustment = PlanAdjustment.objects.create(
        plan=plan,
        reason=reason,
        before=_plain_state(before),
        after=_plain_state(after),
        made_by_id=acting_person_id(by),
    )
    audit_record(
        by=by, action="adjust", instance=adjustment, before=before, after={**after, "reason": reason}
    )
    return adjustment


def _plain_state(state: dict[str, Any]) -> dict[str, Any]:
    """The state in JSON terms for the adjustment row: dates as ISO strings, money as strings."""
    return {
        "frequency": state["frequency"],
        "returns": [
            {**r, "period_end": r["period_end"].isoformat(), "due_on": r["due_on"].isoformat()}
            for r in state["returns"]
        ],
        "indicators": [{**i, "target": str(i["target"])} for i in state["indicators"]],
    }
