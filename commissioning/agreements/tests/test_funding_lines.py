"""Agreements draw on one or more funds: a funding line for each fund's share in each financial year, whose
commitment moves that fund's budget position."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus, FundingLine, Instalment
from commissioning.agreements.services import FundShare, offer_withdraw
from commissioning.core.errors import DomainError
from commissioning.finance.models import Commitment
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import FundFactory

from .factories import allocate, make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def victims_fund(db):
    fund = FundFactory(name="Victims Fund", code="VF")
    for start_year in (2025, 2026, 2027):
        allocate(fund, start_year, "20000.00")
    return fund


def two_fund_agreement(officer, organisation, fund, victims_fund, **kwargs):
    return make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        funding=[FundShare(fund, Decimal("6000.00")), FundShare(victims_fund, Decimal("3000.00"))],
        value="9000.00",
        **kwargs,
    )


def test_an_agreement_draws_on_two_funds_with_a_line_per_fund_and_year(
    officer, organisation, fund, victims_fund
):
    year = financial_year(2026)
    before = budget_position(fund, year), budget_position(victims_fund, year)
    agreement = two_fund_agreement(officer, organisation, fund, victims_fund)
    assert agreement.fund == fund, "the first fund is the lead fund"
    lines = list(agreement.funding.select_related("fund", "financial_year", "commitment__allocation"))
    assert [(line.fund.code, line.financial_year.start_year, line.amount) for line in lines] == [
        ("CSF", 2026, Decimal("6000.00")),
        ("VF", 2026, Decimal("3000.00")),
    ]
    for line in lines:
        assert line.commitment.amount == line.amount
        assert line.commitment.allocation.fund_id == line.fund_id
    assert budget_position(fund, year).committed == before[0].committed + Decimal("6000.00")
    assert budget_position(victims_fund, year).committed == before[1].committed + Decimal("3000.00")


def test_each_share_is_split_across_the_years_it_spans(officer, organisation, fund, victims_fund):
    agreement = two_fund_agreement(
        officer, organisation, fund, victims_fund, starts_on=date(2026, 10, 1), ends_on=date(2027, 9, 30)
    )
    lines = agreement.funding.order_by("fund__code", "financial_year__start_year")
    assert [(line.fund.code, line.financial_year.start_year) for line in lines] == [
        ("CSF", 2026),
        ("CSF", 2027),
        ("VF", 2026),
        ("VF", 2027),
    ]
    by_fund = {}
    for line in lines:
        by_fund[line.fund.code] = by_fund.get(line.fund.code, Decimal(0)) + line.amount
    assert by_fund == {"CSF": Decimal("6000.00"), "VF": Decimal("3000.00")}


def test_shares_must_add_up_and_name_each_fund_once(officer, organisation, fund, victims_fund):
    with pytest.raises(DomainError, match="add up to £8,000, but the value is £9,000"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=None,
            funding=[(fund, Decimal("5000")), (victims_fund, Decimal("3000"))],
            value="9000.00",
        )
    with pytest.raises(DomainError, match="Name the Community Safety Fund once"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=None,
            funding=[(fund, Decimal("5000")), (fund, Decimal("4000"))],
            value="9000.00",
        )
    with pytest.raises(DomainError, match="The lead fund must be the first"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=victims_fund,
            funding=[(fund, Decimal("5000")), (victims_fund, Decimal("4000"))],
            value="9000.00",
        )
    assert not FundingLine.objects.exists() and not Commitment.objects.exists()


def test_one_fund_over_committed_refuses_the_whole_agreement(officer, organisation, fund, victims_fund):
    with pytest.raises(DomainError, match="only £20,000 of the £20,000 allocation for Victims Fund"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=None,
            funding=[(fund, Decimal("5000")), (victims_fund, Decimal("25000"))],
            value="30000.00",
        )
    assert budget_position(fund, financial_year(2026)).committed == 0


def test_withdrawing_gives_back_both_funds_money(officer, organisation, fund, victims_fund):
    year = financial_year(2026)
    agreement = two_fund_agreement(officer, organisation, fund, victims_fund)
    offer_withdraw(by=officer, agreement=agreement, reason="Not needed")
    assert budget_position(fund, year).committed == 0
    assert budget_position(victims_fund, year).committed == 0


def test_paid_in_advance_each_funds_line_has_its_instalments(officer, organisation, fund, victims_fund):
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        funding=[(fund, Decimal("8000")), (victims_fund, Decimal("4000"))],
        value="12000.00",
        status=AgreementStatus.ACTIVE,
    )
    instalments = list(
        Instalment.objects.filter(agreement=agreement).select_related("commitment__allocation")
    )
    assert [instalment.number for instalment in instalments] == list(range(1, 9))
    totals: dict[str, Decimal] = {}
    for instalment in instalments:
        code = instalment.commitment.allocation.fund.code
        totals[code] = totals.get(code, Decimal(0)) + instalment.amount
    assert totals == {"CSF": Decimal("8000.00"), "VF": Decimal("4000.00")}
    assert instalments[0].due_on == instalments[1].due_on == date(2026, 4, 1)


def test_both_funds_pages_show_their_budget_position_moved_by_their_lines(
    client_as, officer, organisation, fund, victims_fund, django_assert_max_num_queries
):
    agreement = two_fund_agreement(officer, organisation, fund, victims_fund)
    client = client_as(Role.AUDITOR)
    csf = client.get(reverse("finance:fund-detail", args=[fund.pk])).content.decode()
    assert "£6,000.00" in csf and "£14,000.00" in csf
    vf = client.get(reverse("finance:fund-detail", args=[victims_fund.pk])).content.decode()
    assert "£3,000.00" in vf and "£17,000.00" in vf
    with django_assert_max_num_queries(22):
        response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    content = response.content.decode()
    assert "Community Safety Fund (lead fund)" in content and "Victims Fund" in content
    assert "£6,000.00" in content and "£3,000.00" in content


def test_agreement_page_stays_flat_with_many_funding_lines(
    client_as, officer, organisation, fund, victims_fund, django_assert_max_num_queries
):
    small = make_agreement(by=officer, organisation=organisation, fund=fund, value="1000")
    big = two_fund_agreement(
        officer, organisation, fund, victims_fund, starts_on=date(2025, 4, 1), ends_on=date(2028, 3, 31)
    )
    assert big.funding.count() == 6
    client = client_as(Role.AUDITOR)
    client.get(reverse("agreements:detail", args=[small.pk]))
    with django_assert_max_num_queries(22) as small_queries:
        client.get(reverse("agreements:detail", args=[small.pk]))
    with django_assert_max_num_queries(22) as big_queries:
        client.get(reverse("agreements:detail", args=[big.pk]))
    assert len(big_queries) == len(small_queries)


def test_a_new_value_is_shared_across_the_funds_as_they_hold_it(officer, organisation, fund, victims_fund):
    from commissioning.agreements.services import funding_shares_for

    agreement = two_fund_agreement(officer, organisation, fund, victims_fund)
    shares = funding_shares_for(agreement, Decimal("10000.00"))
    assert [(share.fund.code, share.amount) for share in shares] == [
        ("CSF", Decimal("6666.67")),
        ("VF", Decimal("3333.33")),
    ]
    single = make_agreement(by=officer, organisation=organisation, fund=fund, value="1000")
    assert [(s.fund.code, s.amount) for s in funding_shares_for(single, Decimal("1500"))] == [
        ("CSF", Decimal("1500"))
    ]
