"""Reads for the staff pages of grants: schemes with their applications counted, the application list with its
filters, an application in full with its assessment, the weighted scores, its history, and the work waiting for
the signed-in person. Every page loads in a fixed number of queries however many rows it shows."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.permissions import may, roles_for
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.audit.selectors import RECENT_CHANGES
from commissioning.core.caching import CachedList
from commissioning.core.formats import short_date
from commissioning.core.links import pk_address
from commissioning.core.money import format_money
from commissioning.core.work import WorkCount
from commissioning.finance.rules import one_off_period_in_words
from commissioning.finance.selectors import rules_for
from commissioning.grants.access import applications_visible_to, schemes_visible_to
from commissioning.grants.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    BudgetLine,
    CriterionScore,
    Decision,
    ModeratedScore,
    Scheme,
    ScoreBand,
)
from commissioning.plans.models import Plan, Priority

# --- Schemes ------------------------------------------------------------------------------------------------------

DRAFT, UPCOMING, OPEN, CLOSED = "draft", "upcoming", "open", "closed"
SCHEME_STATUS_LABELS = {DRAFT: "Draft", UPCOMING: "Opens soon", OPEN: "Open", CLOSED: "Closed"}
SCHEME_STATUS_TAGS = {
    DRAFT: "govuk-tag--grey",
    UPCOMING: "govuk-tag--blue",
    OPEN: "govuk-tag--green",
    CLOSED: "",
}


def scheme_status(scheme: Scheme, *, at: datetime | None = None) -> str:
    """Draft until opened; then opens soon, open, or closed by its dates."""
    at = at or timezone.now()
    if not scheme.is_published:
        return DRAFT
    if at < scheme.opens_at:
        return UPCOMING
    if at < scheme.closes_at:
        return OPEN
    return CLOSED


def _count(status: str) -> Count:
    return Count("applications", filter=Q(applications__status=status))


def scheme_list(user: Any) -> QuerySet[Scheme]:
    """The person's schemes, newest first, each with its applications counted by status (one query)."""
    return (
        schemes_visible_to(user)
        .annotate(**{f"count_{status}": _count(status) for status in ApplicationStatus.values})
        .order_by("-opens_at", "name")
    )


def scheme_in_full(scheme: Scheme) -> Scheme:
    return (
        Scheme.objects.select_related("fund", "purpose")
        .prefetch_related(
            Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("number")),
            Prefetch("score_bands", queryset=ScoreBand.objects.order_by("score")),
        )
        .get(pk=scheme.pk)
    )


def scheme_history(scheme: Scheme, *, limit: int = RECENT_CHANGES) -> QuerySet[AuditEvent]:
    """Changes to the scheme, its criteria and its bands, newest first (criteria since removed included)."""
    criterion_ids = [
        str(pk) for pk in AssessmentCriterion.objects.filter(scheme=scheme).values_list("pk", flat=True)
    ]
    band_ids = [str(pk) for pk in ScoreBand.objects.filter(scheme=scheme).values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(record_type="grants.scheme", record_id=str(scheme.pk))
            | Q(record_type="grants.assessmentcriterion", record_id__in=criterion_ids)
            | Q(record_type="grants.scoreband", record_id__in=band_ids)
        )
        .select_related("actor")
        .order_by("-sequence")[:limit]
    )


# --- The application list -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFilters:
    """The filters chosen on the application list; scheme, priority and assessor are ids."""

    scheme: int | None = None
    status: str = ""
    priority: int | None = None
    amount_from: Decimal | None = None
    amount_to: Decimal | None = None
    assessor: int | None = None
    without_assessor: bool = False
    ready_to_moderate: bool = False


