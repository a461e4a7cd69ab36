"""Is an application eligible? The fund's rules (finance.rules) plus the scheme's own: open, and a priority named.

Each problem names the task-list section where the applicant can put it right, so the page for that section can
show it. `application_submit` refuses while there are problems, and the decision checks the fund's rules again
when money is committed.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning.core.formats import govuk_datetime
from commissioning.core.money import pounds

# `duration_in_months` is finance.rules', re-exported: the grants pages and services import it from here.
from commissioning.finance.rules import RuleFacts, rules_breaches
from commissioning.finance.rules import duration_in_months as duration_in_months
from commissioning.finance.selectors import rules_for

from .models import Application, Scheme

# The task-list sections of an application, in order: (key, title). Views and eligibility share these keys.
SECTIONS: list[tuple[str, str]] = [
    ("organisation", "About your organisation"),
    ("project", "About your project"),
    ("priorities", "Police and Crime Plan priorities"),
    ("outcomes", "Outcomes and who benefits"),
    ("budget", "Budget"),
    ("dates", "Dates"),
    ("documents", "Due-diligence documents"),
    ("declarations", "Declarations"),
]
# Which section puts each fund rule right.
RULE_SECTIONS = {
    "sector": "organisation",
    "min_award": "project",
    "max_award": "project",
    "max_duration": "dates",
    "one_off": "project",
    "purpose": "project",
}


@dataclass(frozen=True)
class EligibilityProblem:
    """One reason an application cannot be funded as it stands. `blocking` problems stop submission; the others
    are warnings the applicant should read (shown as GOV.UK warning text)."""

    rule: str
    section: str
    message: str
    blocking: bool = True


def scheme_is_open(scheme: Scheme, *, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    return scheme.is_published and scheme.opens_at <= at < scheme.closes_at


def application_problems(application: Application, *, at: datetime | None = None) -> list[EligibilityProblem]:
    """Every reason the application cannot be funded as it stands. Facts not yet given are not judged."""
    at = at or timezone.now()
    problems: list[EligibilityProblem] = []
    scheme = application.scheme
    if not scheme_is_open(scheme, at=at):
        closed = scheme.closes_at <= at
        when = govuk_datetime(scheme.closes_at)
        message = (
            f"{scheme.name} closed on {when}: applications can no longer be submitted"
            if closed
            else f"{scheme.name} is not open for applications"
        )
        problems.append(EligibilityProblem("scheme_open", "declarations", message))
    rules = rules_for(scheme.fund, on=timezone.localdate(at))
    if rules is not None:
        duration = (
            duration_in_months(application.starts_on, application.ends_on)
            if application.starts_on and application.ends_on
            else None
        )
        facts = RuleFacts(
            sector=application.organisation.sector if application.organisation_id else None,
            amount=application.amount_requested,
            duration_months=duration,
            recurring=application.recurring,
        )
        for breach in rules_breaches(rules, **facts.__dict__):
            problems.append(
                EligibilityProblem(breach.rule, RULE_SECTIONS.get(breach.rule, "project"), breach.message)
            )
    if application.pk is not None and not application.priorities.exists():
        problems.append(
            EligibilityProblem(
                "priority",
                "priorities",
                "Choose at least one Police and Crime Plan priority your project delivers",
            )
        )
    if application.starts_on and application.ends_on and application.ends_on < application.starts_on:
        problems.append(
            EligibilityProblem("dates", "dates", "The end date must be the same as or after the start date")
        )
    budget = budget_difference(application)
    if budget is not None and budget != 0:
        problems.append(EligibilityProblem("budget", "budget", budget_difference_message(budget)))
    if (
        application.starts_on
        and application.status == "draft"
        and application.starts_on < timezone.localdate(at)
    ):
        problems.append(
            EligibilityProblem(
                "start_past",
                "dates",
                "Your project's start date is in the past. Funding is not normally given for work that has "
                "already started",
                blocking=False,
            )
        )
    return problems


def budget_total(application: Application) -> Decimal:
    """The sum of the budget lines (reads prefetched lines when the page loaded them)."""
    if application.pk is None:
        return Decimal("0.00")
    return sum((line.amount for line in application.budget_lines.all()), Decimal("0.00"))


def budget_difference(application: Application) -> Decimal | None:
    """Budget lines less the amount requested; None until both an amount and at least one line are given."""
    if application.pk is None or application.amount_requested is None:
        return None
    lines = list(application.budget_lines.all())
    if not lines:
        return None
    return sum((line.amount for line in lines), Decimal("0.00")) - application.amount_requested


def budget_difference_message(difference: Decimal) -> str:
    if difference > 0:
        return (
            f"Your budget lines add up to {pounds(difference)} more than the amount you are applying for: "
            "change a line or the amount so that they match"
        )
    return (
        f"Your budget lines add up to {pounds(-difference)} less than the amount you are applying for: "
        "add or change a line, or change the amount, so that they match"
    )


def blocking(problems: list[EligibilityProblem]) -> list[EligibilityProblem]:
    return [problem for problem in problems if problem.blocking]


def problems_by_section(problems: list[EligibilityProblem]) -> dict[str, list[EligibilityProblem]]:
    grouped: dict[str, list[EligibilityProblem]] = {}
    for problem in problems:
        grouped.setdefault(problem.section, []).append(problem)
    return grouped
