"""Published and unpublished agreements, made directly as rows: the exports and pages read agreements whatever
made them, and thousands can be made quickly (`bulk_grants`)."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Acceptance, Agreement, AgreementStatus, Mechanism
from commissioning.audit.models import StatusChange
from commissioning.core.models import CommissioningBody
from commissioning.finance.tests.factories import FundFactory
from commissioning.grants.models import Decision
from commissioning.grants.tests.factories import ApplicationFactory, SchemeFactory
from commissioning.organisations.tests.factories import IdentifierFactory, OrganisationFactory
from commissioning.plans.tests.factories import PlanFactory, PriorityFactory

_numbers = count(1)


@pytest.fixture
def body(db: Any) -> CommissioningBody:
    return CommissioningBody.objects.create(
        name="Office of the Police and Crime Commissioner for Testshire",
        short_name="OPCC Testshire",
        grant_identifier_prefix="360G-opcctest",
        organisation_identifier="GB-GOR-PC000999",
        website="https://opcc.example.org/",
        contact_email="info@opcc.example.org",
    )


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def priorities(db: Any) -> list[Any]:
    plan = PlanFactory(is_current=True)
    return [
        PriorityFactory(plan=plan, number=1, title="Prevent crime and keep people safe"),
        PriorityFactory(plan=plan, number=2, title="Protect the most vulnerable people in society"),
    ]


@pytest.fixture
def fund(db: Any) -> Any:
    return FundFactory(name="Community Safety Fund", code="CSF")


@pytest.fixture
def charity(db: Any) -> Any:
    organisation = OrganisationFactory(name="Devizes Youth Boxing Club", postcode="SN10 1AA")
    IdentifierFactory(organisation=organisation, scheme="GB-CHC", value="1123456")
    return organisation


@pytest.fixture
def group(db: Any) -> Any:
    """An organisation with no registered identifier: published under the body's own prefix."""
    return OrganisationFactory(name="Pewsey Speedwatch")


@pytest.fixture
def make_grant(officer: User, fund: Any, charity: Any) -> Callable[..., Agreement]:
    def make(
        *,
        status: str = AgreementStatus.ACTIVE,
        mechanism: str = Mechanism.GRANT,
        organisation: Any = None,
        value: str = "2500.00",
        title: str | None = None,
        awarded: datetime | None = None,
        scheme: Any = None,
        location: str = "",
        priorities: list[Any] | None = None,
        starts_on: date = date(2026, 5, 1),
        reference: str | None = None,
    ) -> Agreement:
        number = next(_numbers)
        agreement = Agreement.objects.create(
            reference=reference or f"AGR-2026-{number:05d}",
            mechanism=mechanism,
            title=title or f"Project {number}",
            purpose=f"What project {number} does for the community.",
            organisation=organisation or charity,
            fund=fund,
            value=Decimal(value),
            starts_on=starts_on,
            ends_on=date(2027, 3, 31),
            conditions="Spend it only on the project.",
            status=status,
            created_by=officer,
        )
        if status != AgreementStatus.OFFERED:
            Acceptance.objects.create(agreement=agreement, answered_on=starts_on)
        agreement.priorities.set(priorities or [])
        StatusChange.objects.create(
            record_type="agreements.agreement",
            record_id=agreement.pk,
            from_status=AgreementStatus.DRAFT,
            to_status=status,
            changed_at=timezone.now(),
            changed_by=officer,
            actor_label=officer.email,
        )
        if scheme is not None or awarded is not None:
            application: Any = ApplicationFactory(
                scheme=scheme or SchemeFactory(fund=fund),
                organisation=agreement.organisation,
                location=location,
                status="approved",
            )
            Decision.objects.create(
                application=application,
                outcome=Decision.Outcome.APPROVE,
                amount=agreement.value,
                reasons="Meets the criteria",
                decided_by=officer,
                decided_at=awarded or timezone.now(),
                agreement=agreement,
            )
        return agreement

    return make


@pytest.fixture
def bulk_grants(officer: User, fund: Any, charity: Any, group: Any) -> Callable[[int], None]:
    """`n` published grants in a few queries, alternating between an organisation with an identifier and one
    without."""

    def make(n: int) -> None:
        start = Agreement.objects.count()
        made = Agreement.objects.bulk_create(
            [
                Agreement(
                    reference=f"BULK-2026-{start + index:06d}",
                    mechanism=Mechanism.GRANT,
                    title=f"Bulk project {start + index}",
                    purpose="Keeping people safe in the town centre at night, with trained volunteers. " * 3,
                    organisation=charity if index % 2 else group,
                    fund=fund,
                    value=Decimal("1234.56"),
                    starts_on=date(2026, 5, 1),
                    ends_on=date(2027, 3, 31),
                    conditions="Spend it only on the project.",
                    status=AgreementStatus.ACTIVE,
                    created_by=officer,
                )
                for index in range(n)
            ],
            batch_size=500,
        )
        Acceptance.objects.bulk_create(
            [Acceptance(agreement=agreement, answered_on=date(2026, 4, 20)) for agreement in made],
            batch_size=500,
        )

    return make
