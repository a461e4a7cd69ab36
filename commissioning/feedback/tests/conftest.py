from collections.abc import Callable

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import make_service


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def service(officer: User) -> Agreement:
    return make_service(by=officer, organisation=OrganisationFactory(name="Devizes Youth Boxing Club"))


@pytest.fixture
def draft_service(officer: User) -> Agreement:
    return make_service(
        by=officer,
        organisation=OrganisationFactory(name="Draft Charity"),
        title="Not yet running",
        status=AgreementStatus.DRAFT,
    )
