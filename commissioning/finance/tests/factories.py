from datetime import date
from decimal import Decimal
from typing import Any

import factory

from commissioning.finance.models import (
    Allocation,
    FinancialYear,
    Fund,
    FundingSource,
    FundPurpose,
    FundRules,
    RulesPurpose,
)


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


class FundPurposeFactory(factory.django.DjangoModelFactory[FundPurpose]):
    class Meta:
        model = FundPurpose
        django_get_or_create = ("fund", "name")

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Purpose {n}")


class FundRulesFactory(factory.django.DjangoModelFactory[FundRules]):
    """Rules of a fund; `ring_fenced_purposes=["…", …]` ring-fences them to purposes of the fund of those names."""

    class Meta:
        model = FundRules
        skip_postgeneration_save = True

    fund = factory.SubFactory(FundFactory)
    effective_from = date(2020, 4, 1)

    @factory.post_generation
    def ring_fenced_purposes(self, create: bool, names: Any, **kwargs: Any) -> None:
        rules: Any = self  # the FundRules row the factory made
        if create and names:
            for name in names:
                purpose: Any = FundPurposeFactory(fund=rules.fund, name=name)
                RulesPurpose.objects.create(rules=rules, purpose=purpose)


class AllocationFactory(factory.django.DjangoModelFactory[Allocation]):
    class Meta:
        model = Allocation

    fund = factory.SubFactory(FundFactory)
    financial_year = factory.SubFactory(FinancialYearFactory)
    amount = Decimal("10000.00")
