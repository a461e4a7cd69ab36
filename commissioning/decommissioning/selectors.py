"""Reads for decommissioning: the minimum notice on a date, the monitoring report a proposal cites, the list and
one proposal's page, who may decide it, and the proposals about a set of agreements (the project review's)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import may
from commissioning.agreements.selectors import remaining_values
from commissioning.audit.models import StatusChange
from commissioning.audit.workflow import history
from commissioning.core.dates import add_months
from commissioning.core.effective import rule_on
from commissioning.core.formats import govuk_date
from commissioning.core.money import pounds
from commissioning.core.work import WorkCount
from commissioning.governance.selectors import LimitResult, delegated_limit, limits_in_effect, role_title
from commissioning.monitoring.models import MonitoringReturn, ReturnStatus
from commissioning.monitoring.selectors.performance import RATING_TAGS

from .models import OPEN_STATUSES, PROVIDER_SEES, Decommissioning, DecommissioningStatus, Kind, NoticePeriod

# Shipped as the first NoticePeriod row (migration 0002); read when no row is on record.
DEFAULT_NOTICE_MONTHS = 3
# A report "on record": the provider has sent it (an officer may have reviewed and rated it since).
REPORTED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED)
SOURCE_TYPE = Decommissioning._meta.label_lower


# --- The notice ---------------------------------------------------------------------------------------------------


def notice_months(on: date) -> int:
    """The minimum notice, in months, for notice given on `on`: the rule in effect that day."""
    rule = rule_on(NoticePeriod.objects.all(), on=on)
    return rule.months if rule is not None else DEFAULT_NOTICE_MONTHS


def earliest_end(notice_on: date) -> date:
    return add_months(notice_on, notice_months(notice_on))


def notice_problem(decommissioning: Decommissioning) -> tuple[str, str]:
    """Why the notice cannot stand, as (message, field), or ("", "") when it can."""
    agreement = decommissioning.agreement
    notice_on, ends_on = decommissioning.notice_on, decommissioning.ends_on
    if notice_on is None:
        return "Enter the date notice is given", "notice_on"
    if ends_on is None:
        return "Enter the date the agreement ends", "ends_on"
    if ends_on < notice_on:
        return "The end date must be on or after the date notice is given", "ends_on"
    months = notice_months(notice_on)
    earliest = add_months(notice_on, months)
    if ends_on < earliest:
        unit = "month" if months == 1 else "months"
        return (
            f"The notice must be at least {months} {unit}: the earliest end date is {govuk_date(earliest)}",
            ("ends_on"),
        )
    if ends_on > agreement.ends_on:
        return (
            f"The end date must be on or before the agreement's own end date, {govuk_date(agreement.ends_on)}",
            "ends_on",
        )
    return "", ""


# --- The monitoring report cited ----------------------------------------------------------------------------------


def latest_report(agreement_id: int) -> MonitoringReturn | None:
    """The latest monitoring report on record for the agreement: the return sent for its latest period, whether
    reviewed yet or not."""
    return (
        MonitoringReturn.objects.filter(plan__agreement_id=agreement_id, status__in=REPORTED_STATUSES)
        .select_related("reviewed_by")
        .order_by("-period_end", "-number")
        .first()
    )


NO_REPORT = (
    "There is no monitoring report on record for {agreement}: a decommissioning cannot go forward until the "
    "provider has sent a monitoring return for it"
)


def missing_parts(decommissioning: Decommissioning) -> list[str]:
    """What must be written before the proposal can go forward, in the words of the error summary."""
    d = decommissioning
    missing = []
    if d.kind == Kind.REDUCE and d.new_value is None:
        missing.append("Enter the agreement's new value")
    if not d.service_user_impact.strip():
        missing.append("Enter the impact on service users")
    if not d.equality_impact.strip():
        missing.append("Enter the equality impact assessment")
    if d.people_supported is None or not d.transition_plan.strip():
        missing.append("Enter the exit or transition plan: the people supported now and where they will go")
    message, _ = notice_problem(d)
    if message:
        missing.append(message)
    return missing


def why_not_proposed(decommissioning: Decommissioning) -> str:
    """The workflow's guard on proposing: the first thing that stops the proposal going forward, or ""."""
    if latest_report(decommissioning.agreement_id) is None:
        return NO_REPORT.format(agreement=decommissioning.agreement.reference)
    missing = missing_parts(decommissioning)
    return missing[0] if missing else ""


def why_not_decided(decommissioning: Decommissioning) -> str:
    """The workflow's guard on deciding: the provider's response must be on record."""
    if not decommissioning.provider_response.strip():
        return "Record the provider's response before the decision"
    return ""


# --- Pages --------------------------------------------------------------------------------------------------------


def decommissioning_search(
    *, status: str = "", reason: str = "", agreement: int | None = None
) -> QuerySet[Decommissioning]:
    """The proposals for the staff list, newest first, with their agreement and its organisation."""
    rows = Decommissioning.objects.select_related("agreement__organisation").order_by("-created_at", "-pk")
    if agreement is not None:
        rows = rows.filter(agreement_id=agreement)
    if status:
        rows = rows.filter(status=status)
    if reason:
        rows = rows.filter(reason=reason)
    return rows


