"""An identifier is never on the register twice, even when several people add it at the same moment."""

import threading

import pytest
from django.db import connection, connections

from commissioning.accounts.roles import Role
from commissioning.core.errors import DomainError
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
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
    successes: list[int] = []
    refusals: list[DomainError] = []
    unexpected: list[BaseException] = []

    def add(pk: int) -> None:
        try:
            mine = Organisation.objects.get(pk=pk)  # opens this thread's own connection
            barrier.wait(timeout=30)
            try:
                identifier_add(by=officer, organisation=mine, scheme="GB-COH", value="1234567")
            except DomainError as err:
                with lock:
                    refusals.append(err)
            else:
                with lock:
                    successes.append(pk)
        except BaseException as err:  # noqa: BLE001 - every other failure is what this test looks for
            with lock:
                unexpected.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(organisation.pk,)) for organisation in organisations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not unexpected, unexpected
    assert len(successes) == 1
    assert len(refusals) == THREADS - 1
    winner = Organisation.objects.get(pk=successes[0])
    assert OrganisationIdentifier.objects.get(scheme="GB-COH", value="01234567").organisation == winner
    for refusal in refusals:
        assert refusal.message == (
            f"An organisation with company number 01234567 is already on the register: {winner.name}"
        )
