"""Numbering under real concurrency (PostgreSQL): drafts saved at the same moment never share a reference, and the
numbers run on without gaps."""

from datetime import date

import pytest
from django.db import connection, transaction

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_next
from commissioning.core.testing import race
from commissioning.decisions.models import DecisionRecord

from .conftest import draft

THREADS = 12


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_drafts_saved_at_the_same_moment_get_different_numbers(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    officer = make_user(Role.COMMISSIONING_OFFICER)

    def save(n: int) -> str:
        return draft(User.objects.get(pk=officer.pk), title=f"Decision {n}", on=date(2026, 6, 1)).reference

    outcome = race(save, list(range(THREADS)))
    assert not outcome.unexpected, outcome.unexpected
    assert not outcome.refusals
    expected = [f"2026/{n:03d}" for n in range(1, THREADS + 1)]
    assert sorted(outcome.successes) == expected
    assert sorted(DecisionRecord.objects.values_list("reference", flat=True)) == expected
    assert ReferenceCounter.objects.get(scope="decision", year=2026).last == THREADS


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_reference_next_from_many_connections_for_a_new_year_never_repeats(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")

    def take(_: int) -> int:
        with transaction.atomic():
            return reference_next("race", 2031)

    outcome = race(take, list(range(THREADS)))
    assert not outcome.unexpected, outcome.unexpected
    assert sorted(outcome.successes) == list(range(1, THREADS + 1))
