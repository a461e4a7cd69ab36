from datetime import date
from decimal import Decimal

import pytest

from commissioning.accounts.roles import Role
from commissioning.finance.models import Allocation, Commitment, FinancialYear, Fund, FundingSource, Payment
from commissioning.finance.services import allocation_totals_recount


@pytest.fixture
def many_funds(make_user):
    """30 funds, each with allocations for 4 years, 3 commitments per allocation and a payment on each."""
    by = make_user(Role.CHIEF_FINANCE_OFFICER)
    source = FundingSource.objects.create(name="Precept", kind=FundingSource.Kind.PRECEPT)
    years = [FinancialYear.objects.get_or_create(start_year=start)[0] for start in range(2023, 2027)]
    funds = Fund.objects.bulk_create(
        [Fund(name=f"Fund {n:02d}", code=f"F{n}", funding_source=source) for n in range(30)]
    )
    allocations = Allocation.objects.bulk_create(
        [
            Allocation(fund=fund, financial_year=year, amount=Decimal("1000.00"))
            for fund in funds
            for year in years
        ]
    )
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(
                allocation=allocation,
                amount=Decimal("100.00"),
                description=f"Commitment {n}",
                committed_on=date(allocation.financial_year.start_year, 5, 1),
                created_by=by,
            )
            for allocation in allocations
            for n in range(3)
        ]
    )
    Payment.objects.bulk_create(
        [
            Payment(
                commitment=commitment,
                amount=Decimal("25.00"),
                paid_on=commitment.committed_on,
                reference="P",
                created_by=by,
            )
            for commitment in commitments
        ]
    )
    # Rows written in bulk bypass the services, so the allocations' totals are counted afterwards, as generated
    # data does.
    allocation_totals_recount(by=by)
    return funds
