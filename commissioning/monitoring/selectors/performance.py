"""Reads for an agreement's performance page: its schedule of returns (late or not, reviewed, rating), indicator
trends against targets, ratings over time, remedial plans, and the public feedback about the service.

Everything is read in a fixed number of queries, however many returns, values, plans or feedback the agreement
has: the returns, indicators, values and remedial plans are each one query, and the feedback summary a few more.
The page reads the agreement with its plan (`performance_agreements`), which also says whether it has indicators,
remedial plans or feedback at all, so an agreement without them costs two queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from commissioning.agreements.models import Agreement
from commissioning.core.charts import Chart, Series
from commissioning.core.formats import govuk_date, short_date
from commissioning.core.links import pk_address
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.feedback.selectors import FeedbackSummary, feedback_summary
from commissioning.monitoring.models import (
    Indicator,
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    Rating,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.selectors.schedule import SCHEDULE_TAGS, schedule_status

RATING_TAGS = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}


@dataclass(frozen=True)
class ScheduleRow:
    """One return as the schedule shows it: its status tag, when it came in, and how many days late it is or was;
    with the texts and address the page writes, worked out once here rather than by filters in each table cell."""

    monitoring_return: MonitoringReturn
    label: str
    tag: str
    submitted_on: date | None
    days_late: int  # 0 when on time (or not yet due)
    url: str = ""
    name: str = ""  # "Return 3" or "Final return"
    period: str = ""  # "1 Apr 2025 to 30 Jun 2025"
    due: str = ""  # "28 July 2025"
    submitted: str = ""  # "2 August 2025" or "Not submitted"
    late: str = ""  # "Yes, 5 days" or "No"
    reviewed: str = ""  # "9 August 2025", blank until reviewed
    rating: str = ""  # "Green", blank until rated

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
    address = pk_address("monitoring:return")
    ratings = dict(Rating.choices)
    rows = []
    for r in returns:
        label, tag = SCHEDULE_TAGS[schedule_status(r, on=on)]
        submitted_on = _submitted_on(r)
        late = days_late(r, on=on)
        rows.append(
            ScheduleRow(
                monitoring_return=r,
                label=label,
                tag=tag,
                submitted_on=submitted_on,
                days_late=late,
                url=address(r.pk),
                name="Final return" if r.is_final else f"Return {r.number}",
                period=f"{short_date(r.period_start)} to {short_date(r.period_end)}",
                due=govuk_date(r.due_on),
                submitted=govuk_date(submitted_on) if submitted_on else "Not submitted",
                late=f"Yes, {late} day{'' if late == 1 else 's'}" if late else "No",
                reviewed=govuk_date(timezone.localdate(r.reviewed_at)) if r.reviewed_at else "",
                rating=str(ratings.get(r.rating, r.rating)),
            )
        )
    return rows


def indicator_charts(
    returns: list[MonitoringReturn],
    indicators: list[Indicator],
    values: list[tuple[int, int, Decimal]],
) -> list[Chart]:
    """One line chart per indicator: its value in each return that reported any, against its target. `values`:
    (return id, indicator id, value)."""
    by_return: dict[int, dict[int, Decimal]] = {}
    for return_id, indicator_id, value in values:
        by_return.setdefault(return_id, {})[indicator_id] = value
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


PLAN_FIELDS = ("id", "agreement_id", "frequency", "needs_indicators", "needs_review_meeting")
TIER_FIELDS = ("id", "name", "due_days")


def performance_agreements(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Agreements read for their performance page: the columns the page shows, the lead organisation, the
    monitoring plan and its tier, and whether there is anything to read of indicators, remedial plans and feedback
    (most agreements have none of them, so the page reads them only when there are some)."""
    return (
        agreements.select_related("organisation", "monitoring_plan__tier")
        .only(
            "id",
            "reference",
            "mechanism",
            "title",
            "value",
            "starts_on",
            "ends_on",
            "organisation__id",
            "organisation__name",
            *(f"monitoring_plan__{name}" for name in PLAN_FIELDS),
            *(f"monitoring_plan__tier__{name}" for name in TIER_FIELDS),
        )
        .annotate(
            has_indicators=Exists(Indicator.objects.filter(plan__agreement=OuterRef("pk"))),
            has_remedial_plans=Exists(RemedialPlan.objects.filter(agreement=OuterRef("pk"))),
            has_feedback=Exists(
                Feedback.objects.filter(
                    agreement=OuterRef("pk"), status__in=(FeedbackStatus.APPROVED, FeedbackStatus.PENDING)
                )
            ),
        )
    )


def _plan_of(agreement: Agreement) -> MonitoringPlan | None:
    if Agreement.monitoring_plan.is_cached(agreement):  # read with it by performance_agreements
        return getattr(agreement, "monitoring_plan", None)
    return (
        MonitoringPlan.objects.filter(agreement=agreement)
        .select_related("tier")
        .only(*PLAN_FIELDS, *(f"tier__{name}" for name in TIER_FIELDS))
        .first()
    )


def agreement_performance(agreement: Agreement, *, on: date) -> AgreementPerformance:
    """Everything the performance page shows for one agreement, in a bounded number of queries; fewer when the
    agreement was read by `performance_agreements`, which says what there is no need to read."""
    plan = _plan_of(agreement)
    returns: list[MonitoringReturn] = []
    indicators: list[Indicator] = []
    values: list[tuple[int, int, Decimal]] = []
    if plan is not None:
        returns = list(
            MonitoringReturn.objects.filter(plan=plan).defer("form_definition", "answers").order_by("number")
        )
        if getattr(agreement, "has_indicators", True):
            indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
        # Values of the returns already in, read by their ids (no join back to the plan); none to read without
        # indicators.
        reported = [r.pk for r in returns if r.status in (ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED)]
        if indicators and reported:
            values = list(
                IndicatorValue.objects.filter(monitoring_return_id__in=reported)
                .values_list("monitoring_return_id", "indicator_id", "value")
                .order_by()
            )
    schedule = schedule_rows(returns, on=on)
    remedial_plans: list[RemedialPlan] = []
    if getattr(agreement, "has_remedial_plans", True):
        remedial_plans = list(
            RemedialPlan.objects.filter(agreement=agreement)
            .select_related("monitoring_return")
            .only(
                "id",
                "agreement_id",
                "summary",
                "status",
                "opened_at",
                "closed_at",
                "monitoring_return__id",
                "monitoring_return__number",
            )
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
        feedback=(
            feedback_summary(agreement)
            if getattr(agreement, "has_feedback", True)
            else FeedbackSummary(approved=0, waiting=0)
        ),
    )
