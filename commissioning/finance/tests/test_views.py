from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.finance.models import Allocation, Commitment, FinancialYear
from commissioning.finance.selectors import budget_position, current_start_year
from commissioning.finance.services import allocation_totals_recount, commitment_create
from commissioning.finance.tests.factories import AllocationFactory, FundFactory, FundRulesFactory
from commissioning.finance.years import slug_of
from commissioning.organisations.models import Organisation, OrganisationMembership
from commissioning.organisations.sectors import Sector, SectorGroup, sectors_in

pytestmark = pytest.mark.django_db


def year(start_year: int = 2025):
    return FinancialYear.objects.get_or_create(start_year=start_year)[0]


@pytest.fixture
def ppaf(make_user):
    fund = FundFactory(name="Police Property Act Fund", code="PPAF")
    FundRulesFactory(
        fund=fund,
        eligible_sectors=sectors_in(SectorGroup.VOLUNTARY_COMMUNITY),
        max_award=Decimal("3000"),
        max_duration_months=12,
        one_off=True,
        administering_organisation=Organisation.objects.create(
            name="County Foundation", sector=Sector.CHARITY
        ),
    )
    allocation = AllocationFactory(fund=fund, financial_year=year(), amount=Decimal("60000"))
    commitment_create(
        by=make_user(Role.CHIEF_FINANCE_OFFICER),
        allocation=allocation,
        amount=Decimal("2750"),
        description="Grant",
    )
    return fund


@pytest.fixture
def partner_client(ppaf, make_user, client_as):
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    organisation = ppaf.rules.get().administering_organisation
    OrganisationMembership.objects.create(user=partner, organisation=organisation, is_administrator=True)
    return client_as(user=partner)


def allocation_url(fund, start_year: int = 2025) -> str:
    return reverse("finance:allocation-edit", args=[fund.pk, slug_of(start_year)])


class TestFundList:
    def test_readers_see_every_fund_with_its_position(self, client_as, ppaf):
        other = FundFactory(name="Victims Fund")
        for role in (Role.AUDITOR, Role.COMMISSIONING_OFFICER, Role.CHIEF_FINANCE_OFFICER, Role.COMMISSIONER):
            response = client_as(role).get(reverse("finance:fund-list"), {"year": "2025-26"})
            assert response.status_code == 200
            content = response.content.decode()
            assert "Budget position of each fund in 2025/26" in content
            assert "Police Property Act Fund" in content
            assert other.name in content
            assert "£60,000.00" in content
            assert "£2,750.00" in content
            assert "£57,250.00" in content
            assert '<option value="2025-26" selected>2025/26</option>' in content

    def test_the_current_year_is_shown_by_default_and_a_bad_year_is_ignored(self, client_as, ppaf):
        client = client_as(Role.AUDITOR)
        current = FinancialYear(start_year=current_start_year())
        for query in ({}, {"year": "2025-27"}, {"year": "<script>"}, {"year": "1800-01"}):
            response = client.get(reverse("finance:fund-list"), query)
            assert response.status_code == 200
            assert f"Budget position of each fund in {current.label}" in response.content.decode()

    def test_providers_and_anonymous_people_cannot_see_funds(self, client_as, client, ppaf):
        assert client_as(Role.PROVIDER).get(reverse("finance:fund-list")).status_code == 403
        assert client_as(Role.ASSESSOR).get(reverse("finance:fund-list")).status_code == 403
        response = client.get(reverse("finance:fund-list"))
        assert response.status_code == 302
        assert reverse("accounts:sign-in") in response["Location"]

    def test_a_partner_administrator_sees_only_their_fund(self, partner_client, ppaf):
        FundFactory(name="Victims Fund")
        response = partner_client.get(reverse("finance:fund-list"), {"year": "2025-26"})
        assert response.status_code == 200
        assert "Police Property Act Fund" in response.content.decode()
        assert "Victims Fund" not in response.content.decode()

    def test_query_count_does_not_grow_with_funds(self, client_as, many_funds, django_assert_max_num_queries):
        client = client_as(Role.AUDITOR)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("finance:fund-list"), {"year": "2025-26"})
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count('class="govuk-link" href="/staff/funds/') == 30
        assert "£30,000.00" in content, "the total allocated"
        assert "£21,000.00" in content, "the total available"


