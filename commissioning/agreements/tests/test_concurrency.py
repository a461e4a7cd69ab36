"""Twenty approvals at the same moment against one allocation never over-commit it (PRODUCT.md 3.2 and 5)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, FundingLine
from commissioning.core.testing import race
from commissioning.finance.models import Commitment, Fund
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import FundFactory
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import allocate, make_agreement

THREADS = 20
ALLOCATION = Decimal("10000.00")
AMOUNTS = [Decimal(amount) for amount in ("700.00", "900.00", "1100.00", "800.00")] * (THREADS // 4)


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_agreements_never_over_commit_one_allocation(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    officer = make_user(Role.COMMISSIONING_OFFICER)
    fund = FundFactory(name="Police Property Act Fund", code="PPAF")
    allocate(fund, 2026, str(ALLOCATION))
    organisation = OrganisationFactory()

    def approve(job: tuple[int, Decimal]) -> Decimal:
        n, amount = job
        make_agreement(
            by=officer,
            organisation=Organisation.objects.get(pk=organisation.pk),
            fund=Fund.objects.get(pk=fund.pk),
            value=str(amount),
            title=f"Grant {n}",
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
        )
        return amount

    outcome = race(approve, list(enumerate(AMOUNTS)))
    assert not outcome.unexpected, outcome.unexpected
    assert len(outcome.successes) + len(outcome.refusals) == THREADS
    assert outcome.successes and outcome.refusals
    position = budget_position(fund, financial_year(2026))
    assert position.committed <= ALLOCATION
    assert position.committed == sum(outcome.successes)
    assert ALLOCATION - position.committed < max(AMOUNTS)
    for refusal in outcome.refusals:
        assert refusal.message.startswith("This would commit £")
        assert "allocation for Police Property Act Fund in 2026/27 is available" in refusal.message
    # A refused approval leaves nothing behind; references are unique and unbroken for the ones that stayed.
    assert Agreement.objects.count() == len(outcome.successes)
    assert FundingLine.objects.count() == len(outcome.successes)
    assert Commitment.objects.count() == len(outcome.successes)
    assert len(set(Agreement.objects.values_list("reference", flat=True))) == len(outcome.successes)
