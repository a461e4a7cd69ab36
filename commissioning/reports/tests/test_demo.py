"""The annual report on the shipped demo and on the generated small data set: every fund's figures in every year
are the budget position service's, and the 2025/26 report of the demo has figures to show."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from commissioning.finance.models import FinancialYear, Fund
from commissioning.finance.selectors import NO_MONEY, budget_positions
from commissioning.reports.selectors import annual_report, report_year

pytestmark = pytest.mark.django_db


def seed_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())


def assert_report_matches_budget_positions() -> int:
    years = list(FinancialYear.objects.filter(allocations__isnull=False).distinct())
    assert years
    for year in years:
        report = annual_report(year)
        positions = budget_positions(year)
        shown = {line.fund.pk: line.position for line in report.funds}
        assert set(positions) <= set(shown)
        for fund in Fund.objects.all():
            assert shown.get(fund.pk, NO_MONEY) == positions.get(fund.pk, NO_MONEY), (year, fund)
        assert report.total == sum(positions.values(), NO_MONEY)
        # Each commitment once under its mechanism: the lines add up to the funds' totals.
        assert sum(line.committed for line in report.by_mechanism) == report.total.committed
        assert sum(line.paid for line in report.by_mechanism) == report.total.paid
    return len(years)


def test_demo_report_totals_are_the_budget_positions_and_2025_has_figures():
    seed_demo()
    assert assert_report_matches_budget_positions() >= 2
    report = annual_report(report_year(2025))
    assert report.has_data
    assert report.total.allocated > 0 and report.total.committed > 0 and report.total.paid > 0
    assert len(report.funds) == 6
    assert not report.fund_chart.is_empty and not report.source_chart.is_empty


def test_generated_data_report_totals_are_the_budget_positions():
    seed_demo()
    with override_settings(DEBUG=True):
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    assert assert_report_matches_budget_positions() >= 10
    report = annual_report(report_year(2024))
    assert report.counts.applications > 0 and report.counts.agreements > 0
    assert any(line.committed for line in report.by_priority)