def decommissioning_with_parts(pk: int) -> Decommissioning | None:
    return (
        Decommissioning.objects.filter(pk=pk)
        .select_related(
            "agreement__organisation",
            "agreement__fund",
            "cited_return__reviewed_by",
            "decision_record",
            "decided_by",
            "created_by",
            "provider_response_by",
        )
        .first()
    )


def remaining_value(agreement_id: int) -> Decimal:
    return remaining_values([agreement_id]).get(agreement_id, Decimal("0.00"))


@dataclass(frozen=True)
class WhoMayDecide:
    """Who may decide a decision on `amount`: the person looking (their limit, and whether it covers it) and
    every role whose limit does."""

    amount: Decimal
    limit: LimitResult
    covered: bool
    roles: list[str]


def who_may_decide(user: Any, amount: Decimal, *, on: date | None = None) -> WhoMayDecide:
    limit = delegated_limit(user, on=on)
    roles = [
        f"{role_title(row.role)} ("
        + ("no limit" if row.max_amount is None else f"up to {pounds(row.max_amount)}")
        + ")"
        for row in limits_in_effect(on=on)
        if row.max_amount is None or amount <= row.max_amount
    ]
    return WhoMayDecide(amount=amount, limit=limit, covered=limit.covers(amount), roles=roles)


@dataclass
class DecommissioningPage:
    decommissioning: Decommissioning
    report: MonitoringReturn | None  # the cited report once proposed; the latest on record before
    newer_report: MonitoringReturn | None  # a report sent since the citation
    remaining: Decimal
    notice_months: int
    earliest_end: date | None
    missing: list[str]
    status_changes: list[StatusChange] = field(default_factory=list)

    @property
    def report_tag(self) -> str:
        return RATING_TAGS.get(self.report.rating, "") if self.report is not None else ""

    @property
    def cannot_go_forward(self) -> str:
        d = self.decommissioning
        if self.report is None:
            return NO_REPORT.format(agreement=d.agreement.reference)
        return ""


def decommissioning_page(decommissioning: Decommissioning) -> DecommissioningPage:
    d = decommissioning
    latest = latest_report(d.agreement_id)
    report = d.cited_return if d.cited_return_id else latest
    newer = (
        latest
        if d.is_open and latest is not None and d.cited_return_id and latest.pk != d.cited_return_id
        else None
    )
    notice_on = d.notice_on or timezone.localdate()
    return DecommissioningPage(
        decommissioning=d,
        report=report,
        newer_report=newer,
        remaining=remaining_value(d.agreement_id),
        notice_months=notice_months(notice_on),
        earliest_end=earliest_end(d.notice_on) if d.notice_on else None,
        missing=missing_parts(d) if d.is_open else [],
        status_changes=list(history(d).order_by("changed_at", "pk")),
    )


def decommissionings_for_agreements(agreement_ids: Any) -> dict[int, list[Decommissioning]]:
    """The decommissioning proposals about each of the agreements, newest first, by agreement id, in one query
    (with their decision records): what a commissioning project's review shows."""
    rows: dict[int, list[Decommissioning]] = {}
    for d in (
        Decommissioning.objects.filter(agreement_id__in=list(agreement_ids))
        .select_related("agreement", "decision_record", "cited_return")
        .order_by("-created_at", "-pk")
    ):
        rows.setdefault(d.agreement_id, []).append(d)
    return rows


def open_decommissioning_of(agreement_id: int) -> Decommissioning | None:
    return Decommissioning.objects.filter(agreement_id=agreement_id, status__in=OPEN_STATUSES).first()


def decommissionings_shown_to_provider(agreement_id: int) -> list[Decommissioning]:
    """The proposals about the agreement its provider sees (proposed, decided or refused), newest first."""
    return list(
        Decommissioning.objects.filter(agreement_id=agreement_id, status__in=PROVIDER_SEES).order_by(
            "-created_at", "-pk"
        )
    )


def work_waiting(user: Any) -> list[WorkCount]:
    """Proposals waiting for this person (core/work.py): for a decision-maker, those proposed by someone else, to
    decide; for an officer, the drafts they started, to finish. Open proposals are few: counted in full."""
    person_id = getattr(user, "pk", None)
    listed = reverse("decommissioning:list")
    items: list[WorkCount] = []
    if may(user, "decommissioning.decide"):
        waiting = Decommissioning.objects.filter(status=DecommissioningStatus.PROPOSED).exclude(
            created_by_id=person_id
        )
        items.append(
            WorkCount("Decommissioning proposals to decide", waiting, f"{listed}?status=proposed", cap=False)
        )
    if may(user, "decommissioning.propose"):
        drafts = Decommissioning.objects.filter(status=DecommissioningStatus.DRAFT, created_by_id=person_id)
        items.append(
            WorkCount("Your draft decommissioning proposals", drafts, f"{listed}?status=draft", cap=False)
        )
    return items
