"""Active agreements with monitoring plans, made through the agreements service (no fund, so no money rules), and
reviewed returns for pages to show."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringReturn,
    Rating,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.services.plans import IndicatorSpec, monitoring_plan_adjust

INDICATORS = [
    IndicatorSpec(name="Victims supported", target=Decimal("300"), unit="people"),
    IndicatorSpec(name="Referrals received", target=Decimal("400"), unit="referrals"),
]


def active_agreement(
    *, by: Any, organisation: Any, value: str, starts_on: date, ends_on: date, **kwargs: Any
) -> Agreement:
    return make_agreement(
        by=by,
        organisation=organisation,
        fund=None,
        value=value,
        starts_on=starts_on,
        ends_on=ends_on,
        status=AgreementStatus.ACTIVE,
        **kwargs,
    )


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def quarterly_agreement(
    officer: Any, organisation: Any, *, years_back: int, title: str = "Victim support service"
) -> Agreement:
    """A quarterly agreement (£150,000) that started `years_back` years ago and runs a year more, with indicators."""
    today = timezone.localdate()
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=today - timedelta(days=365 * years_back),
        ends_on=today + timedelta(days=365),
        title=title,
    )
    monitoring_plan_adjust(
        by=officer, plan=agreement.monitoring_plan, reason="Indicators agreed", indicators=INDICATORS
    )
    return agreement


def review_past_returns(agreement: Agreement, officer: Any, *, leave_owed: int = 1) -> list[MonitoringReturn]:
    """Every return whose due date has passed, but the last `leave_owed`, submitted a week late and rated, with
    indicator values, written straight to the table (the services are tested elsewhere; this is data for a page)."""
    today = timezone.localdate()
    plan = agreement.monitoring_plan
    past = list(plan.returns.filter(due_on__lt=today).order_by("number"))
    done = past[: len(past) - leave_owed]
    ratings = [Rating.GREEN, Rating.AMBER, Rating.RED]
    indicators = list(plan.indicators.order_by("pk"))
    values = []
    for n, r in enumerate(done):
        r.status = ReturnStatus.REVIEWED
        r.submitted_at = at_noon(r.due_on + timedelta(days=7))
        r.reviewed_at = r.submitted_at + timedelta(days=3)
        r.reviewed_by = officer
        r.rating = ratings[n % 3]
        r.rating_reasons = f"Reasons for return {r.number}"
        values += [
            IndicatorValue(monitoring_return=r, indicator=i, value=Decimal(200 + 10 * n + k))
            for k, i in enumerate(indicators)
        ]
    MonitoringReturn.objects.bulk_update(
        done, ["status", "submitted_at", "reviewed_at", "reviewed_by", "rating", "rating_reasons"]
    )
    IndicatorValue.objects.bulk_create(values)
    for r in done:
        if r.rating == Rating.RED:
            remedial = RemedialPlan.objects.create(
                agreement=agreement, monitoring_return=r, summary="Get back on track", opened_by=officer
            )
            RemedialAction.objects.create(
                plan=remedial, action="Recruit two caseworkers", owner="Service manager", due_on=today
            )
    return done