def without_assessor(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.exclude(Exists(AssessorAssignment.objects.filter(application=OuterRef("pk"))))


def ready_to_moderate(applications: QuerySet[Application]) -> QuerySet[Application]:
    """In assessment, with at least one completed assessment and none still waiting (a declared conflict does
    not hold moderation up)."""
    assignments = AssessorAssignment.objects.filter(application=OuterRef("pk"))
    completed = assignments.filter(has_conflict=False, completed_at__isnull=False)
    waiting = assignments.filter(completed_at__isnull=True).filter(
        Q(has_conflict__isnull=True) | Q(has_conflict=False)
    )
    return (
        applications.filter(status=ApplicationStatus.IN_ASSESSMENT)
        .filter(Exists(completed))
        .exclude(Exists(waiting))
    )


# Statuses staff lists show: an application is the applicant's own until it is submitted.
LISTED_STATUSES = [status for status in ApplicationStatus.values if status != ApplicationStatus.DRAFT]


def staff_application_keys(user: Any, filters: ApplicationFilters) -> "QuerySet[Application, int]":
    """The ids of the submitted applications the person may see, filtered, newest first: what the list pages and
    counts. Every filter is a column of the application or an EXISTS on one of its rows (never a join that
    could repeat an application), and the order is an index's, so a page costs the same however many there are."""
    applications = applications_visible_to(user)
    if filters.status:
        applications = applications.filter(status=filters.status)
    else:
        applications = applications.exclude(status=ApplicationStatus.DRAFT)
    if filters.scheme is not None:
        applications = applications.filter(scheme=filters.scheme)
    if filters.priority is not None:
        applications = applications.filter(
            Exists(
                Application.priorities.through.objects.filter(
                    application=OuterRef("pk"), priority=filters.priority
                )
            )
        )
    if filters.amount_from is not None:
        applications = applications.filter(amount_requested__gte=filters.amount_from)
    if filters.amount_to is not None:
        applications = applications.filter(amount_requested__lte=filters.amount_to)
    if filters.assessor is not None:
        applications = applications.filter(
            Exists(AssessorAssignment.objects.filter(application=OuterRef("pk"), assessor=filters.assessor))
        )
    if filters.without_assessor:
        applications = without_assessor(applications)
    if filters.ready_to_moderate:
        applications = ready_to_moderate(applications)
    return applications.order_by(*STAFF_LIST_ORDER).values_list("pk", flat=True)


STAFF_LIST_ORDER = ("-submitted_at", "-created_at", "-pk")


@dataclass(frozen=True)
class ApplicationListRow:
    """One row of the staff application list with its text ready to show: built once in Python, so the template
    neither follows attribute chains nor formats or reverses anything per row."""

    pk: int
    url: str
    reference: str
    organisation: str
    project_title: str
    scheme: str
    amount: str
    status: str
    submitted: str
    assessors: str


def staff_application_rows(keys: Any) -> list[ApplicationListRow]:
    """The applications of one page of `staff_application_keys`, with only the columns the list shows: the
    scheme's and organisation's names and the assessors' names (two queries for the page, no model instances)."""
    rows = list(
        Application.objects.filter(pk__in=keys)
        .order_by(*STAFF_LIST_ORDER)
        .values_list(
            "pk",
            "reference",
            "organisation__name",
            "project_title",
            "scheme__name",
            "amount_requested",
            "status",
            "submitted_at",
        )
    )
    assessors: dict[int, list[str]] = {}
    if rows:
        names = (
            AssessorAssignment.objects.filter(application_id__in=[row[0] for row in rows])
            .order_by("pk")
            .values_list("application_id", "assessor__full_name")
        )
        for application_id, name in names:
            assessors.setdefault(application_id, []).append(name)
    address = pk_address("grants-staff:application")
    labels = dict(ApplicationStatus.choices)
    return [
        ApplicationListRow(
            pk=pk,
            url=address(pk),
            reference=reference or f"Draft application {pk}",
            organisation=organisation,
            project_title=project_title,
            scheme=scheme,
            amount=format_money(amount),
            status=labels.get(status, status),
            submitted=short_date(submitted_at) if submitted_at else "",
            assessors=", ".join(assessors.get(pk, [])) or "None",
        )
        for pk, reference, organisation, project_title, scheme, amount, status, submitted_at in rows
    ]


def staff_applications(user: Any, filters: ApplicationFilters) -> list[ApplicationListRow]:
    """Every application of the list at once (for small lists and tests; pages use the two functions above)."""
    return staff_application_rows(staff_application_keys(user, filters))


def assessor_choices() -> QuerySet[User]:
    """People who can be asked to assess: the assessor role or a staff role other than auditor."""
    roles = sorted(roles_for("application.assess"))
    in_role = User.groups.through.objects.filter(user=OuterRef("pk"), group__name__in=roles)
    return (
        User.objects.filter(Exists(in_role), is_active=True)
        .only("pk", "full_name", "email")
        .order_by("full_name", "email")
    )


def priority_choices() -> QuerySet[Priority]:
    return Priority.objects.select_related("plan").order_by("-plan__starts_on", "number")


# The application list's filter choices, read on every visit to the list: (id, label) pairs kept in the shared cache
# until a scheme, plan, priority, person or role changes.
Choice = tuple[int, str]
SCHEME_CHOICES: CachedList[Choice] = CachedList("grants:filter-schemes", sources=[Scheme])
PRIORITY_CHOICES: CachedList[Choice] = CachedList("grants:filter-priorities", sources=[Priority, Plan])
ASSESSOR_CHOICES: CachedList[Choice] = CachedList(
    "grants:filter-assessors", sources=[User, User.groups.through, Group]
)


@dataclass(frozen=True)
class FilterChoices:
    schemes: list[Choice]
    priorities: list[Choice]
    assessors: list[Choice]


def application_filter_choices(user: Any) -> FilterChoices:
    """The schemes the person may see, every priority and every possible assessor, for the list's filters."""

    def schemes() -> Any:
        return schemes_visible_to(user).order_by("-opens_at", "name").values_list("pk", "name")

    return FilterChoices(
        schemes=SCHEME_CHOICES.get(schemes) if may(user, "records.read_all") else list(schemes()),
        priorities=PRIORITY_CHOICES.get(
            lambda: [(priority.pk, str(priority)) for priority in priority_choices()]
        ),
        assessors=ASSESSOR_CHOICES.get(
            lambda: [(person.pk, person.full_name or person.email) for person in assessor_choices()]
        ),
    )


# --- One application ----------------------------------------------------------------------------------------------


def application_in_full_for_staff(application: Application) -> Application:
    """The application (as `application_for` loaded it, with its scheme, fund, organisation, author and moderator) with
    everything its staff page shows loaded onto it: one query for each kind of row, whatever it holds, and none for
    rows it cannot have yet. Moderated scores are saved only in assessment, so a draft or submitted application has
    none; the scheme's criteria are read only when someone has been asked to assess it (otherwise there are no
    scores to set beside them, and `assessment_summary` reads them itself if asked)."""
    moderated = (
        ModeratedScore.objects.none()
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        else ModeratedScore.objects.order_by("pk")
    )
    prefetch_related_objects(
        [application],
        Prefetch(
            "priorities", queryset=Priority.objects.only("pk", "plan", "number", "title").order_by("number")
        ),
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("pk")),
        Prefetch(
            "documents",
            queryset=ApplicationDocument.objects.select_related("due_diligence_item").order_by("kind", "pk"),
        ),
        Prefetch(
            "assignments",
            queryset=AssessorAssignment.objects.select_related("assessor", "assigned_by")
            .prefetch_related(Prefetch("scores", queryset=CriterionScore.objects.order_by("criterion_id")))
            .order_by("assigned_at", "pk"),
        ),
        Prefetch("moderated_scores", queryset=moderated),
    )
    if application.assignments.all():
        prefetch_related_objects(
            [application],
            Prefetch("scheme__criteria", queryset=AssessmentCriterion.objects.order_by("number")),
        )
    return application


