"""Reads for an agreement's performance page: its schedule of returns (late or not, reviewed, rating), indicator
trends against targets, ratings over time, remedial plans, and the public feedback about the service.

Everything is read in a fixed number of queries, however many returns, values, plans or feedback the agreement
has: the returns, indicators, values and remedial plans are each one query, and the feedback summary a few more.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from commissioning.agreements.models import Agreement
from commissioning.core.charts import Chart, Series
from commissioning.feedback.selectors import FeedbackSummary, feedback_summary
from commissioning.monitoring.models import (
    Indicator,
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.selectors.schedule import SCHEDULE_TAGS, schedule_status

RATING_TAGS = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}


@dataclass(frozen=True)
class ScheduleRow:
    """One return as the schedule shows it: its status tag, when it came in, and how many days late it is or was."""

    monitoring_return: MonitoringReturn
    label: str
    tag: str
    submitted_on: date | None
    days_late: int  # 0 when on time (or not yet due)

    @property
    def rating_tag(self) -> str:
        return RATING_TAGS.get(self.monitoring_return.rating, "")


@dataclass(frozen=True)
class AgreementPerformance:
    agreement: Agreement
    plan: MonitoringPlan | None
    schedule: list[ScheduleRow]
    charts: list[Chart]
    ratings: list[ScheduleRow]  # reviewed returns, oldest period first
    remedial_plans: list[RemedialPlan]
    feedback: FeedbackSummary

    @property
    def late_count(self) -> int:
        return sum(1 for row in self.schedule if row.days_late > 0)


def period_label(monitoring_return: MonitoringReturn) -> str:
    """A short name for the period a return covers, for chart categories: "Apr 2025 to Jun 2025"."""
    start, end = monitoring_return.period_start, monitoring_return.period_end
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%b %Y}"
    return f"{start:%b %Y} to {end:%b %Y}"


def days_late(monitoring_return: MonitoringReturn, *, on: date) -> int:
    """Days after the due date the return came in, or, if still owed, days it is overdue today (0 if not late)."""
    if monitoring_return.is_outstanding:
        return max(0, (on - monitoring_return.due_on).days)
    submitted_on = _submitted_on(monitoring_return)
    return 0 if submitted_on is None else max(0, (submitted_on - monitoring_return.due_on).days)


def _submitted_on(monitoring_return: MonitoringReturn) -> date | None:
    submitted_at = monitoring_return.submitted_at
    return timezone.localdate(submitted_at) if submitted_at is not None else None


def schedule_rows(returns: list[MonitoringReturn], *, on: date) -> list[ScheduleRow]:
    rows = []
    for r in returns:
        label, tag = SCHEDULE_TAGS[schedule_status(r, on=on)]
        rows.append(
            ScheduleRow(
                monitoring_return=r,
                label=label,
                tag=tag,
                submitted_on=_submitted_on(r),
                days_late=days_late(r, on=on),
            )
        )
    return rows


def indicator_charts(
    returns: list[MonitoringReturn], indicators: list[Indicator], values: list[IndicatorValue]
) -> list[Chart]:
    """One line chart per indicator: its value in each return that reported any, against its target."""
    by_return: dict[int, dict[int, Decimal]] = {}
    for value in values:
        by_return.setdefault(value.monitoring_return_id, {})[value.indicator_id] = value.value
    reported = [r for r in returns if r.pk in by_return]
    categories = [period_label(r) for r in reported]
    charts = []
    for indicator in indicators:
        figures = [by_return[r.pk].get(indicator.pk) for r in reported]
        charts.append(
            Chart(
                title=f"{indicator.name} against its target",
                categories=categories,
                series=[Series(name=indicator.name, values=figures)],
                kind="line",
                unit=indicator.unit,
                target=indicator.target,
                category_label="Period",
            )
        )
    return charts


def agreement_performance(agreement: Agreement, *, on: date) -> AgreementPerformance:
    """Everything the performance page shows for one agreement, in a bounded number of queries."""
    plan = (
        MonitoringPlan.objects.filter(agreement=agreement)
        .select_related("tier")
        .only(
            "id",
            "agreement_id",
            "frequency",
            "needs_indicators",
            "needs_review_meeting",
            "tier__id",
            "tier__name",
            "tier__due_days",
        )
        .first()
    )
    returns: list[MonitoringReturn] = []
    indicators: list[Indicator] = []
    values: list[IndicatorValue] = []
    if plan is not None:
        returns = list(
            MonitoringReturn.objects.filter(plan=plan).defer("form_definition", "answers").order_by("number")
        )
        indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
        values = list(
            IndicatorValue.objects.filter(
                monitoring_return__plan=plan,
                monitoring_return__status__in=(ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED),
            ).only("monitoring_return_id", "indicator_id", "value")
        )
    schedule = schedule_rows(returns, on=on)
    remedial_plans = list(
        RemedialPlan.objects.filter(agreement=agreement)
        .select_related("monitoring_return")
        .prefetch_related(Prefetch("actions", queryset=RemedialAction.objects.order_by("due_on", "pk")))
        .order_by("-opened_at", "-pk")
    )
    return AgreementPerformance(
        agreement=agreement,
        plan=plan,
        schedule=schedule,
        charts=indicator_charts(returns, indicators, values),
        ratings=[row for row in schedule if row.monitoring_return.rating],
        remedial_plans=remedial_plans,
        feedback=feedback_summary(agreement),
    )
