"""Agreements ready to test: a fund with allocations, an organisation with a member, and `make_agreement`."""

from datetime import date
from decimal import Decimal
from typing import Any

from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create
from commissioning.finance.models import Fund
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory
from commissioning.organisations.models import Organisation


def allocate(fund: Fund, start_year: int, amount: str) -> None:
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=start_year), amount=Decimal(amount)
    )


def make_agreement(
    *,
    by: Any,
    organisation: Organisation,
    fund: Fund | None,
    value: str = "5000.00",
    starts_on: date = date(2026, 4, 1),
    ends_on: date = date(2027, 3, 31),
    status: str = AgreementStatus.DRAFT,
    **kwargs: Any,
) -> Agreement:
    return agreement_create(
        by=by,
        mechanism=kwargs.pop("mechanism", Mechanism.GRANT),
        title=kwargs.pop("title", "Youth boxing club"),
        purpose=kwargs.pop("purpose", "Evening sessions for young people at risk of exploitation"),
        organisation=organisation,
        fund=fund,
        priorities=kwargs.pop("priorities", []),
        value=Decimal(value),
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        **kwargs,
    )