def score_bands_of(scheme: Scheme) -> list[ScoreBand]:
    """The scheme's score bands, lowest first (the forms that score show them beside each criterion)."""
    if "score_bands" in getattr(scheme, "_prefetched_objects_cache", {}):
        return list(scheme.score_bands.all())
    return list(scheme.score_bands.order_by("score"))


def decision_for(application: Application) -> Decision | None:
    """The application's decision with who made it and the agreement it made (read once, then kept on it).
    Only a decision approves or declines a moderated application, so no other status has one to read."""
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED):
        return None
    if "decision" not in application._state.fields_cache:
        prefetch_related_objects(
            [application],
            Prefetch("decision", queryset=Decision.objects.select_related("decided_by", "agreement")),
        )
    try:
        return application.decision
    except Decision.DoesNotExist:
        return None


@dataclass(frozen=True)
class Answer:
    label: str
    value: Any
    kind: str = "text"  # text, money, date, yes_no, list


@dataclass
class AnswerSection:
    key: str
    title: str
    answers: list[Answer] = field(default_factory=list)


# Answers shown as their own tables or lists on the page, not as question and answer.
_SHOWN_ELSEWHERE = {"budget_lines", "documents"}


def answers_as_asked(application: Application, sections: list[tuple[str, str]]) -> list[AnswerSection]:
    """Each section's answers beside the question wording the application was asked (its own definitions)."""
    from commissioning.grants.questions import DECLARATIONS

    declarations = dict(DECLARATIONS)
    grouped = {key: AnswerSection(key, title) for key, title in sections}
    for key, question in (application.question_definitions or {}).items():
        if key in _SHOWN_ELSEWHERE:
            continue
        section = grouped.get(question.get("section", "project"))
        if section is None:
            continue
        label = question.get("label", key)
        if question.get("kind") == "column" and hasattr(application, key):
            if key == "priorities":
                value: Any = [str(priority) for priority in application.priorities.all()]
                kind = "list"
            else:
                value = getattr(application, key)
                kind = (
                    "money"
                    if isinstance(value, Decimal)
                    else "date"
                    if isinstance(value, date)
                    else "yes_no"
                    if isinstance(value, bool) or key == "recurring"
                    else "text"
                )
        else:
            value = (application.answers or {}).get(key)
            kind = "list" if isinstance(value, list) else "text"
            if key == "declaration_confirmations" and isinstance(value, list):
                value = [declarations.get(item, item) for item in value]
        section.answers.append(Answer(label, value, kind))
    return [section for section in grouped.values() if section.answers]


