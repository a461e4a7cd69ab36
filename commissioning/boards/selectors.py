"""Reads for boards: the list of boards, a board's meetings, a meeting with its agenda and packs, and the content
of a board pack, computed section by section for the meeting's financial year.

The pack's content is a `PackContent` of plain dataclasses. The service that builds a pack computes each section
with the step functions in `PACK_STEPS`, keeps them as JSON on the pack, and the pack's page and PDF read them back
with `pack_content`, so both show the pack exactly as it was generated.
"""

import dataclasses
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Union, get_args, get_origin, get_type_hints

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.core.charts import Chart, Series
from commissioning.core.formats import govuk_datetime
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.feedback.selectors import themes_for_agreements
from commissioning.finance import years
from commissioning.finance.models import FinancialYear, Fund
from commissioning.finance.selectors import budget_positions
from commissioning.monitoring.models import MonitoringReturn, Rating
from commissioning.monitoring.selectors.returns import latest_rated, remedial_plans_open
from commissioning.monitoring.selectors.schedule import returns_overdue

from .models import AgendaItem, Board, BoardPack, Meeting, PackStatus

# The most rows a pack lists in one table (the counts are always whole): a board reads exceptions, not registers.
PACK_ROWS = 100


# Pages ------------------------------------------------------------------------------------------------------


def boards_with_meetings() -> QuerySet[Board]:
    """Every board with the number of its meetings and the date of its next one, by name, in one query."""
    return Board.objects.select_related("chair").annotate(
        meeting_count=Count("meetings"),
        next_meeting_at=Min(
            "meetings__starts_at",
            filter=Q(meetings__starts_at__gte=timezone.now(), meetings__status="scheduled"),
        ),
    )