class TestFundDetail:
    def test_shows_rules_in_plain_words_and_allocations(self, client_as, ppaf):
        response = client_as(Role.AUDITOR).get(reverse("finance:fund-detail", args=[ppaf.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        assert "<h1" in content and content.count("<h1") == 1
        assert "Awards are £3,000 or less" in content
        assert "Funding lasts no more than 12 months" in content
        assert "One-off funding only: it will not be renewed" in content
        assert "County Foundation" in content
        assert "2025/26" in content
        assert "£57,250.00" in content
        assert "Change<span" not in content, "an auditor cannot change allocations"

    def test_the_cfo_and_administrators_get_change_links(self, client_as, ppaf):
        for role in (Role.CHIEF_FINANCE_OFFICER, Role.ADMINISTRATOR):
            content = client_as(role).get(reverse("finance:fund-detail", args=[ppaf.pk])).content.decode()
            assert (
                f'href="{allocation_url(ppaf)}">Change<span class="govuk-visually-hidden"> allocation for 2025/26'
                in content
            )
        officer = client_as(Role.COMMISSIONING_OFFICER)
        assert (
            "allocation for 2025/26"
            not in officer.get(reverse("finance:fund-detail", args=[ppaf.pk])).content.decode()
        )

    def test_a_partner_administrator_gets_not_found_for_another_fund(self, partner_client, ppaf):
        other = FundFactory()
        assert partner_client.get(reverse("finance:fund-detail", args=[ppaf.pk])).status_code == 200
        assert partner_client.get(reverse("finance:fund-detail", args=[other.pk])).status_code == 404
        assert partner_client.get(allocation_url(ppaf)).status_code == 403

    def test_unknown_fund_is_not_found(self, client_as):
        assert client_as(Role.AUDITOR).get(reverse("finance:fund-detail", args=[999999])).status_code == 404
        assert client_as(Role.PROVIDER).get(reverse("finance:fund-detail", args=[999999])).status_code == 403

    def test_query_count_does_not_grow_with_years(self, client_as, many_funds, django_assert_max_num_queries):
        fund = many_funds[0]
        client = client_as(Role.CHIEF_FINANCE_OFFICER)
        FundRulesFactory(fund=fund, eligible_sectors=[Sector.CHARITY], max_award=Decimal("500"))
        for start_year in range(2010, 2023):
            AllocationFactory(fund=fund, financial_year=year(start_year))
        with django_assert_max_num_queries(12):
            response = client.get(reverse("finance:fund-detail", args=[fund.pk]))
        assert response.status_code == 200
        assert response.content.decode().count("Change<span") >= 17


class TestAllocationEdit:
    def test_the_cfo_changes_an_allocation_and_the_position_follows(self, client_as, ppaf):
        client = client_as(Role.CHIEF_FINANCE_OFFICER)
        response = client.get(allocation_url(ppaf))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Allocation for 2025/26" in content
        assert 'value="60000.00"' in content
        response = client.post(allocation_url(ppaf), {"amount": "£65,000.50"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("finance:fund-detail", args=[ppaf.pk])
        content = response.content.decode()
        assert "The allocation for Police Property Act Fund in 2025/26 is now £65,000.50" in content
        assert "£62,250.50" in content, "the available amount follows"
        assert budget_position(ppaf, year()).allocated == Decimal("65000.50")

    def test_the_cfo_sets_a_new_allocation_for_next_year(self, client_as, ppaf):
        next_year = current_start_year() + 1
        client = client_as(Role.ADMINISTRATOR)
        response = client.get(allocation_url(ppaf, next_year))
        assert response.status_code == 200
        assert "Set the allocation for" in response.content.decode()
        response = client.post(allocation_url(ppaf, next_year), {"amount": "70000"})
        assert response.status_code == 302
        assert Allocation.objects.get(fund=ppaf, financial_year__start_year=next_year).amount == Decimal(
            "70000"
        )

    def test_others_are_refused(self, client_as, ppaf):
        for role in (Role.COMMISSIONING_OFFICER, Role.AUDITOR, Role.COMMISSIONER, Role.CHIEF_EXECUTIVE):
            client = client_as(role)
            assert client.get(allocation_url(ppaf)).status_code == 403
            assert client.post(allocation_url(ppaf), {"amount": "1"}).status_code == 403
        assert budget_position(ppaf, year()).allocated == Decimal("60000")

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("abc", "Allocation for 2025/26 must be an amount of money, like 1,250.00"),
            ("", "Enter allocation for 2025/26"),
            ("-5", "Allocation for 2025/26 must be £0.00 or more"),
            ("12.345", "Allocation for 2025/26 must be in pounds and pence"),
            ("1e400", "Allocation for 2025/26 must be less than £1,000,000,000,000"),
            ("NaN", "must be an amount of money"),
            ("99999999999999999999", "Allocation for 2025/26 must be less than £1,000,000,000,000"),
            ("2000", "The allocation for Police Property Act Fund in 2025/26 cannot be less than the £2,750"),
        ],
    )
    def test_bad_input_gets_a_message(self, client_as, ppaf, typed: str, message: str):
        response = client_as(Role.CHIEF_FINANCE_OFFICER).post(allocation_url(ppaf), {"amount": typed})
        assert response.status_code == 200
        content = response.content.decode()
        assert "govuk-error-summary" in content
        assert message in content
        assert response.context["form"].errors
        assert budget_position(ppaf, year()).allocated == Decimal("60000")

    def test_query_count_does_not_grow_with_commitments(
        self, client_as, many_funds, django_assert_max_num_queries
    ):
        client = client_as(Role.CHIEF_FINANCE_OFFICER)
        with django_assert_max_num_queries(8):
            response = client.get(allocation_url(many_funds[0]))
        assert response.status_code == 200
        assert "£300.00" in response.content.decode(), "committed"

    def test_unknown_fund_or_year_is_not_found(self, client_as, ppaf):
        client = client_as(Role.CHIEF_FINANCE_OFFICER)
        assert client.get(reverse("finance:allocation-edit", args=[999999, "2025-26"])).status_code == 404
        assert client.get(f"/staff/funds/{ppaf.pk}/allocations/2025-27/").status_code == 404
        assert client.get(f"/staff/funds/{ppaf.pk}/allocations/1800-01/").status_code == 404


class TestCommitmentList:
    def test_lists_commitments_with_paging(self, client_as, many_funds, django_assert_max_num_queries):
        fund = many_funds[0]
        allocation = Allocation.objects.get(fund=fund, financial_year__start_year=2025)
        allocation.amount = Decimal("100000")
        allocation.save()
        by = Commitment.objects.first().created_by
        Commitment.objects.bulk_create(
            [
                Commitment(
                    allocation=allocation,
                    amount=Decimal("10"),
                    description=f"Bulk {n}",
                    committed_on=date(2025, 6, 1),
                    created_by=by,
                )
                for n in range(80)
            ]
        )
        allocation_totals_recount(by=by, allocations=Allocation.objects.filter(pk=allocation.pk))
        client = client_as(Role.AUDITOR)
        url = reverse("finance:commitment-list", args=[fund.pk, "2025-26"])
        with django_assert_max_num_queries(9):
            response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Commitments in 2025/26" in content
        assert "Page 1 of 4" in content
        assert content.count('<tr class="govuk-table__row">') == 26
        response = client.get(url, {"page": "4"})
        assert "Bulk 79" in response.content.decode()
        assert client.get(url, {"page": "abc"}).status_code == 200

    def test_partner_administrator_sees_their_fund_only(self, partner_client, ppaf):
        assert (
            partner_client.get(reverse("finance:commitment-list", args=[ppaf.pk, "2025-26"])).status_code
            == 200
        )
        other = FundFactory()
        assert (
            partner_client.get(reverse("finance:commitment-list", args=[other.pk, "2025-26"])).status_code
            == 404
        )
