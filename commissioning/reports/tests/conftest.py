"""A small world for the annual report: two funding sources, three funds with allocations in 2025/26 and
2026/27, agreements of several mechanisms and priorities with money committed and paid, money committed
without an agreement, applications and awards, reviewed monitoring returns and reported outcomes."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.tests.factories import allocate, make_agreement
from commissioning.finance.models import Fund, FundingSource
from commissioning.finance.selectors import allocation_of
from commissioning.finance.services import commitment_create, financial_year, payment_record
from commissioning.finance.tests.factories import FundFactory, FundingSourceFactory
from commissioning.grants.models import ApplicationStatus, Decision
from commissioning.grants.tests.factories import SchemeFactory, submitted_application
from commissioning.monitoring.models import (
    Indicator,
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    Rating,
    ReturnStatus,
)
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.plans.models import Priority
from commissioning.plans.tests.factories import PlanFactory, PriorityFactory


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@dataclass
class World:
    victims: Fund
    safety: Fund
    community: Fund
    ring_fenced: FundingSource
    precept: FundingSource
    priorities: list[Priority]
    contract: Agreement
    grant: Agreement
    partnership: Agreement


def aware(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def add_return(
    agreement: Agreement,
    *,
    number: int,
    period_end: date,
    status: str = ReturnStatus.REVIEWED,
    rating: str = "",
    values: dict[str, str] | None = None,
) -> MonitoringReturn:
    plan = MonitoringPlan.objects.get(agreement=agreement)
    monitoring_return = MonitoringReturn.objects.create(
        plan=plan,
        # Past the numbers of the returns scheduled with the plan, which stay due and must not count.
        number=100 + number,
        period_start=date(period_end.year, period_end.month, 1),
        period_end=period_end,
        due_on=period_end,
        status=status,
        rating=rating,
        form_definition={},
    )
    for name, value in (values or {}).items():
        IndicatorValue.objects.create(
            monitoring_return=monitoring_return,
            indicator=Indicator.objects.get(plan=plan, name=name),
            value=Decimal(value),
        )
    return monitoring_return


@pytest.fixture
def world(officer: User, make_user: Callable[..., User]) -> World:
    # Payments are recorded by finance (the permission table's "payment.record").
    finance = make_user(Role.CHIEF_FINANCE_OFFICER)
    ring_fenced = FundingSourceFactory.create(name="Ministry of Justice victims' grant")
    precept = FundingSourceFactory.create(name="Local policing precept")
    victims = FundFactory.create(name="Victims Fund", code="VF", funding_source=ring_fenced)
    safety = FundFactory.create(name="Community Safety Fund", code="CSF", funding_source=precept)
    community = FundFactory.create(name="PCC Community Fund", code="PCF", funding_source=precept)
    for fund, amounts in (
        (victims, ("500000.00", "520000.00")),
        (safety, ("200000.00", "210000.00")),
        (community, ("50000.00", "55000.00")),
    ):
        allocate(fund, 2025, amounts[0])
        allocate(fund, 2026, amounts[1])
    plan = PlanFactory.create(is_current=True)
    priorities = [PriorityFactory.create(plan=plan, number=n, title=f"Priority {n}") for n in (1, 2, 3)]
    organisation = OrganisationFactory.create(name="Swindon Victim Support")

    # A contract over two years (2025/26 and 2026/27) serving two priorities.
    contract = make_agreement(
        by=officer,
        organisation=organisation,
        fund=victims,
        mechanism=Mechanism.CONTRACT,
        title="Victim support service",
        value="240000.00",
        starts_on=date(2025, 10, 1),
        ends_on=date(2026, 9, 30),
        priorities=priorities[1:3],
        status=AgreementStatus.ACTIVE,
    )
    # A grant in 2025/26 serving one priority, partly paid.
    grant = make_agreement(
        by=officer,
        organisation=OrganisationFactory.create(name="Devizes Youth Boxing Club"),
        fund=community,
        mechanism=Mechanism.GRANT,
        value="8000.00",
        starts_on=date(2025, 6, 1),
        ends_on=date(2026, 3, 31),
        priorities=priorities[:1],
        status=AgreementStatus.ACTIVE,
    )
    # A partnership in 2025/26 with no priority named.
    partnership = make_agreement(
        by=officer,
        organisation=OrganisationFactory.create(name="Swindon Borough Council"),
        fund=safety,
        mechanism=Mechanism.PARTNERSHIP,
        title="Community safety partnership",
        value="60000.00",
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        status=AgreementStatus.ACTIVE,
    )
    for agreement in (contract, grant, partnership):
        first = agreement.funding.select_related("commitment").order_by("commitment__committed_on").first()
        assert first is not None
        payment_record(
            by=finance,
            commitment=first.commitment,
            amount=Decimal("1000.00") if agreement == grant else Decimal("20000.00"),
            paid_on=date(2025, 12, 1),
            reference=f"PAY-{agreement.pk}",
        )
    # Money committed straight against a fund, not through an agreement, partly released.
    direct = commitment_create(
        by=officer,
        allocation=allocation_of(safety, financial_year(2025)),  # type: ignore[arg-type]
        amount=Decimal("15000.00"),
        description="Street lighting",
    )
    payment_record(
        by=finance, commitment=direct, amount=Decimal("5000.00"), paid_on=date(2025, 9, 1), reference="SL1"
    )

    # Grant applications and decisions: two submitted in 2025/26 (one on its last minute), one in 2026/27.
    scheme = SchemeFactory.create(fund=community)
    for submitted_at in (aware(2025, 4, 1, 0, 0), aware(2026, 3, 31, 23, 59), aware(2026, 4, 1, 0, 0)):
        submitted_application(scheme=scheme, submitted_at=submitted_at, status=ApplicationStatus.APPROVED)
    applications = list(scheme.applications.order_by("submitted_at"))
    for application, outcome, amount, decided_at in (
        (applications[0], Decision.Outcome.APPROVE, "2500.00", aware(2025, 5, 1)),
        (applications[1], Decision.Outcome.DECLINE, None, aware(2025, 6, 1)),
        (applications[2], Decision.Outcome.APPROVE_DIFFERENT, "1500.00", aware(2026, 5, 1)),
    ):
        Decision.objects.create(
            application=application,
            outcome=outcome,
            amount=Decimal(amount) if amount else None,
            reasons="Meets the criteria",
            decided_by=officer,
            decided_at=decided_at,
        )

    # Monitoring: indicators on the contract and the grant; reviewed returns with ratings; a draft that does not
    # count; a return in the next year that does not count for 2025/26.
    for agreement in (contract, grant):
        plan_row = MonitoringPlan.objects.get(agreement=agreement)
        Indicator.objects.create(
            plan=plan_row, name="Victims supported", unit="people", target=Decimal("100")
        )
    for agreement, number, period_end, status, rating, value in (
        (contract, 1, date(2025, 12, 31), ReturnStatus.REVIEWED, Rating.RED, "80"),
        (contract, 2, date(2026, 3, 31), ReturnStatus.REVIEWED, Rating.GREEN, "130"),
        (contract, 3, date(2026, 6, 30), ReturnStatus.REVIEWED, Rating.RED, "999"),
        (grant, 1, date(2026, 3, 31), ReturnStatus.REVIEWED, Rating.AMBER, "40"),
        (grant, 2, date(2026, 3, 30), ReturnStatus.DRAFT, "", "500"),
    ):
        add_return(
            agreement,
            number=number,
            period_end=period_end,
            status=status,
            rating=rating,
            values={"Victims supported": value},
        )
    return World(
        victims=victims,
        safety=safety,
        community=community,
        ring_fenced=ring_fenced,
        precept=precept,
        priorities=priorities,
        contract=contract,
        grant=grant,
        partnership=partnership,
    )
