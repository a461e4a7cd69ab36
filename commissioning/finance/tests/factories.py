from datetime import date
from decimal import Decimal

import factory

from commissioning.finance.models import Allocation, FinancialYear, Fund, FundingSource, FundRules


class FinancialYearFactory(factory.django.DjangoModelFactory[FinancialYear]):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("start_year",)

    start_year = 2025


class FundingSourceFactory(factory.django.DjangoModelFactory[FundingSource]):
    class Meta:
        model = FundingSource

    name = factory.Sequence(lambda n: f"Funding source {n}")
    kind = FundingSource.Kind.OTHER_INCOME


class FundFactory(factory.django.DjangoModelFactory[Fund]):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Fund {n}")
    code = factory.Sequence(lambda n: f"F{n}")
    funding_source = factory.SubFactory(FundingSourceFactory)


class FundRulesFactory(factory.django.DjangoModelFactory[FundRules]):
    class Meta:
        model = FundRules

    fund = factory.SubFactory(FundFactory)
    effective_from = date(2020, 4, 1)


class AllocationFactory(factory.django.DjangoModelFactory[Allocation]):
    class Meta:
        model = Allocation

    fund = factory.SubFactory(FundFactory)
    financial_year = factory.SubFactory(FinancialYearFactory)
    amount = Decimal("10000.00")
