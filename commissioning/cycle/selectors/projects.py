"""Reads for commissioning projects: the list, a project's overview and each stage's page, in bounded queries."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Cast

from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.audit.models import StatusChange
from commissioning.audit.workflow import history
from commissioning.core.caching import CachedList
from commissioning.cycle.mechanism_rules import GrantLimits, grant_limits, option_breaches, rules_in_words
from commissioning.cycle.models import (
    Intention,
    MechanismOption,
    NeedsAssessment,
    Outcome,
    OutcomeIndicator,
    PrincipleAnswer,
    Project,
    ProjectLaunch,
    ProjectStage,
    ReviewConclusion,
    Specification,
)
from commissioning.decommissioning.models import Decommissioning
from commissioning.decommissioning.selectors import decommissionings_for_agreements
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.finance.models import FinancialYear, Fund, Payment
from commissioning.finance.selectors import NO_MONEY, BudgetPosition, budget_positions, current_start_year
from commissioning.grants.models import Application
from commissioning.monitoring.models import MonitoringReturn, ReturnStatus
from commissioning.monitoring.selectors.returns import latest_rated
from commissioning.organisations.models import Organisation
from commissioning.plans.models import CommissioningPrinciple, Plan, Priority

LIST_ORDER = ("-updated_at", "-id")
SUGGESTED_AGREEMENTS = 10
RECEIVED_RETURNS = (ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED, ReturnStatus.CHANGES_REQUESTED)


# --- What a move to *do* needs ------------------------------------------------------------------------------------


# The principles in force and the list filter's priorities: short lists every project page reads and few actions
# change, kept in the shared cache and dropped when a row they are read from changes (core/caching.py).
PRINCIPLES_IN_FORCE: CachedList[CommissioningPrinciple] = CachedList(
    "cycle:principles-in-force", sources=[CommissioningPrinciple]
)
PRIORITY_FILTER: CachedList[tuple[int, str]] = CachedList(
    "cycle:project-priorities", sources=[Priority, Plan]
)


def principles_in_force(*, fresh: bool = False) -> list[CommissioningPrinciple]:
    """The commissioning principles every project answers: the active ones, by number. `fresh` reads the database
    (for a write that must judge by the principles as committed)."""
    rows = CommissioningPrinciple.objects.filter(is_active=True).order_by("number")
    return list(rows) if fresh else PRINCIPLES_IN_FORCE.get(lambda: rows)


def unanswered_principles(project: Project, *, fresh: bool = False) -> list[CommissioningPrinciple]:
    answered = set(PrincipleAnswer.objects.filter(project=project).values_list("principle_id", flat=True))
    return [principle for principle in principles_in_force(fresh=fresh) if principle.pk not in answered]


def _numbers(principles: list[CommissioningPrinciple]) -> str:
    numbers = [str(principle.number) for principle in principles]
    if len(numbers) == 1:
        return f"principle {numbers[0]}"
    return f"principles {', '.join(numbers[:-1])} and {numbers[-1]}"


# The refusal worked out by `project_overview` for the page it reads, kept on that instance so the move's guard
# (asked by `allowed_moves` on the same page) does not read it all again. Writes always ask afresh.
_KNOWN_REFUSAL = "_cycle_do_refusal"


def _refusal(*, has_specification: bool, chosen: str, unanswered: list[CommissioningPrinciple]) -> str:
    missing = []
    if not has_specification:
        missing.append("write the service specification")
    if not chosen:
        missing.append("choose the mechanism")
    if unanswered:
        missing.append(f"answer {_numbers(unanswered)} of the commissioning principles")
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return f"The project cannot move to do yet: {listed}"


def do_refusal(project: Project, *, fresh: bool = False) -> str:
    """Why the project cannot move to *do* yet ("" if it can): it needs a service specification, a chosen mechanism
    and every commissioning principle answered with evidence. Says which are missing. `fresh` (for the move
    itself) reads everything from the database."""
    known = getattr(project, _KNOWN_REFUSAL, None)
    if isinstance(known, str) and not fresh:
        return known
    return _refusal(
        has_specification=Specification.objects.filter(project=project).exists(),
        chosen=project.chosen_mechanism,
        unanswered=unanswered_principles(project, fresh=fresh),
    )


# --- The list -----------------------------------------------------------------------------------------------------


def project_search(*, stage: str = "", priority: int | None = None) -> QuerySet[Project]:
    projects = Project.objects.all()
    if stage:
        projects = projects.filter(stage=stage)
    if priority is not None:
        projects = projects.filter(priorities=priority)
    return projects


def project_list_keys(projects: QuerySet[Project]) -> "QuerySet[Project, int]":
    """The ids in the list's order: what the list pages and counts."""
    return projects.order_by(*LIST_ORDER).values_list("pk", flat=True)


