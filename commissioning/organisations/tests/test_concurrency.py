"""An identifier is never on the register twice, even when several people add it at the same moment."""

import pytest
from django.db import connection

from commissioning.accounts.roles import Role
from commissioning.core.testing import race
from commissioning.organisations.models import Organisation, OrganisationIdentifier
from commissioning.organisations.services import identifier_add

from .factories import OrganisationFactory

THREADS = 8


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_of_one_identifier_leave_exactly_one(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    officer = make_user(Role.COMMISSIONING_OFFICER)
    organisations = [OrganisationFactory(name=f"Claimant {n}") for n in range(THREADS)]

    def add(pk: int) -> int:
        mine = Organisation.objects.get(pk=pk)  # read through this thread's own connection
        identifier_add(by=officer, organisation=mine, scheme="GB-COH", value="1234567")
        return pk

    outcome = race(add, [organisation.pk for organisation in organisations])
    successes, refusals, unexpected = outcome.successes, outcome.refusals, outcome.unexpected

    assert not unexpected, unexpected
    assert len(successes) == 1
    assert len(refusals) == THREADS - 1
    winner = Organisation.objects.get(pk=successes[0])
    assert OrganisationIdentifier.objects.get(scheme="GB-COH", value="01234567").organisation == winner
    for refusal in refusals:
        assert refusal.message == (
            f"An organisation with company number 01234567 is already on the register: {winner.name}"
        )
