"""Grant schemes and applications ready to test.

`SchemeFactory` makes an open, published scheme; `scheme_with_criteria` adds three weighted criteria (50/30/20,
scored 0 to 5) and six score bands. `ApplicationFactory` makes a draft; `submitted_application` one that has been
submitted with a reference, a priority and a budget line that matches the amount.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.finance.tests.factories import FundFactory
from commissioning.grants.models import (
    Application,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    BudgetLine,
    CriterionScore,
    Scheme,
    ScoreBand,
)
from commissioning.organisations.tests.factories import OrganisationFactory


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A person with no roles (add groups in the test when roles matter)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"grants-person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Grants Person {n}")


class SchemeFactory(factory.django.DjangoModelFactory[Scheme]):
    class Meta:
        model = Scheme

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Scheme {n:04d}")
    slug = factory.Sequence(lambda n: f"scheme-{n:04d}")
    reference_prefix = factory.LazyAttribute(lambda scheme: scheme.fund.code)
    summary = "Small grants for community safety projects."
    guidance = "We fund projects that make communities safer."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    is_published = True
    acceptance_period_days = 28


class CriterionFactory(factory.django.DjangoModelFactory[AssessmentCriterion]):
    class Meta:
        model = AssessmentCriterion

    scheme = factory.SubFactory(SchemeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Criterion {n + 1}")
    guidance = "How well the application shows this."
    weight = 50
    max_score = 5


class ScoreBandFactory(factory.django.DjangoModelFactory[ScoreBand]):
    class Meta:
        model = ScoreBand

    scheme = factory.SubFactory(SchemeFactory)
    score = 0
    label = "No evidence"


STANDARD_CRITERIA = [
    (1, "Need for the project", 50),
    (2, "Delivery and value for money", 30),
    (3, "Links to the Police and Crime Plan", 20),
]
STANDARD_BANDS = [
    (0, "No evidence"),
    (1, "Poor"),
    (2, "Weak"),
    (3, "Adequate"),
    (4, "Good"),
    (5, "Excellent"),
]


def scheme_with_criteria(**kwargs: Any) -> Scheme:
    """An open scheme with criteria weighted 50, 30 and 20 (each scored out of 5) and bands 0 to 5."""
    scheme = SchemeFactory.create(**kwargs)
    for number, title, weight in STANDARD_CRITERIA:
        CriterionFactory(scheme=scheme, number=number, title=title, weight=weight)
    for score, label in STANDARD_BANDS:
        ScoreBandFactory(scheme=scheme, score=score, label=label)
    return scheme


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    scheme = factory.SubFactory(SchemeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    status = ApplicationStatus.DRAFT
    project_title = factory.Sequence(lambda n: f"Project {n:04d}")
    project_summary = "Evening sessions for young people at risk of exploitation."
    amount_requested = Decimal("2500.00")
    recurring = False
    outcomes = "Fewer young people drawn into crime."
    beneficiaries = "Young people aged 11 to 17"
    beneficiary_count = 40
    location = "Devizes"
    starts_on = date(2026, 5, 1)
    ends_on = date(2027, 3, 31)


def submitted_application(
    *, status: str = ApplicationStatus.SUBMITTED, priorities: Any = (), **kwargs: Any
) -> Application:
    """An application past submission: a reference, submitted_at, its priorities and one budget line for the
    whole amount. Made directly (not through the services), so tests can start from any status."""
    kwargs.setdefault("submitted_at", timezone.now())
    application = ApplicationFactory.create(status=status, **kwargs)
    if not application.reference:
        prefix = application.scheme.reference_prefix
        year = (application.submitted_at or timezone.now()).year
        application.reference = f"{prefix}-{year}-{application.pk:05d}"
        application.save(update_fields=["reference"])
    if priorities:
        application.priorities.set(list(priorities))
    if application.amount_requested:
        BudgetLine.objects.create(
            application=application, description="Coaches and hall hire", amount=application.amount_requested
        )
    return application


class AssignmentFactory(factory.django.DjangoModelFactory[AssessorAssignment]):
    class Meta:
        model = AssessorAssignment

    application = factory.SubFactory(ApplicationFactory)
    assessor = factory.SubFactory(UserFactory)
    assigned_by = factory.LazyAttribute(lambda assignment: assignment.assessor)


def score_all(assignment: AssessorAssignment, score: int = 4, *, complete: bool = True) -> None:
    """Declare no conflict and score every criterion of the scheme `score`, directly (not through services)."""
    assignment.has_conflict = False
    assignment.declared_at = timezone.now()
    if complete:
        assignment.completed_at = timezone.now()
    assignment.save()
    for criterion in assignment.application.scheme.criteria.all():
        CriterionScore.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={
                "score": min(score, criterion.max_score),
                "comment": "Clear evidence in the application.",
            },
        )