@dataclass(frozen=True)
class ProjectRow:
    """A project as the list shows it, with its priorities in words."""

    project: Project
    priorities: list[str]


def project_list_rows(keys: Any) -> list[ProjectRow]:
    """One page of projects with their priorities, in two plain queries (no priority rows are built)."""
    projects = list(
        Project.objects.filter(pk__in=list(keys))
        .order_by(*LIST_ORDER)
        .only("pk", "reference", "title", "stage", "chosen_mechanism", "updated_at")
    )
    named: dict[int, list[str]] = {project.pk: [] for project in projects}
    for project_id, number, title in (
        Project.priorities.through.objects.filter(project__in=list(named))
        .order_by("project", "priority__number")
        .values_list("project", "priority__number", "priority__title")
    ):
        named[project_id].append(f"{number}. {title}")
    return [ProjectRow(project, named[project.pk]) for project in projects]


def priority_choices() -> QuerySet[Priority]:
    """The priorities a project may answer: those of the current plan."""
    return Priority.objects.filter(plan__is_current=True).order_by("number")


def priority_filter_choices() -> list[tuple[int, str]]:
    """The list filter's priorities as (id, "1. Title") pairs, from the shared cache."""
    return PRIORITY_FILTER.get(
        lambda: [(p.pk, f"{p.number}. {p.title}") for p in priority_choices().only("pk", "number", "title")]
    )


def needs_choices() -> QuerySet[NeedsAssessment]:
    return NeedsAssessment.objects.order_by("title")


def intention_choices() -> QuerySet[Intention]:
    return Intention.objects.select_related("intentions__financial_year").order_by("-starts_on", "title")


def organisations_named(names: list[str]) -> tuple[list[Organisation], list[str]]:
    """The organisations in the register with these names (any case), and the names that match none."""
    if not names:
        return [], []
    matches = Q()
    for name in names:
        matches |= Q(name__iexact=name)
    found = {o.name.lower(): o for o in Organisation.objects.filter(matches)}
    return [found[n.lower()] for n in names if n.lower() in found], [
        n for n in names if n.lower() not in found
    ]


# --- One project --------------------------------------------------------------------------------------------------


def project_with_links(pk: int) -> Project | None:
    """A project with its intention and who started it, for every one of its pages (what only some pages show is
    read by `with_priorities_and_needs`)."""
    return Project.objects.filter(pk=pk).select_related("intention", "created_by").first()


def with_priorities_and_needs(project: Project) -> Project:
    """Read the project's priorities and needs assessments in two queries, for the pages that show them."""
    prefetch_related_objects(
        [project],
        Prefetch("priorities", queryset=Priority.objects.order_by("number")),
        Prefetch("needs_assessments", queryset=NeedsAssessment.objects.order_by("title")),
    )
    return project


def current_specification(project: Project) -> Specification | None:
    return (
        Specification.objects.filter(project=project)
        .select_related("written_by")
        .prefetch_related(_outcomes())
        .order_by("-number")
        .first()
    )


def _outcomes() -> Prefetch[Any]:
    return Prefetch(
        "outcomes",
        queryset=Outcome.objects.order_by("position").prefetch_related(
            Prefetch("indicators", queryset=OutcomeIndicator.objects.order_by("position"))
        ),
    )