def meetings_of(board: Board) -> QuerySet[Meeting]:
    """A board's meetings, newest first, each with its number of agenda items and of packs ready."""
    return (
        Meeting.objects.filter(board=board)
        .annotate(
            item_count=Count("agenda_items", distinct=True),
            pack_count=Count("packs", filter=Q(packs__status=PackStatus.DONE), distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


@dataclass(frozen=True)
class MeetingDetail:
    meeting: Meeting
    items: list[AgendaItem]
    packs: list[BoardPack]

    @property
    def latest_pack(self) -> BoardPack | None:
        return self.packs[0] if self.packs else None

    @property
    def earlier_packs(self) -> list[BoardPack]:
        return self.packs[1:]


def meeting_detail(meeting: Meeting) -> MeetingDetail:
    """A meeting's agenda in order (with any agreement named) and its packs, newest first."""
    return MeetingDetail(
        meeting=meeting,
        items=list(
            AgendaItem.objects.filter(meeting=meeting).select_related("agreement").order_by("order", "pk")
        ),
        packs=list(
            BoardPack.objects.filter(meeting=meeting)
            .select_related("generated_by")
            .defer("content")
            .order_by("-requested_at", "-pk")
        ),
    )


def meeting_with_board(pk: int) -> Meeting | None:
    return Meeting.objects.select_related("board").filter(pk=pk).first()


def pack_with_meeting(pk: int) -> BoardPack | None:
    return BoardPack.objects.select_related("meeting__board", "generated_by").filter(pk=pk).first()


# The pack's content ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackHeader:
    body: str
    board: str
    meeting_starts_at: datetime
    location: str
    financial_year: str
    as_at: date

    @property
    def meeting_on(self) -> date:
        return timezone.localtime(self.meeting_starts_at).date()

    @property
    def meeting_when(self) -> str:
        return govuk_datetime(self.meeting_starts_at)


@dataclass(frozen=True)
class FundPosition:
    fund_id: int
    fund: str
    allocated: Decimal
    committed: Decimal
    paid: Decimal
    available: Decimal


@dataclass(frozen=True)
class BudgetSection:
    funds: list[FundPosition]
    total: FundPosition | None


@dataclass(frozen=True)
class RatedAgreement:
    agreement_id: int
    reference: str
    title: str
    organisation: str
    reviewed_on: date | None


@dataclass(frozen=True)
class RatingGroup:
    rating: str  # red, amber, green, or "" for not yet rated
    label: str
    count: int
    agreements: list[RatedAgreement]

    @property
    def is_exception(self) -> bool:
        return self.rating != Rating.GREEN

    @property
    def tag_class(self) -> str:
        return RATING_TAGS.get(self.rating, "govuk-tag--grey")

    @property
    def more(self) -> int:
        return self.count - len(self.agreements)


@dataclass(frozen=True)
class RatingsSection:
    groups: list[RatingGroup]


@dataclass(frozen=True)
class OverdueReturn:
    return_id: int
    reference: str
    title: str
    organisation: str
    number: int
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class OverdueSection:
    count: int
    returns: list[OverdueReturn]

    @property
    def more(self) -> int:
        return self.count - len(self.returns)


@dataclass(frozen=True)
class OpenRemedialPlan:
    plan_id: int
    reference: str
    title: str
    organisation: str
    opened_on: date
    actions_open: int
    next_due_on: date | None


@dataclass(frozen=True)
class RemedialSection:
    count: int
    plans: list[OpenRemedialPlan]

    @property
    def more(self) -> int:
        return self.count - len(self.plans)


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    count: int


@dataclass(frozen=True)
class ServiceThemes:
    agreement_id: int
    reference: str
    title: str
    organisation: str
    themes: list[ThemeCount]


@dataclass(frozen=True)
class FeedbackSection:
    count: int
    services: list[ServiceThemes]

    @property
    def more(self) -> int:
        return self.count - len(self.services)


@dataclass(frozen=True)
class DecisionItem:
    order: int
    title: str
    summary: str
    presenter: str
    agreement: str


@dataclass(frozen=True)
class DecisionsSection:
    items: list[DecisionItem]


@dataclass(frozen=True)
class PackContent:
    """Everything a board pack shows, read back from the JSON kept on the pack."""

    header: PackHeader
    budget: BudgetSection
    ratings: RatingsSection
    overdue: OverdueSection
    remedial: RemedialSection
    feedback: FeedbackSection
    decisions: DecisionsSection


RATING_ORDER: list[tuple[str, str]] = [
    (Rating.RED, "Red"),
    (Rating.AMBER, "Amber"),
    ("", "Not yet rated"),
    (Rating.GREEN, "Green"),
]
RATING_TAGS: dict[str, str] = {
    Rating.RED: "govuk-tag--red",
    Rating.AMBER: "govuk-tag--orange",
    Rating.GREEN: "govuk-tag--green",
}


@dataclass(frozen=True)
class PackScope:
    """What a pack is about: the meeting, its financial year, and the day the figures are read."""

    meeting: Meeting
    start_year: int
    as_at: date

    @property
    def year_starts_on(self) -> date:
        return years.starts_on(self.start_year)

    @property
    def year_ends_on(self) -> date:
        return years.ends_on(self.start_year)


def pack_scope(meeting: Meeting, *, as_at: date | None = None) -> PackScope:
    return PackScope(meeting=meeting, start_year=meeting.start_year, as_at=as_at or timezone.localdate())


def pack_header(scope: PackScope, *, body: str) -> PackHeader:
    return PackHeader(
        body=body,
        board=scope.meeting.board.name,
        meeting_starts_at=scope.meeting.starts_at,
        location=scope.meeting.location,
        financial_year=years.label_of(scope.start_year),
        as_at=scope.as_at,
    )


def budget_section(scope: PackScope) -> BudgetSection:
    """Allocated, committed, paid and available for each fund with an allocation in the year: the figures of
    `finance.selectors.budget_positions`, the one budget position service, and their total."""
    positions = budget_positions(FinancialYear(start_year=scope.start_year))
    funds = Fund.objects.filter(pk__in=list(positions)).order_by("name", "pk").only("pk", "name")
    rows = [
        FundPosition(
            fund_id=fund.pk,
            fund=fund.name,
            allocated=positions[fund.pk].allocated,
            committed=positions[fund.pk].committed,
            paid=positions[fund.pk].paid,
            available=positions[fund.pk].available,
        )
        for fund in funds
    ]
    total = None
    if rows:
        position = sum((positions[row.fund_id] for row in rows[1:]), positions[rows[0].fund_id])
        total = FundPosition(
            fund_id=0,
            fund="All funds",
            allocated=position.allocated,
            committed=position.committed,
            paid=position.paid,
            available=position.available,
        )
    return BudgetSection(funds=rows, total=total)


def agreements_in_year(scope: PackScope) -> QuerySet[Agreement]:
    """Agreements that ran for any part of the financial year (active, ended or ended early)."""
    return Agreement.objects.filter(
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.ENDED, AgreementStatus.TERMINATED],
        starts_on__lte=scope.year_ends_on,
        ends_on__gte=scope.year_starts_on,
    )


def ratings_section(scope: PackScope) -> RatingsSection:
    """The year's agreements grouped by their rating (`monitoring.selectors.returns.latest_rated`): red, amber, not yet rated,
    then green, each group oldest review first, at most PACK_ROWS listed per group."""
    latest = latest_rated(MonitoringReturn.objects.filter(plan__agreement=OuterRef("pk")))
    rows = (
        agreements_in_year(scope)
        .annotate(
            latest_rating=Subquery(latest.values("rating")[:1]),
            latest_reviewed_at=Subquery(latest.values("reviewed_at")[:1]),
        )
        .values("pk", "reference", "title", "organisation__name", "latest_rating", "latest_reviewed_at")
        .order_by("reference", "pk")
    )
    grouped: dict[str, list[Any]] = {rating: [] for rating, _ in RATING_ORDER}
    for row in rows:
        grouped.setdefault(row["latest_rating"] or "", []).append(row)
    groups = []
    for rating, label in RATING_ORDER:
        members = grouped[rating]
        groups.append(
            RatingGroup(
                rating=str(rating),
                label=label,
                count=len(members),
                agreements=[
                    RatedAgreement(
                        agreement_id=row["pk"],
                        reference=row["reference"],
                        title=row["title"],
                        organisation=row["organisation__name"],
                        reviewed_on=(
                            timezone.localtime(row["latest_reviewed_at"]).date()
                            if row["latest_reviewed_at"]
                            else None
                        ),
                    )
                    for row in members[:PACK_ROWS]
                ],
            )
        )
    return RatingsSection(groups=groups)


def overdue_section(scope: PackScope) -> OverdueSection:
    """Returns still owed after their due date on the day the pack is made, longest overdue first."""
    overdue = returns_overdue(on=scope.as_at)
    shown = overdue.select_related("plan__agreement__organisation")[:PACK_ROWS]
    return OverdueSection(
        count=overdue.count(),
        returns=[
            OverdueReturn(
                return_id=r.pk,
                reference=r.plan.agreement.reference,
                title=r.plan.agreement.title,
                organisation=r.plan.agreement.organisation.name,
                number=r.number,
                due_on=r.due_on,
                days_overdue=(scope.as_at - r.due_on).days,
            )
            for r in shown
        ],
    )


def remedial_section(scope: PackScope) -> RemedialSection:
    """Remedial action plans still open, oldest first, with their actions not yet done and the next due."""
    plans = remedial_plans_open()
    shown = plans.annotate(
        actions_open=Count("actions", filter=Q(actions__done_on__isnull=True)),
        next_due_on=Min("actions__due_on", filter=Q(actions__done_on__isnull=True)),
    )[:PACK_ROWS]
    return RemedialSection(
        count=plans.count(),
        plans=[
            OpenRemedialPlan(
                plan_id=plan.pk,
                reference=plan.agreement.reference,
                title=plan.agreement.title,
                organisation=plan.agreement.organisation.name,
                opened_on=timezone.localtime(plan.opened_at).date(),
                actions_open=plan.actions_open,
                next_due_on=plan.next_due_on,
            )
            for plan in shown
        ],
    )


def feedback_section(scope: PackScope) -> FeedbackSection:
    """Approved feedback received in the year about each of the year's services, counted by theme; services
    with the most feedback first."""
    received = Q(received_at__date__gte=scope.year_starts_on, received_at__date__lte=scope.year_ends_on)
    counts = dict(
        Feedback.objects.filter(
            received,
            status=FeedbackStatus.APPROVED,
            agreement__in=agreements_in_year(scope).values("pk"),
        )
        .values("agreement_id")
        .annotate(total=Count("id"))
        .order_by()
        .values_list("agreement_id", "total")
    )
    ranked = sorted(counts, key=lambda pk: (-counts[pk], pk))[:PACK_ROWS]
    themes = themes_for_agreements(ranked, received_from=scope.year_starts_on, received_to=scope.year_ends_on)
    agreements = (
        Agreement.objects.select_related("organisation")
        .only("pk", "reference", "title", "organisation__name")
        .in_bulk(ranked)
    )
    return FeedbackSection(
        count=len(counts),
        services=[
            ServiceThemes(
                agreement_id=pk,
                reference=agreements[pk].reference,
                title=agreements[pk].title,
                organisation=agreements[pk].organisation.name,
                themes=[ThemeCount(theme=item.theme.name, count=item.count) for item in themes[pk]],
            )
            for pk in ranked
        ],
    )


def decisions_section(scope: PackScope) -> DecisionsSection:
    """The meeting's agenda items that ask the board for a decision, in agenda order."""
    items = (
        AgendaItem.objects.filter(meeting=scope.meeting, needs_decision=True)
        .select_related("agreement")
        .order_by("order", "pk")
    )
    return DecisionsSection(
        items=[
            DecisionItem(
                order=item.order,
                title=item.title,
                summary=item.summary,
                presenter=item.presenter,
                agreement=str(item.agreement) if item.agreement else "",
            )
            for item in items
        ]
    )


@dataclass(frozen=True)
class PackStep:
    key: str  # the PackContent field it fills
    label: str  # what the progress page says: "Step 3 of 7: overdue returns"
    compute: Callable[[PackScope], Any]


PACK_STEPS: list[PackStep] = [
    PackStep("budget", "budget position", budget_section),
    PackStep("ratings", "agreements by rating", ratings_section),
    PackStep("overdue", "overdue returns", overdue_section),
    PackStep("remedial", "remedial plans", remedial_section),
    PackStep("feedback", "feedback themes", feedback_section),
    PackStep("decisions", "items needing decision", decisions_section),
]


# Reading the JSON back ---------------------------------------------------------------------------------------


def as_json(section: Any) -> dict[str, Any]:
    """A section as plain data for the pack's JSON (decimals and dates become strings, by the field's encoder)."""
    return dataclasses.asdict(section)


def _load(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        inner = [arg for arg in get_args(kind) if arg is not type(None)]
        return _load(inner[0], value)
    if origin is list:
        (item_kind,) = get_args(kind)
        return [_load(item_kind, item) for item in value]
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{f.name: _load(hints[f.name], value.get(f.name)) for f in dataclasses.fields(kind)})
    if kind is Decimal:
        return Decimal(str(value))
    if kind is datetime:
        return parse_datetime(value)
    if kind is date:
        return date.fromisoformat(value)
    return kind(value)


def budget_chart(content: PackContent) -> Chart:
    """The budget position by fund as a chart, drawn the same on the pack's page and in its PDF."""
    funds = content.budget.funds
    return Chart(
        title=f"Budget position by fund, {content.header.financial_year}",
        categories=[row.fund for row in funds],
        series=[
            Series("Allocated", [row.allocated for row in funds]),
            Series("Committed", [row.committed for row in funds]),
            Series("Paid", [row.paid for row in funds]),
        ],
        money=True,
        category_label="Fund",
    )


def read_content(data: dict[str, Any]) -> PackContent:
    """A pack's content from its JSON."""
    content: PackContent = _load(PackContent, data)
    return content


def pack_content(pack: BoardPack) -> PackContent | None:
    """The content kept on a finished pack, as dataclasses; None while it is being made or if it failed."""
    if pack.status != PackStatus.DONE or not pack.content:
        return None
    return read_content(pack.content)


@dataclass
class PackProgress:
    """What the progress page and its poll show while a pack is made."""

    status: str
    status_label: str
    steps_done: int
    steps_total: int
    current_step: str
    finished: bool
    message: str = field(default="")


def pack_progress(pack: BoardPack) -> PackProgress:
    if pack.status == PackStatus.DONE:
        message = "The board pack is ready."
    elif pack.status == PackStatus.FAILED:
        message = pack.failure_message or "The board pack could not be generated."
    elif pack.status == PackStatus.QUEUED or not pack.current_step:
        message = "Waiting to start."
    else:
        step = min(pack.steps_done + 1, pack.steps_total)
        message = f"Step {step} of {pack.steps_total}: {pack.current_step}"
    return PackProgress(
        status=pack.status,
        status_label=pack.get_status_display(),
        steps_done=pack.steps_done,
        steps_total=pack.steps_total,
        current_step=pack.current_step,
        finished=pack.is_finished,
        message=message,
    )
