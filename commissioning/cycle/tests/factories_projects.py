"""Commissioning projects ready to test: a needs assessment made with the model, a project, and one made ready to
move to do (a specification with outcomes and indicators, a grant taken forward and chosen, every principle
answered)."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from commissioning.agreements.models import Mechanism
from commissioning.cycle.models import NeedsAssessment, NeedsAssessmentVersion, OptionVerdict, Project
from commissioning.cycle.services.projects import (
    IndicatorTarget,
    OutcomeSought,
    mechanism_choose,
    option_save,
    principles_answer,
    project_create,
    project_launch_scheme,
    specification_write,
)
from commissioning.finance.models import FundRules
from commissioning.grants.tests.factories import current_plan_priorities, fund_with_rules
from commissioning.plans.models import CommissioningPrinciple, Priority


def make_assessment(
    *, by: Any, priorities: list[Any], title: str = "Victims of domestic abuse"
) -> NeedsAssessment:
    assessment = NeedsAssessment.objects.create(title=title, created_by=by)
    assessment.priorities.set(priorities)
    NeedsAssessmentVersion.objects.create(
        assessment=assessment,
        number=1,
        need="Around 9,000 victims a year, rising.",
        gaps="No support in rural areas.",
        implications="Commission outreach support.",
        written_by=by,
    )
    return assessment


def principles(count: int = 10) -> list[CommissioningPrinciple]:
    """The ten commissioning principles (made here: the demo loads them, tests make their own)."""
    existing = list(CommissioningPrinciple.objects.filter(is_active=True).order_by("number"))
    if existing:
        return existing
    # Made with the model, not PrincipleFactory: another app's test reads that factory's sequence from its start.
    return [
        CommissioningPrinciple.objects.create(number=n, text=f"Principle {n} of commissioning")
        for n in range(1, count + 1)
    ]


def make_project(*, by: Any, priorities: list[Any] | None = None, **kwargs: Any) -> Project:
    if priorities is None:
        priorities = list(Priority.objects.filter(plan__is_current=True).order_by("number")[:2])
        priorities = priorities or current_plan_priorities(2)
    return project_create(
        by=by,
        title=kwargs.pop("title", "Rural outreach for victims"),
        summary=kwargs.pop("summary", "Support for victims who live far from town."),
        priorities=priorities,
        **kwargs,
    )


OUTCOMES = [
    OutcomeSought(
        "Victims feel safer",
        [
            IndicatorTarget("Victims supported", Decimal("120"), "people"),
            IndicatorTarget("Feel safer", Decimal("80"), "per cent"),
        ],
    ),
    OutcomeSought(
        "Fewer repeat victims", [IndicatorTarget("Repeat victims", Decimal("10"), "per cent", "lower")]
    ),
]

OPTION_TEXT: dict[str, Any] = {
    "benefits": "Quick to set up.",
    "restrictions": "One-off money.",
    "legal_requirements": "A grant agreement.",
    "why": "Small and quick.",
}


def grant_fund(max_award: str = "25000.00", months: int = 12) -> Any:
    return fund_with_rules(
        code="PCF",
        name="PCC Community Fund",
        max_award=Decimal(max_award),
        max_duration_months=months,
        one_off=True,
    )


def ready_for_do(project: Project, *, by: Any, answer_all: bool = True) -> Project:
    """Write the specification, take a grant forward and choose it, and answer every principle (or all but one)."""
    if not CommissioningPrinciple.objects.exists():
        principles()
    if not FundRules.objects.filter(max_award__isnull=False).exists():
        grant_fund()
    specification_write(
        by=by, project=project, delivered="Outreach workers in rural areas.", outcomes=OUTCOMES
    )
    option_save(
        by=by,
        project=project,
        mechanism=Mechanism.GRANT,
        verdict=OptionVerdict.TAKEN_FORWARD,
        estimated_value=Decimal("2500.00"),
        duration_months=12,
        **OPTION_TEXT,
    )
    mechanism_choose(by=by, project=project, mechanism=Mechanism.GRANT, reason="Small, quick, one-off work.")
    in_force = list(CommissioningPrinciple.objects.filter(is_active=True).order_by("number"))
    if not answer_all:
        in_force = in_force[:-1]
    principles_answer(by=by, project=project, evidence={p.pk: f"Evidence for {p.number}" for p in in_force})
    project.refresh_from_db()
    return project


def launch_scheme(officer: Any, project: Project, fund: Any) -> Any:
    """Launch the project's grant scheme (the project must be in do, having chosen a grant)."""
    return project_launch_scheme(
        by=officer,
        project=project,
        fund=fund,
        name="Rural outreach grants",
        slug="rural-outreach-grants",
        summary="Grants for rural outreach.",
        opens_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
        closes_at=datetime(2026, 6, 1, 9, tzinfo=UTC),
    )