def specification_version(project: Project, number: int) -> Specification | None:
    return (
        Specification.objects.filter(project=project, number=number)
        .select_related("written_by")
        .prefetch_related(_outcomes())
        .first()
    )


def specification_numbers(project: Project) -> list[int]:
    return list(
        Specification.objects.filter(project=project).order_by("-number").values_list("number", flat=True)
    )


def moves_of(project: Project) -> list[StatusChange]:
    """The project's stage moves, newest first, each with its reason and who made it."""
    return list(history(project).order_by("-changed_at", "-id"))


@dataclass
class StagePart:
    """One stage on the project's overview: its name, its page, whether it is where the project is, a summary."""

    stage: str
    label: str
    url_name: str
    current: bool
    status: str
    summary: str


@dataclass
class Overview:
    specification_number: int | None
    options: int
    principles_answered: int
    principles_total: int
    launches: int
    latest_conclusion: ReviewConclusion | None
    linked_agreements: int
    do_refusal: str
    parts: list[StagePart] = field(default_factory=list)


def project_overview(project: Project) -> Overview:
    """What the project's overview shows of each stage, in a few counting queries."""
    counts = Project.objects.filter(pk=project.pk).aggregate(
        options=Count("options", distinct=True),
        launches=Count("launches", distinct=True),
        agreements=Count("agreements", distinct=True),
        latest=Max("specifications__number"),
    )
    latest: int | None = counts["latest"]
    in_force = principles_in_force()
    answered = set(PrincipleAnswer.objects.filter(project=project).values_list("principle_id", flat=True))
    unanswered = [principle for principle in in_force if principle.pk not in answered]
    total = len(in_force)
    conclusion = (
        ReviewConclusion.objects.filter(project=project)
        .select_related("concluded_by")
        .order_by("-concluded_at", "-id")
        .first()
    )
    refusal = _refusal(
        has_specification=latest is not None, chosen=project.chosen_mechanism, unanswered=unanswered
    )
    setattr(project, _KNOWN_REFUSAL, refusal)
    overview = Overview(
        specification_number=latest,
        options=counts["options"],
        principles_answered=total - len(unanswered),
        principles_total=total,
        launches=counts["launches"],
        latest_conclusion=conclusion,
        linked_agreements=counts["agreements"],
        do_refusal=refusal,
    )
    missing = bool(refusal)
    mechanism = project.get_chosen_mechanism_display() if project.chosen_mechanism else ""
    summaries: dict[str, tuple[str, str]] = {
        ProjectStage.ANALYSE: (
            f"{_counted(len(project.needs_assessments.all()), 'needs assessment')}, "
            f"{_counted(overview.linked_agreements, 'agreement')} linked",
            "Started" if overview.linked_agreements or project.needs_assessments.all() else "Not started",
        ),
        ProjectStage.PLAN: (
            (f"Specification version {latest}" if latest is not None else "No specification yet")
            + f"; {overview.options} of 4 mechanisms appraised"
            + (f"; {mechanism} chosen" if mechanism else "")
            + f"; {overview.principles_answered} of {total} principles answered",
            "Completed"
            if not missing
            else ("In progress" if latest is not None or overview.options else "Not started"),
        ),
        ProjectStage.DO: (
            f"{overview.launches} launched" if overview.launches else "Nothing launched yet",
            "Completed" if overview.launches else "Not started",
        ),
        ProjectStage.REVIEW: (
            f"Concluded: {conclusion.get_conclusion_display()}" if conclusion else "No conclusion recorded",
            "Completed" if conclusion else "Not started",
        ),
    }
    for stage, label in ProjectStage.choices:
        summary, status = summaries[stage]
        overview.parts.append(
            StagePart(
                stage=stage,
                label=label,
                url_name=f"projects:{stage}",
                current=project.stage == stage,
                status=status,
                summary=summary,
            )
        )
    return overview


# --- Analyse ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundPosition:
    fund: Fund
    position: BudgetPosition


