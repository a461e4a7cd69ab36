from collections.abc import Callable
from typing import Any

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def organisation(db: Any) -> Any:
    return OrganisationFactory(name="Swindon Victim Support")


@pytest.fixture
def provider(make_user: Callable[..., User], organisation: Any) -> User:
    user = make_user(Role.PROVIDER, full_name="Pat Provider", email="pat@example.org")
    MembershipFactory(organisation=organisation, user=user, is_administrator=True)
    return user
