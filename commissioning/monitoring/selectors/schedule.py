"""Reads for the monitoring schedule: returns overdue and due soon, and one agreement's plan."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet

from commissioning.core.formats import govuk_date, short_date
from commissioning.core.links import pk_address
from commissioning.monitoring.models import (
    OUTSTANDING_STATUSES,
    MonitoringPlan,
    MonitoringReturn,
    PlanAdjustment,
    ReminderSent,
    ReturnStatus,
)

DUE_SOON_DAYS = 30

# What the schedule shows for a return: its status, with "late" for one still owed after its due date.
SCHEDULE_TAGS: dict[str, tuple[str, str]] = {
    "due": ("Due", "govuk-tag--blue"),
    "draft": ("In progress", "govuk-tag--light-blue"),
    "late": ("Late", "govuk-tag--red"),
    "changes_requested": ("Changes requested", "govuk-tag--orange"),
    "submitted": ("Submitted", "govuk-tag--purple"),
    "reviewed": ("Reviewed", "govuk-tag--green"),
}


def schedule_status(monitoring_return: MonitoringReturn, *, on: date) -> str:
    if monitoring_return.status in OUTSTANDING_STATUSES and monitoring_return.due_on < on:
        return "late"
    return str(monitoring_return.status)


def _outstanding() -> QuerySet[MonitoringReturn]:
    return MonitoringReturn.objects.filter(status__in=OUTSTANDING_STATUSES)


def returns_overdue(*, on: date) -> QuerySet[MonitoringReturn]:
    """Returns still owed after their due date, longest overdue first."""
    return _outstanding().filter(due_on__lt=on).order_by("due_on", "id")


def returns_due_soon(*, on: date, days: int = DUE_SOON_DAYS) -> QuerySet[MonitoringReturn]:
    """Returns still owed that fall due from `on` to `days` days later, soonest first."""
    return (
        _outstanding().filter(due_on__gte=on, due_on__lte=on + timedelta(days=days)).order_by("due_on", "id")
    )


@dataclass(frozen=True)
class ListRow:
    """One return in the overdue and due-soon lists, with the texts and addresses the table shows."""

    agreement_id: int
    plan_url: str
    performance_url: str
    reference: str
    title: str
    organisation: str
    name: str  # "Return 3" or "Final return"
    period: str  # "1 Apr 2025 to 30 Jun 2025"
    due: str  # "28 July 2025"
    days_late: int  # after the due date; 0 or less when not yet due
    status: str


def returns_for_list(rows: QuerySet[Any], *, on: date) -> list[ListRow]:
    """One page of a list (`rows`: the page's ids, a sliced query in the list's order), read in one query with the
    agreement and its lead organisation: the ids are its subquery."""
    found = (
        MonitoringReturn.objects.filter(pk__in=rows)
        .values(
            "id",
            "number",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "is_final",
            "plan__agreement_id",
            "plan__agreement__reference",
            "plan__agreement__title",
            "plan__agreement__organisation__name",
        )
        .order_by(*rows.query.order_by)
    )
    plan_url, performance_url = pk_address("monitoring:plan"), pk_address("monitoring:performance")
    statuses = dict(ReturnStatus.choices)
    result = []
    for row in found:
        agreement_id = row["plan__agreement_id"]
        result.append(
            ListRow(
                agreement_id=agreement_id,
                plan_url=plan_url(agreement_id),
                performance_url=performance_url(agreement_id),
                reference=row["plan__agreement__reference"],
                title=row["plan__agreement__title"],
                organisation=row["plan__agreement__organisation__name"],
                name="Final return" if row["is_final"] else f"Return {row['number']}",
                period=f"{short_date(row['period_start'])} to {short_date(row['period_end'])}",
                due=govuk_date(row["due_on"]),
                days_late=(on - row["due_on"]).days,
                status=str(statuses.get(row["status"], row["status"])),
            )
        )
    return result


def plan_of_agreement(agreement: Any) -> MonitoringPlan | None:
    """The agreement's plan with its tier, returns, indicators and adjustments, or None if it has none yet."""
    return (
        MonitoringPlan.objects.filter(agreement=agreement)
        .select_related("tier", "template", "created_by")
        .prefetch_related(
            Prefetch("returns", queryset=MonitoringReturn.objects.order_by("number")),
            "indicators",
            Prefetch(
                "adjustments", queryset=PlanAdjustment.objects.select_related("made_by").order_by("-made_at")
            ),
        )
        .first()
    )


def returns_awaiting_reminder(
    *, on: date, before_days: int
) -> tuple[QuerySet[MonitoringReturn], QuerySet[MonitoringReturn]]:
    """Returns owed that are due within `before_days` days and have no before-due reminder, and returns overdue
    with no overdue reminder: what the reminder command sends."""
    base = _outstanding().select_related("plan__agreement__organisation")
    before_due = base.filter(due_on__gte=on, due_on__lte=on + timedelta(days=before_days)).exclude(
        reminders__kind=ReminderSent.Kind.BEFORE_DUE
    )
    overdue = base.filter(due_on__lt=on).exclude(reminders__kind=ReminderSent.Kind.OVERDUE)
    return before_due.order_by("due_on", "id"), overdue.order_by("due_on", "id")