@dataclass
class Analysis:
    linked: list[Agreement]
    suggested: list[Agreement]
    funds: list[FundPosition]
    year: FinancialYear


def _agreements_shown() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("organisation", "fund").only(
        "pk",
        "reference",
        "title",
        "mechanism",
        "status",
        "value",
        "starts_on",
        "ends_on",
        "organisation__name",
        "fund__name",
    )


def project_analysis(project: Project) -> Analysis:
    """The analyse page: the agreements linked, active agreements naming the same priorities (suggested, not yet
    linked), and every active fund's budget position this financial year."""
    linked = list(_agreements_shown().filter(projects=project).order_by("reference"))
    priorities = [priority.pk for priority in project.priorities.all()]
    naming = Agreement.priorities.through.objects.filter(agreement=OuterRef("pk"), priority__in=priorities)
    linked_here = Project.agreements.through.objects.filter(agreement=OuterRef("pk"), project=project)
    suggested = list(
        _agreements_shown()
        .filter(Exists(naming), ~Exists(linked_here), status=AgreementStatus.ACTIVE)
        .order_by("-starts_on", "-id")[:SUGGESTED_AGREEMENTS]
    )
    year = FinancialYear(start_year=current_start_year())
    funds = list(Fund.objects.filter(is_active=True).select_related("funding_source").order_by("name"))
    positions = budget_positions(year, funds=funds)
    return Analysis(
        linked=linked,
        suggested=suggested,
        funds=[FundPosition(fund, positions.get(fund.pk, NO_MONEY)) for fund in funds],
        year=year,
    )


def agreement_by_reference(reference: str) -> Agreement | None:
    return Agreement.objects.filter(reference__iexact=reference.strip()).first()


def agreement_by_pk(pk: int) -> Agreement | None:
    return Agreement.objects.filter(pk=pk).first()


# --- Plan ---------------------------------------------------------------------------------------------------------


@dataclass
class OptionRow:
    mechanism: str
    label: str
    rule: str
    option: MechanismOption | None
    breaches: list[str]


@dataclass
class PrincipleRow:
    principle: CommissioningPrinciple
    answer: PrincipleAnswer | None


def project_options(project: Project, limits: GrantLimits | None = None) -> list[OptionRow]:
    """The appraisal of each of the four mechanisms, with its rule in words and what breaks it now."""
    limits = limits if limits is not None else grant_limits()
    options = {
        option.mechanism: option
        for option in MechanismOption.objects.filter(project=project).prefetch_related("partners")
    }
    words = rules_in_words(limits)
    rows = []
    for mechanism, label in Mechanism.choices:
        option = options.get(mechanism)
        breaches = (
            option_breaches(
                mechanism=mechanism,
                partners=option.partners.all(),
                estimated_value=option.estimated_value,
                duration_months=option.duration_months,
                unit=option.unit,
                limits=limits,
            )
            if option is not None
            else []
        )
        rows.append(OptionRow(mechanism, str(label), words[mechanism], option, breaches))
    return rows


def project_option(project: Project, mechanism: str) -> MechanismOption | None:
    return (
        MechanismOption.objects.filter(project=project, mechanism=mechanism)
        .prefetch_related("partners")
        .first()
    )


def principle_rows(project: Project) -> list[PrincipleRow]:
    """The checklist: each principle in force, with the project's answer if it has one."""
    answers = {
        answer.principle_id: answer
        for answer in PrincipleAnswer.objects.filter(project=project).select_related("answered_by")
    }
    return [PrincipleRow(principle, answers.get(principle.pk)) for principle in principles_in_force()]


# --- Do -----------------------------------------------------------------------------------------------------------


def project_launches(project: Project) -> list[ProjectLaunch]:
    return list(
        ProjectLaunch.objects.filter(project=project)
        .select_related("scheme__fund", "launched_by", "specification")
        .order_by("launched_at", "id")
    )


def launch_of_scheme(scheme_id: int) -> ProjectLaunch | None:
    """The launch that made a scheme, with its project: how an agreement of the scheme finds its project."""
    return ProjectLaunch.objects.filter(scheme_id=scheme_id).select_related("project").first()


