"""The annual report's figures: the funds' from the budget position service, the splits from the same
commitments and payments, and the counts, ratings and outcomes of the year."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.finance.models import Allocation
from commissioning.finance.selectors import NO_MONEY, budget_positions, counted_totals
from commissioning.finance.services import financial_year
from commissioning.monitoring.models import Rating
from commissioning.reports.selectors import (
    NO_PRIORITY,
    NOT_THROUGH_AGREEMENT,
    annual_report,
    default_start_year,
    report_year,
    report_years,
)

from .conftest import World

pytestmark = pytest.mark.django_db

D = Decimal


def test_fund_figures_are_the_budget_position_services_for_every_fund_and_year(world: World):
    for start_year in (2025, 2026):
        year = financial_year(start_year)
        report = annual_report(year)
        positions = budget_positions(year)
        assert {line.fund.pk: line.position for line in report.funds} == {
            fund.pk: positions.get(fund.pk, NO_MONEY)
            for fund in (world.victims, world.safety, world.community)
        }
        # ... which are what the commitments and payments add up to, counted again from the rows.
        counted = counted_totals(Allocation.objects.filter(financial_year=year))
        assert report.total == sum(counted.values(), NO_MONEY)


def test_known_figures_of_2025(world: World):
    report = annual_report(financial_year(2025))
    by_fund = {line.fund.name: line.position for line in report.funds}
    # The contract's £240,000 from 1 October 2025 to 30 September 2026: 182 of its 365 days fall in 2025/26.
    contract_2025 = D("240000.00") * 182 / 365
    assert by_fund["Victims Fund"].allocated == D("500000.00")
    assert abs(by_fund["Victims Fund"].committed - contract_2025) < D("0.01")
    assert by_fund["Victims Fund"].paid == D("20000.00")
    assert by_fund["Community Safety Fund"].committed == D(
        "75000.00"
    )  # partnership £60,000 + street lighting
    assert by_fund["Community Safety Fund"].paid == D("25000.00")
    assert by_fund["PCC Community Fund"].committed == D("8000.00")
    assert by_fund["PCC Community Fund"].available == D("42000.00")
    sources = {line.source.name: line.position for line in report.sources}
    assert (
        sources["Local policing precept"] == by_fund["Community Safety Fund"] + by_fund["PCC Community Fund"]
    )
    assert sources["Ministry of Justice victims' grant"] == by_fund["Victims Fund"]


def test_mechanisms_count_each_commitment_once_and_add_up_to_the_totals(world: World):
    report = annual_report(financial_year(2025))
    lines = {line.label: line for line in report.by_mechanism}
    assert lines["Grant"].committed == D("8000.00") and lines["Grant"].paid == D("1000.00")
    assert lines["Partnership agreement"].committed == D("60000.00")
    assert lines["Partnership agreement"].agreements == 1
    assert lines["Any Qualified Provider accreditation"].committed == D("0.00")
    assert lines[NOT_THROUGH_AGREEMENT].committed == D("15000.00")
    assert lines[NOT_THROUGH_AGREEMENT].paid == D("5000.00")
    assert sum(line.committed for line in report.by_mechanism) == report.total.committed
    assert sum(line.paid for line in report.by_mechanism) == report.total.paid


def test_an_agreement_serving_two_priorities_counts_in_full_under_each(world: World):
    report = annual_report(financial_year(2025))
    lines = {line.label: line for line in report.by_priority}
    contract = report.by_mechanism[1]  # contract line
    assert contract.label == "Contract"
    first, second, third = (str(priority) for priority in world.priorities)
    assert lines[first].committed == D("8000.00")
    assert lines[second].committed == lines[third].committed == contract.committed
    assert lines[second].paid == lines[third].paid == D("20000.00")
    assert lines[NO_PRIORITY].committed == D("60000.00")  # the partnership named none
    assert lines[NOT_THROUGH_AGREEMENT].committed == D("15000.00")
    assert report.agreements_with_several_priorities == 1
    # Counted in full under each: the lines add up to more than the total, by the contract's share once more.
    assert sum(line.committed for line in report.by_priority) == report.total.committed + contract.committed
    assert lines[second].category == f"{second} (1 agreement)"


def test_counts_of_applications_awards_and_agreements(world: World):
    report = annual_report(financial_year(2025))
    # Submitted at midnight on 1 April 2025 and at 23:59 on 31 March 2026; the one at midnight on 1 April 2026 is
    # next year's.
    assert report.counts.applications == 2
    assert report.counts.awards == 1 and report.counts.awarded == D("2500.00")
    assert report.counts.agreements == 3
    next_year = annual_report(financial_year(2026))
    assert next_year.counts.applications == 1
    assert next_year.counts.awards == 1 and next_year.counts.awarded == D("1500.00")
    assert next_year.counts.agreements == 1  # only the contract runs into 2026/27


def test_ratings_count_each_agreements_latest_reviewed_return_in_the_year(world: World):
    ratings = annual_report(financial_year(2025)).ratings
    # The contract was red in December and green in March: green. The grant was amber.
    assert ratings.by_rating == {Rating.GREEN: 1, Rating.AMBER: 1}
    assert ratings.reviewed_returns == 3
    assert ratings.agreements == 2
    chart = annual_report(financial_year(2025)).ratings_chart
    assert list(chart.categories) == ["Green", "Amber", "Red"]
    assert list(chart.series[0].values) == [1, 1, 0]
    assert annual_report(financial_year(2026)).ratings.by_rating == {Rating.RED: 1}


def test_outcomes_total_reported_values_against_the_targets_of_the_same_returns(world: World):
    outcomes = annual_report(financial_year(2025)).outcomes
    assert len(outcomes) == 1
    outcome = outcomes[0]
    # Three reviewed returns (80 + 130 + 40); the draft's 500 and next year's 999 do not count.
    assert (outcome.name, outcome.unit, outcome.actual, outcome.target, outcome.returns) == (
        "Victims supported",
        "people",
        D("250"),
        D("300"),
        3,
    )
    assert outcome.label == "Victims supported (people)"


def test_charts_hold_the_reports_figures(world: World):
    report = annual_report(financial_year(2025))
    chart = report.fund_chart
    assert chart.money
    assert list(chart.categories) == [line.fund.name for line in report.funds]
    assert list(chart.series[0].values) == [line.position.allocated for line in report.funds]
    assert list(chart.series[2].values) == [line.position.paid for line in report.funds]
    assert [c.is_empty for c in report.charts] == [False] * 6


def test_a_year_with_nothing_has_no_data_and_empty_charts(world: World):
    report = annual_report(report_year(2040))
    assert not report.has_data
    assert report.total == NO_MONEY
    assert report.ratings_chart.is_empty and report.outcomes_chart.is_empty
    assert report.year.pk is None  # reading a report writes no year


def test_years_listed_newest_first_with_the_current_year(world: World):
    rows = report_years()
    start_years = [row.year.start_year for row in rows]
    assert start_years == sorted(start_years, reverse=True)
    assert {2025, 2026} <= set(start_years)
    totals = {row.year.start_year: row.allocated for row in rows}
    assert totals[2025] == D("750000.00")


def test_default_year_is_the_last_complete_one_when_it_has_money(world: World, settings):
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 26)):
        assert default_start_year() == 2025
    with mock.patch("django.utils.timezone.localdate", return_value=date(2031, 5, 1)):
        assert default_start_year() == 2031


def test_queries_do_not_grow_with_agreements(world: World, officer, django_assert_max_num_queries):
    from commissioning.agreements.models import AgreementStatus, Mechanism
    from commissioning.agreements.tests.factories import make_agreement
    from commissioning.organisations.tests.factories import OrganisationFactory

    for number in range(15):
        make_agreement(
            by=officer,
            organisation=OrganisationFactory.create(),
            fund=world.safety,
            mechanism=Mechanism.GRANT,
            value="1000.00",
            starts_on=date(2025, 5, 1),
            ends_on=date(2025, 12, 31),
            priorities=world.priorities[: 1 + number % 3],
            status=AgreementStatus.ACTIVE,
        )
    with django_assert_max_num_queries(18):
        report = annual_report(financial_year(2025))
    assert report.counts.agreements == 18
