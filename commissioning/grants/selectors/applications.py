"""Reads for the applicant's pages: an application with everything its task list and check-answers page show,
and the organisation's list of applications. Each loads in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from commissioning.grants.eligibility import SECTIONS, EligibilityProblem, problems_by_section
from commissioning.grants.models import Application, ApplicationDocument, ApplicationStatus, Decision
from commissioning.grants.questions import questions_asked
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"


def application_in_full(application: Application) -> Application:
    """The same application with its priorities, budget lines and documents loaded (three queries)."""
    return (
        Application.objects.select_related("scheme__fund", "organisation", "created_by")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan").order_by("number")),
            "budget_lines",
            Prefetch(
                "documents",
                queryset=ApplicationDocument.objects.select_related("due_diligence_item").order_by(
                    "kind", "pk"
                ),
            ),
        )
        .get(pk=application.pk)
    )


def draft_of(organisation: Organisation, scheme: Any) -> Application | None:
    """The organisation's draft for the scheme, if it has begun one."""
    return Application.objects.filter(
        organisation=organisation, scheme=scheme, status=ApplicationStatus.DRAFT
    ).first()


def applications_of(organisation: Organisation) -> QuerySet[Application]:
    """The organisation's applications, newest first, with their scheme and fund (for the applicant's list)."""
    return (
        Application.objects.filter(organisation=organisation)
        .select_related("scheme__fund")
        .order_by("-created_at", "-pk")
    )


def decision_of(application: Application) -> Decision | None:
    """The decision on the application, or None."""
    return Decision.objects.filter(application=application).select_related("agreement").first()


def document_of(application: Application, pk: int) -> ApplicationDocument | None:
    """One of the application's documents, or None (another application's document is never found here)."""
    return (
        ApplicationDocument.objects.filter(application=application, pk=pk)
        .select_related("application")
        .first()
    )


def _has_answers(application: Application, section: str) -> bool:
    definitions = questions_asked(application)
    own = [key for key, q in definitions.items() if q.get("section") == section and q.get("kind") == "answer"]
    if any(application.answers.get(key) not in (None, "", []) for key in own):
        return True
    if section == "project":
        return bool(application.project_title or application.project_summary or application.amount_requested)
    if section == "priorities":
        return bool(application.priorities_explanation) or bool(list(application.priorities.all()))
    if section == "outcomes":
        return bool(application.outcomes or application.beneficiaries or application.location)
    if section == "budget":
        return bool(list(application.budget_lines.all()))
    if section == "dates":
        return bool(application.starts_on or application.ends_on)
    if section == "documents":
        return bool(list(application.documents.all()))
    if section == "declarations":
        return bool(application.declaration_name or application.declaration_role)
    return False


@dataclass
class TaskRow:
    key: str
    title: str
    status: str
    problems: list[EligibilityProblem] = field(default_factory=list)

    @property
    def can_start(self) -> bool:
        return self.status != CANNOT_START

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)


def completed_count(rows: list[TaskRow]) -> int:
    """How many of the task list's sections are completed."""
    return sum(1 for row in rows if row.status == COMPLETED)


def task_rows(application: Application, problems: list[EligibilityProblem]) -> list[TaskRow]:
    """The task list: each section with its status and the problems it can fix. Declarations cannot start until
    every other section is completed (the applicant declares the whole application true)."""
    grouped = problems_by_section(problems)
    completed = set(application.completed_sections)
    others_done = all(key in completed for key, _ in SECTIONS if key != "declarations")
    rows = []
    for key, title in SECTIONS:
        if key in completed:
            status = COMPLETED
        elif _has_answers(application, key):
            status = IN_PROGRESS
        elif key == "declarations" and not others_done:
            status = CANNOT_START
        else:
            status = NOT_STARTED
        rows.append(TaskRow(key, title, status, grouped.get(key, [])))
    return rows


@dataclass(frozen=True)
class AnswerRow:
    """One question as it was asked and the answer given, for check-your-answers and the application page."""

    key: str
    question: str
    lines: list[str]
    answered: bool


def _answer_lines(application: Application, key: str, kind: str) -> list[str]:
    from commissioning.core.formats import govuk_date
    from commissioning.core.money import format_money
    from commissioning.grants.questions import DECLARATIONS

    if kind == "answer" and key not in ("organisation_confirmed", "declaration_confirmations"):
        value = application.answers.get(key)
        return [str(value)] if value not in (None, "") else []
    if key == "organisation_confirmed":
        return ["Yes, confirmed"] if application.answers.get(key) else []
    if key == "declaration_confirmations":
        chosen = set(application.answers.get(key) or [])
        return [text for value, text in DECLARATIONS if value in chosen]
    if key == "priorities":
        return [f"{priority.number}. {priority.title}" for priority in application.priorities.all()]
    if key == "budget_lines":
        lines = list(application.budget_lines.all())
        if not lines:
            return []
        total = sum((line.amount for line in lines), start=lines[0].amount * 0)
        return [f"{line.description}: {format_money(line.amount)}" for line in lines] + [
            f"Total: {format_money(total)}"
        ]
    if key == "documents":
        return [
            f"{document.due_diligence_item or document.original_name or document.kind}"
            for document in application.documents.all()
        ]
    value = getattr(application, key, None)
    if value in (None, ""):
        return []
    if key == "amount_requested":
        return [format_money(value)]
    if key == "recurring":
        return ["Yes" if value else "No"]
    if key in ("starts_on", "ends_on"):
        return [govuk_date(value)]
    if key == "beneficiary_count":
        return [f"{value:,}"]
    return [str(value)]


def answer_rows(application: Application, section: str) -> list[AnswerRow]:
    """The section's questions in the wording the application asked them, each with its answer."""
    rows = []
    for key, question in questions_asked(application).items():
        if question.get("section") != section:
            continue
        lines = _answer_lines(application, key, question.get("kind", "column"))
        rows.append(AnswerRow(key, question.get("label") or key, lines, bool(lines)))
    return rows