def indicators_of(specification: Specification) -> list[OutcomeIndicator]:
    return list(
        OutcomeIndicator.objects.filter(outcome__specification=specification).order_by(
            "outcome__position", "position"
        )
    )


def grant_funds() -> QuerySet[Fund]:
    """The funds a project's grant scheme may draw on: the active ones."""
    return Fund.objects.filter(is_active=True).order_by("name")


# --- Review -------------------------------------------------------------------------------------------------------


def project_agreement_ids(project: Project) -> list[int]:
    """The project's agreements: those linked in analyse and those made from the schemes it launched (found by
    their source, on its index), in two or three small queries."""
    linked = set(
        Project.agreements.through.objects.filter(project=project).values_list("agreement_id", flat=True)
    )
    schemes = list(
        ProjectLaunch.objects.filter(project=project, scheme__isnull=False).values_list(
            "scheme_id", flat=True
        )
    )
    if schemes:
        applications = (
            Application.objects.filter(scheme__in=schemes).annotate(key=Cast("pk", CharField())).values("key")
        )
        linked |= set(
            Agreement.objects.filter(
                source_type="grants.application", source_id__in=applications
            ).values_list("pk", flat=True)
        )
    return sorted(linked)


@dataclass
class ReviewRow:
    """An agreement as the review shows it: its latest rating, returns received of those scheduled, money paid
    and approved public feedback."""

    agreement: Agreement
    latest_rating: str = ""
    returns_received: int = 0
    returns_scheduled: int = 0
    spend: Decimal = Decimal("0")
    feedback_approved: int = 0


def review_agreements(ids: list[int]) -> list[ReviewRow]:
    """The project's agreements with their latest rating (`latest_rated`), returns, spend and approved feedback:
    five plain grouped queries whatever the number of agreements."""
    if not ids:
        return []
    rows = {
        agreement.pk: ReviewRow(agreement)
        for agreement in _agreements_shown().filter(pk__in=ids).order_by("reference")
    }
    returns = MonitoringReturn.objects.filter(plan__agreement__in=ids)
    for agreement_id, status, count in (
        returns.order_by()
        .values_list("plan__agreement", "status")
        .annotate(n=Count("pk"))
        .values_list("plan__agreement", "status", "n")
    ):
        rows[agreement_id].returns_scheduled += count
        if status in RECEIVED_RETURNS:
            rows[agreement_id].returns_received += count
    for agreement_id, rating in latest_rated(returns).values_list("plan__agreement", "rating"):
        if not rows[agreement_id].latest_rating:
            rows[agreement_id].latest_rating = rating
    for agreement_id, total in (
        Payment.objects.filter(commitment__agreement_funding__agreement__in=ids)
        .order_by()
        .values_list("commitment__agreement_funding__agreement")
        .annotate(total=Sum("amount"))
        .values_list("commitment__agreement_funding__agreement", "total")
    ):
        rows[agreement_id].spend = total or Decimal("0")
    for agreement_id, count in (
        Feedback.objects.filter(agreement__in=ids, status=FeedbackStatus.APPROVED)
        .order_by()
        .values_list("agreement")
        .annotate(n=Count("pk"))
        .values_list("agreement", "n")
    ):
        rows[agreement_id].feedback_approved = count
    return list(rows.values())


def review_conclusions(project: Project) -> list[ReviewConclusion]:
    return list(
        ReviewConclusion.objects.filter(project=project)
        .select_related("concluded_by")
        .order_by("-concluded_at", "-id")
    )


def review_decommissionings(agreement_ids: list[int]) -> list[Decommissioning]:
    """The decommissioning proposals about the project's agreements, newest first, with their decision records:
    what the review shows beside the agreements' ratings (one query, through the decommissioning app's selector)."""
    found = decommissionings_for_agreements(agreement_ids)
    rows = [proposal for proposals in found.values() for proposal in proposals]
    return sorted(rows, key=lambda proposal: (proposal.created_at, proposal.pk), reverse=True)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