# --- Scores -------------------------------------------------------------------------------------------------------

HUNDREDTH = Decimal("0.01")


def weighted_total(criteria: list[AssessmentCriterion], scores: dict[int, int]) -> Decimal | None:
    """The weighted total as a percentage: the sum of weight × score ÷ highest score over the criteria. None until
    every criterion has a score."""
    if not criteria or any(criterion.pk not in scores for criterion in criteria):
        return None
    total = sum(
        (Decimal(criterion.weight) * scores[criterion.pk] / criterion.max_score for criterion in criteria),
        Decimal(0),
    )
    return total.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass
class AssessorColumn:
    assignment: AssessorAssignment
    scores: dict[int, CriterionScore]
    total: Decimal | None

    @property
    def counts(self) -> bool:
        """Whether the assessment counts towards the average: declared no conflict and completed."""
        return self.assignment.has_conflict is False and self.assignment.completed_at is not None


@dataclass
class CriterionRow:
    criterion: AssessmentCriterion
    cells: list[CriterionScore | None]
    average: Decimal | None
    moderated: ModeratedScore | None


@dataclass
class AssessmentSummary:
    criteria: list[AssessmentCriterion]
    columns: list[AssessorColumn]
    rows: list[CriterionRow]
    average_total: Decimal | None
    moderated_total: Decimal | None


def assessment_summary(application: Application) -> AssessmentSummary:
    """Each assessor's scores per criterion with their weighted total, the average of the completed assessments,
    and the moderated scores. Reads only what `application_in_full_for_staff` loaded."""
    criteria = list(application.scheme.criteria.all())
    columns = []
    for assignment in application.assignments.all():
        scores = {row.criterion_id: row for row in assignment.scores.all()}
        columns.append(
            AssessorColumn(
                assignment, scores, weighted_total(criteria, {pk: row.score for pk, row in scores.items()})
            )
        )
    counting = [column for column in columns if column.counts]
    moderated = {row.criterion_id: row for row in application.moderated_scores.all()}
    rows = []
    for criterion in criteria:
        values = [column.scores[criterion.pk].score for column in counting if criterion.pk in column.scores]
        average = (
            (Decimal(sum(values)) / len(values)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
            if values
            else None
        )
        rows.append(
            CriterionRow(
                criterion,
                [column.scores.get(criterion.pk) for column in columns],
                average,
                moderated.get(criterion.pk),
            )
        )
    totals = [column.total for column in counting if column.total is not None]
    average_total = (
        (sum(totals, Decimal(0)) / len(totals)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        if totals
        else None
    )
    moderated_total = weighted_total(criteria, {pk: row.score for pk, row in moderated.items()})
    return AssessmentSummary(criteria, columns, rows, average_total, moderated_total)


# --- History ------------------------------------------------------------------------------------------------------


def application_history(application: Application, *, limit: int = RECENT_CHANGES) -> QuerySet[AuditEvent]:
    """The audit events of the application and of its rows: budget lines, documents, assignments, scores,
    moderated scores, the decision and the agreement it made. Newest first. The rows' ids come from what
    `application_in_full_for_staff` and `decision_for` loaded, so this is one query."""

    assignments = list(application.assignments.all())
    scores = [score for assignment in assignments for score in assignment.scores.all()]
    decision = decision_for(application)
    records = Q(record_type="grants.application", record_id=str(application.pk))
    for record_type, rows in (
        ("grants.budgetline", application.budget_lines.all()),
        ("grants.applicationdocument", application.documents.all()),
        ("grants.assessorassignment", assignments),
        ("grants.criterionscore", scores),
        ("grants.moderatedscore", application.moderated_scores.all()),
    ):
        # Kinds of row the application has none of add nothing to the query (fewer conditions to build and plan).
        if rows:
            records |= Q(record_type=record_type, record_id__in=[str(row.pk) for row in rows])
    if decision:
        records |= Q(record_type="grants.decision", record_id=str(decision.pk))
        if decision.agreement_id:
            records |= Q(record_type="agreements.agreement", record_id=str(decision.agreement_id))
    return AuditEvent.objects.filter(records).select_related("actor").order_by("-sequence")[:limit]


# --- The assessor's own list ----------------------------------------------------------------------------------------


def my_assignments(user: Any) -> QuerySet[AssessorAssignment]:
    """The person's assignments, those still to do first, with the application, scheme and organisation."""
    return (
        AssessorAssignment.objects.filter(assessor=user)
        .select_related("application__scheme", "application__organisation")
        .annotate(scored=Count("scores"))
        .order_by("completed_at", "-assigned_at", "pk")
    )


def assignment_for_assessor(assignment: AssessorAssignment) -> AssessorAssignment:
    """An assignment with its application, scheme criteria and bands and the assessor's scores loaded."""
    return (
        AssessorAssignment.objects.select_related(
            "application__scheme__fund", "application__organisation", "assessor"
        )
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.order_by("criterion_id")),
            Prefetch(
                "application__scheme__criteria", queryset=AssessmentCriterion.objects.order_by("number")
            ),
            Prefetch("application__scheme__score_bands", queryset=ScoreBand.objects.order_by("score")),
        )
        .get(pk=assignment.pk)
    )


