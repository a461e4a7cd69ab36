"""Reads for returns: a provider's returns, returns awaiting review, one return with everything its pages show."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from commissioning.agreements.access import agreements_visible_to
from commissioning.core.money import format_money
from commissioning.monitoring.defaults import SPEND_KEY
from commissioning.monitoring.models import (
    MonitoringReturn,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.selectors.schedule import SCHEDULE_TAGS, schedule_status


def returns_of_provider(user: Any) -> QuerySet[MonitoringReturn]:
    """Every scheduled return of the agreements the person's organisation is a party to, soonest due first."""
    return (
        MonitoringReturn.objects.filter(plan__agreement__in=agreements_visible_to(user))
        .select_related("plan__agreement")
        .order_by("due_on", "id")
    )


# A return as a provider's list shows it: the return, its schedule label and its tag's class.
ProviderRow = tuple[MonitoringReturn, str, str]


def provider_returns_owed_and_sent(user: Any, *, on: date) -> tuple[list[ProviderRow], list[ProviderRow]]:
    """The provider's returns still owed (due, in progress, sent back) and those sent, each with its schedule tag."""
    owed: list[ProviderRow] = []
    sent: list[ProviderRow] = []
    for monitoring_return in returns_of_provider(user):
        row = (monitoring_return, *SCHEDULE_TAGS[schedule_status(monitoring_return, on=on)])
        (owed if monitoring_return.is_outstanding else sent).append(row)
    return owed, sent


def returns_awaiting_review() -> QuerySet[MonitoringReturn]:
    """Submitted returns waiting for an officer, longest waiting first."""
    return (
        MonitoringReturn.objects.filter(status=ReturnStatus.SUBMITTED)
        .select_related("plan__agreement__organisation", "submitted_by")
        .order_by("submitted_at", "id")
    )


def latest_rated(returns: QuerySet[MonitoringReturn]) -> QuerySet[MonitoringReturn]:
    """The rule for an agreement's (or plan's) rating: the rating of its latest reviewed return, by period. Gives
    the reviewed, rated returns among `returns`, newest period first; take `[:1]` of it in a Subquery."""
    return returns.filter(status=ReturnStatus.REVIEWED).exclude(rating="").order_by("-period_end", "-number")


def return_with_answers(pk: int) -> MonitoringReturn | None:
    """One return with its agreement, indicators and values, evidence and any remedial plan (its status history:
    `audit.workflow.history`)."""
    return (
        MonitoringReturn.objects.filter(pk=pk)
        .select_related(
            "plan__agreement__organisation",
            "submitted_by",
            "reviewed_by",
            "remedial_plan__opened_by",
            "remedial_plan__closed_by",
        )
        .prefetch_related(
            "plan__indicators",
            "indicator_values__indicator",
            "evidence",
            Prefetch("remedial_plan__actions", queryset=RemedialAction.objects.order_by("due_on", "pk")),
        )
        .first()
    )


def remedial_plan_with_actions(pk: int) -> RemedialPlan | None:
    return (
        RemedialPlan.objects.filter(pk=pk)
        .select_related("agreement__organisation", "monitoring_return", "opened_by", "closed_by")
        .prefetch_related(Prefetch("actions", queryset=RemedialAction.objects.order_by("due_on", "pk")))
        .first()
    )


def remedial_plans_open() -> QuerySet[RemedialPlan]:
    return (
        RemedialPlan.objects.filter(status=RemedialPlan.Status.OPEN)
        .select_related("agreement__organisation", "monitoring_return")
        .order_by("opened_at", "pk")
    )


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    # For an indicator: the target, and whether the value meets it.
    target: str = ""
    on_target: bool | None = None


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def answered_questions(monitoring_return: MonitoringReturn) -> list[tuple[str, list[Answer]]]:
    """The return's answers under the questions that were asked, by section (from the prefetched return)."""
    values = {v.indicator_id: v.value for v in monitoring_return.indicator_values.all()}
    sections: list[tuple[str, list[Answer]]] = []
    for section in (monitoring_return.form_definition or {}).get("sections", []):
        answers: list[Answer] = []
        for question in section.get("questions", []):
            kind, key = question.get("type"), question.get("key", "")
            if kind == "files":
                continue
            if kind == "indicators":
                for indicator in monitoring_return.plan.indicators.all():
                    value = values.get(indicator.pk)
                    unit = f" {indicator.unit}" if indicator.unit else ""
                    on_target = None
                    if value is not None:
                        higher = indicator.direction == indicator.Direction.HIGHER
                        on_target = value >= indicator.target if higher else value <= indicator.target
                    answers.append(
                        Answer(
                            label=indicator.name,
                            value=f"{_number(value)}{unit}" if value is not None else "",
                            target=f"{_number(indicator.target)}{unit}",
                            on_target=on_target,
                        )
                    )
                continue
            label = question.get("label") or key
            if key == SPEND_KEY:
                spent = monitoring_return.spend_to_date
                answers.append(Answer(label=label, value=format_money(spent) if spent is not None else ""))
            else:
                answer = monitoring_return.answers.get(key)
                answers.append(Answer(label=label, value="" if answer is None else str(answer)))
        if answers:
            sections.append((section.get("title", ""), answers))
    return sections
