"""Many people approving at the same moment never over-commit a fund (PRODUCT.md 3.2 and 5)."""

from decimal import Decimal

import pytest
from django.db import connection

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.testing import race
from commissioning.finance.models import Allocation, Commitment
from commissioning.finance.selectors import budget_position, counted_totals
from commissioning.finance.services import commitment_create
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundFactory

THREADS = 24
ALLOCATION = Decimal("10000.00")
# 24 requests for £21,600 in all: they cannot all fit, and some that fail would fit on their own.
AMOUNTS = [Decimal(amount) for amount in ("700.00", "900.00", "1100.00", "900.00")] * (THREADS // 4)


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_commitments_never_exceed_the_allocation(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    approver = make_user(Role.CHIEF_FINANCE_OFFICER)
    allocation = AllocationFactory(
        fund=FundFactory(name="Police Property Act Fund"),
        financial_year=FinancialYearFactory(start_year=2025),
        amount=ALLOCATION,
    )

    def commit(job: tuple[int, Decimal]) -> Decimal:
        n, amount = job
        mine = Allocation.objects.get(pk=allocation.pk)  # read through this thread's own connection
        commitment_create(by=approver, allocation=mine, amount=amount, description=f"Grant {n}")
        return amount

    outcome = race(commit, list(enumerate(AMOUNTS)))
    successes, refusals, unexpected = outcome.successes, outcome.refusals, outcome.unexpected

    assert not unexpected, unexpected
    assert len(successes) + len(refusals) == THREADS
    assert successes and refusals
    position = budget_position(allocation.fund, allocation.financial_year)
    assert position.committed <= ALLOCATION
    assert position.committed == sum(successes)
    assert counted_totals()[allocation.pk] == position, "the kept total is what the rows add up to"
    assert Commitment.objects.filter(allocation=allocation).count() == len(successes)
    # The lock serialises them: only a request larger than what was left can have been refused.
    assert ALLOCATION - position.committed < max(AMOUNTS)
    for refusal in refusals:
        assert refusal.message.startswith("This would commit £")
        assert (
            "of the £10,000 allocation for Police Property Act Fund in 2025/26 is available"
            in refusal.message
        )
    assert AuditEvent.objects.filter(record_type="finance.commitment", action="commit").count() == len(
        successes
    )
