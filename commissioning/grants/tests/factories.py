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


def fund_with_rules(*, code: str, name: str, **rules: Any) -> Any:
    """A fund with one row of rules in effect since 2020 (eligible_sectors, min_award, max_award, ...)."""
    from commissioning.finance.tests.factories import FundRulesFactory

    fund = FundFactory(code=code, name=name)
    FundRulesFactory(fund=fund, **rules)
    return fund


def police_property_act_scheme(**kwargs: Any) -> Scheme:
    """An open Police Property Act Fund scheme: community groups and charities, £3,000 at most, 12 months at
    most, one-off. References start PPAF."""
    from commissioning.organisations.sectors import SectorGroup, sectors_in

    fund = fund_with_rules(
        code="PPAF",
        name="Police Property Act Fund",
        eligible_sectors=sectors_in(SectorGroup.VOLUNTARY_COMMUNITY),
        max_award=Decimal("3000.00"),
        max_duration_months=12,
        one_off=True,
    )
    kwargs.setdefault("name", "Police Property Act Fund round 2")
    kwargs.setdefault("slug", "police-property-act-fund-round-2")
    return scheme_with_criteria(fund=fund, reference_prefix="PPAF", **kwargs)


def community_fund_scheme(**kwargs: Any) -> Scheme:
    """An open PCC Community Fund scheme: the voluntary and community sector only, £1,000 to £25,000."""
    from commissioning.organisations.sectors import SectorGroup, sectors_in

    fund = fund_with_rules(
        code="PCF",
        name="PCC Community Fund",
        eligible_sectors=sectors_in(SectorGroup.VOLUNTARY_COMMUNITY),
        min_award=Decimal("1000.00"),
        max_award=Decimal("25000.00"),
        max_duration_months=24,
    )
    kwargs.setdefault("name", "PCC Community Fund 2026/27")
    kwargs.setdefault("slug", "pcc-community-fund-2026-27")
    return scheme_with_criteria(fund=fund, reference_prefix="PCF", **kwargs)


def current_plan_priorities(count: int = 3) -> list[Any]:
    """The current Police and Crime Plan with `count` priorities."""
    from commissioning.plans.tests.factories import PlanFactory, PriorityFactory

    plan = PlanFactory(is_current=True)
    return [PriorityFactory(plan=plan, number=n + 1, title=f"Priority {n + 1}") for n in range(count)]


def provider_for(organisation: Any, *, email: str | None = None, password: str = "x") -> User:
    """A provider user who acts for `organisation`."""
    from django.contrib.auth.models import Group

    from commissioning.accounts.roles import Role
    from commissioning.organisations.tests.factories import MembershipFactory

    user = UserFactory.create(**({"email": email} if email else {}))
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.PROVIDER)[0])
    MembershipFactory(user=user, organisation=organisation, is_administrator=True)
    return user


def complete_application(
    application: Application, *, by: Any, priorities: Any, **answers: Any
) -> Application:
    """Answer every section through the services (a valid £2,500, ten-month application unless `answers`
    say otherwise) and mark each completed."""
    from commissioning.grants.questions import DECLARATIONS
    from commissioning.grants.services.applications import (
        application_section_save,
        budget_line_add,
    )

    amount = answers.pop("amount_requested", Decimal("2500.00"))
    sections: dict[str, dict[str, Any]] = {
        "organisation": {"organisation_confirmed": True},
        "project": {
            "project_title": "Safer streets at night",
            "project_summary": "Street pastors in the town centre on Friday and Saturday nights.",
            "amount_requested": amount,
            "recurring": False,
        },
        "priorities": {
            "priorities": list(priorities),
            "priorities_explanation": "Fewer victims of violence.",
        },
        "outcomes": {
            "outcomes": "Fewer assaults in the night-time economy.",
            "beneficiaries": "People on a night out",
            "beneficiary_count": 400,
            "location": "Salisbury city centre",
            "location_postcode": "SP1 1JH",
        },
        "budget": {},
        "dates": {
            "starts_on": answers.pop("starts_on", timezone.localdate() + timedelta(days=30)),
            "ends_on": answers.pop("ends_on", timezone.localdate() + timedelta(days=330)),
        },
        "documents": {},
        "declarations": {
            "declaration_name": "Sam Applicant",
            "declaration_role": "Chair",
            "declaration_confirmations": [key for key, _ in DECLARATIONS],
        },
    }
    for section, data in sections.items():
        data.update({key: value for key, value in answers.items() if key in data})
        if section == "budget" and amount:
            budget_line_add(by=by, application=application, description="Volunteer training", amount=amount)
        application = application_section_save(
            by=by, application=application, section=section, data=data, complete=True
        )
    return application
