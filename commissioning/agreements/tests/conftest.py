from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.finance.tests.factories import FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import allocate

# The demo's scheme of delegation: a variation of value is a decision on the new total.
LIMITS = [
    (Role.COMMISSIONING_OFFICER, Decimal("5000.00")),
    (Role.CHIEF_EXECUTIVE, Decimal("25000.00")),
    (Role.CHIEF_FINANCE_OFFICER, Decimal("100000.00")),
    (Role.COMMISSIONER, None),
]


@pytest.fixture
def limits(db: Any) -> None:
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def commissioner(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.COMMISSIONER, full_name="Connie Commissioner")


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def cfo(make_user: Callable[..., User]) -> User:
    return make_user(Role.CHIEF_FINANCE_OFFICER, full_name="Fred Finance")


@pytest.fixture
def fund(db: Any) -> Any:
    """A fund with £20,000 in 2025/26, 2026/27 and 2027/28."""
    fund: Any = FundFactory(name="Community Safety Fund", code="CSF")
    for start_year in (2025, 2026, 2027):
        allocate(fund, start_year, "20000.00")
    return fund


@pytest.fixture
def organisation(db: Any) -> Any:
    return OrganisationFactory(name="Devizes Youth Boxing Club")


@pytest.fixture
def provider(make_user: Callable[..., User], organisation: Any) -> User:
    user = make_user(Role.PROVIDER, full_name="Pat Provider", email="pat@example.org")
    MembershipFactory(organisation=organisation, user=user, is_administrator=True)
    return user


@pytest.fixture
def other_provider(make_user: Callable[..., User]) -> User:
    user = make_user(Role.PROVIDER, full_name="Other Person", email="other@example.org")
    MembershipFactory(organisation=OrganisationFactory(name="Another Charity"), user=user)
    return user