# --- Work waiting -------------------------------------------------------------------------------------------------


def work_waiting(user: Any) -> list[WorkCount]:
    """The grants work waiting for this person (core/work.py), as what to count with links, all counted in the
    dashboard's one query: assessments to declare or score; submitted applications without an assessor and
    applications ready to moderate (for those who manage schemes); moderated applications whose amount their
    delegated limit covers (for those who decide)."""
    from commissioning.governance.selectors import delegated_limit

    items: list[WorkCount] = []
    mine = AssessorAssignment.objects.filter(assessor=user, completed_at__isnull=True).exclude(
        application__status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED]
    )
    my_list = reverse("grants-staff:my-assessments")
    # A person is asked to assess a handful at a time: counted in full.
    items.append(
        WorkCount(
            "Assessments waiting for your conflict of interest declaration",
            mine.filter(has_conflict__isnull=True),
            my_list,
            cap=False,
        )
    )
    items.append(
        WorkCount(
            "Assessments to score",
            mine.filter(has_conflict=False, application__status=ApplicationStatus.IN_ASSESSMENT),
            my_list,
            cap=False,
        )
    )

    manages, limit = may(user, "scheme.manage"), delegated_limit(user)
    if not (manages or limit.has_authority):
        return items
    visible = applications_visible_to(user)
    if manages:
        listed = reverse("grants-staff:applications")
        items.append(
            WorkCount(
                "Submitted applications without an assessor",
                without_assessor(visible.filter(status=ApplicationStatus.SUBMITTED)),
                f"{listed}?status=submitted&assessor=none",
            )
        )
        items.append(
            WorkCount(
                "Applications ready to moderate",
                ready_to_moderate(visible),
                f"{listed}?status=in_assessment&ready=1",
            )
        )

    if limit.has_authority:
        covered = Q(status=ApplicationStatus.MODERATED)
        url = reverse("grants-staff:applications") + "?status=moderated"
        if limit.max_amount is not None:
            covered &= Q(amount_requested__lte=limit.max_amount)
            url += f"&amount_to={limit.max_amount}"
        items.append(
            WorkCount("Moderated applications waiting for your decision", visible.filter(covered), url)
        )
    return items


# --- One-off funds: an earlier award to the same organisation ----------------------------------------------------


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class RepeatAward:
    """A one-off fund's earlier awards to the organisation within the fund's one-off period (newest first): a new
    award needs the decision-maker's reason."""

    period_months: int
    since: date
    earlier: list[Agreement]
    rule_words: str


def repeat_award(
    application: Application, *, on: date | None = None, fresh: bool = False
) -> RepeatAward | None:
    """The earlier awards from the application's fund to its organisation within the fund's one-off period, or
    None when the fund has no such period or there are none. An award is an agreement made from the fund and not
    declined or withdrawn."""
    on = on or timezone.localdate()
    fund = application.scheme.fund
    rules = rules_for(fund, on=on, fresh=fresh)
    if rules is None or rules.one_off_period_months is None:
        return None
    since = _months_before(on, rules.one_off_period_months)
    earlier = list(
        Agreement.objects.filter(
            fund=fund, organisation_id=application.organisation_id, created_at__date__gte=since
        )
        .exclude(status__in=(AgreementStatus.DECLINED, AgreementStatus.WITHDRAWN))
        .exclude(source_type="grants.application", source_id=str(application.pk))
        .order_by("-created_at", "-pk")
    )
    if not earlier:
        return None
    return RepeatAward(
        period_months=rules.one_off_period_months,
        since=since,
        earlier=earlier,
        rule_words=one_off_period_in_words(rules),
    )
