from datetime import date
from decimal import Decimal

import pytest

from commissioning.accounts.roles import Role
from commissioning.core.effective import EffectiveFrom, rule_on
from commissioning.finance.models import FinancialYear, FundRules
from commissioning.finance.selectors import (
    NO_MONEY,
    budget_positions,
    fund_years,
    funds_visible_to,
    rules_for,
    rules_in_time,
)
from commissioning.finance.tests.factories import FundFactory, FundRulesFactory
from commissioning.organisations.models import Organisation, OrganisationMembership
from commissioning.organisations.sectors import Sector

pytestmark = pytest.mark.django_db


def test_budget_positions_for_many_funds_in_one_query(many_funds, django_assert_num_queries):
    year = FinancialYear(start_year=2025)
    with django_assert_num_queries(1):
        positions = budget_positions(year)
    assert len(positions) == 30
    assert {position for position in positions.values()} == {positions[many_funds[0].pk]}, (
        "every fund has the same figures"
    )
    position = positions[many_funds[0].pk]
    assert (position.allocated, position.committed, position.paid, position.available) == (
        Decimal("1000.00"),
        Decimal("300.00"),
        Decimal("75.00"),
        Decimal("700.00"),
    )
    with django_assert_num_queries(1):
        some = budget_positions(year, funds=many_funds[:3])
    assert set(some) == {fund.pk for fund in many_funds[:3]}
    assert budget_positions(FinancialYear(start_year=2040)) == {}


def test_fund_years_lists_each_allocation_and_the_current_and_next_year(
    many_funds, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = fund_years(many_funds[0])
    labels = [row.year.label for row in rows]
    assert labels[-4:] == ["2026/27", "2025/26", "2024/25", "2023/24"]
    assert labels == sorted(labels, reverse=True)
    assert rows[-1].position.committed == Decimal("300.00")
    for row in rows:
        if row.allocation is None:
            assert row.position == NO_MONEY


def test_rules_for_picks_the_rules_in_effect():
    fund = FundFactory()
    assert rules_for(fund) is None
    old = FundRulesFactory(fund=fund, effective_from=date(2020, 4, 1))
    new = FundRulesFactory(fund=fund, effective_from=date(2024, 4, 1))
    future = FundRulesFactory(fund=fund, effective_from=date(2099, 4, 1))
    assert rules_for(fund, on=date(2024, 3, 31)) == old
    assert rules_for(fund, on=date(2024, 4, 1)) == new
    assert rules_for(fund) == new
    assert rules_for(fund, on=date(2100, 1, 1)) == future
    assert rules_for(fund, on=date(2019, 1, 1)) is None


def test_rules_in_time_splits_the_rules_in_effect_from_those_to_come(django_assert_num_queries):
    fund = FundFactory()
    assert rules_in_time(fund) == rules_in_time(fund, on=date(2020, 1, 1))
    assert rules_in_time(fund).current is None
    old = FundRulesFactory(fund=fund, effective_from=date(2020, 4, 1))
    new = FundRulesFactory(fund=fund, effective_from=date(2024, 4, 1))
    future = FundRulesFactory(fund=fund, effective_from=date(2099, 4, 1))
    FundRulesFactory(effective_from=date(2024, 5, 1))  # another fund's
    with django_assert_num_queries(1):
        today = rules_in_time(fund)
    assert (today.current, today.later, today.every) == (new, [future], [old, new, future])
    assert rules_in_time(fund, on=date(2024, 3, 31)).current == old
    assert rules_in_time(fund, on=date(2024, 3, 31)).later == [new, future]
    assert rules_in_time(fund, on=date(2019, 1, 1)).current is None
    for on in (date(2019, 1, 1), date(2024, 4, 1), date(2100, 1, 1)):
        assert rules_in_time(fund, on=on).current == rules_for(fund, on=on)


def test_funds_visible_to(make_user):
    foundation = Organisation.objects.create(name="Community Foundation", sector=Sector.CHARITY)
    other = Organisation.objects.create(name="Other Foundation", sector=Sector.CHARITY)
    theirs = FundFactory()
    FundRulesFactory(fund=theirs, administering_organisation=other, effective_from=date(2020, 4, 1))
    FundRulesFactory(fund=theirs, administering_organisation=foundation, effective_from=date(2024, 4, 1))
    formerly_theirs = FundFactory()
    FundRulesFactory(
        fund=formerly_theirs, administering_organisation=foundation, effective_from=date(2020, 4, 1)
    )
    FundRulesFactory(fund=formerly_theirs, administering_organisation=None, effective_from=date(2024, 4, 1))
    FundFactory()

    auditor = make_user(Role.AUDITOR)
    assert funds_visible_to(auditor).count() == 3
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    assert list(funds_visible_to(partner)) == [], "a partner administrator with no organisation sees nothing"
    OrganisationMembership.objects.create(user=partner, organisation=foundation, is_administrator=True)
    partner = type(partner).objects.get(pk=partner.pk)
    assert list(funds_visible_to(partner)) == [theirs]
    assert list(funds_visible_to(make_user(Role.PROVIDER))) == []


def test_rules_are_read_once_and_a_change_is_seen_at_once(django_assert_num_queries):
    fund = FundFactory(name="Victims Fund")
    rules = FundRulesFactory(fund=fund, effective_from=date(2020, 4, 1), max_award=Decimal("3000"))
    assert rules_for(fund) == rules
    with django_assert_num_queries(0):
        assert rules_for(fund).max_award == Decimal("3000")
    with django_assert_num_queries(1):  # a write judging by the rules reads them as committed
        assert rules_for(fund, fresh=True) == rules
    rules.max_award = Decimal("2500")
    rules.save()
    assert rules_for(fund).max_award == Decimal("2500")
    fund.name = "Victims and Witnesses Fund"
    fund.save()
    assert rules_for(fund).fund.name == "Victims and Witnesses Fund"


def test_fund_rules_are_rules_with_dates_of_effect():
    """FundRules is a core.effective rule: its rows answer "which held on this date" the one shared way."""
    assert issubclass(FundRules, EffectiveFrom)
    fund = FundFactory()
    old = FundRulesFactory(fund=fund, effective_from=date(2020, 4, 1))
    new = FundRulesFactory(fund=fund, effective_from=date(2024, 4, 1))
    FundRulesFactory(effective_from=date(2022, 4, 1))  # another fund's
    rows = FundRules.objects.filter(fund=fund)
    assert list(rows.started_by(date(2024, 4, 1)).newest_first()) == [new, old]
    assert list(rows.upcoming(date(2024, 3, 31))) == [new]
    assert rule_on(rows, on=date(2024, 3, 31)) == old == rules_for(fund, on=date(2024, 3, 31))
    assert not new.in_effect_on(date(2024, 3, 31)) and new.in_effect_on(date(2024, 4, 1))
