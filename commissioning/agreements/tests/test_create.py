from datetime import date
from decimal import Decimal

import pytest

from commissioning.agreements.models import Agreement, AgreementParty, AgreementStatus, FundingLine
from commissioning.agreements.services import agreement_create, funding_plan
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError
from commissioning.finance.models import Commitment
from commissioning.finance.rules import RuleFacts
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import FundFactory, FundRulesFactory
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.plans.tests.factories import PriorityFactory

from .factories import allocate, make_agreement

pytestmark = pytest.mark.django_db


def test_funding_plan_within_one_year():
    assert funding_plan(value=Decimal("3000"), starts_on=date(2026, 5, 1), ends_on=date(2027, 2, 28)) == [
        (2026, Decimal("3000.00"))
    ]


def test_funding_plan_across_two_years_by_days():
    # 1 October 2026 to 30 September 2027: 182 days in 2026/27 and 183 in 2027/28.
    plan = funding_plan(value=Decimal("36500"), starts_on=date(2026, 10, 1), ends_on=date(2027, 9, 30))
    assert plan == [(2026, Decimal("18200.00")), (2027, Decimal("18300.00"))]


def test_funding_plan_pennies_go_to_the_last_year():
    plan = funding_plan(value=Decimal("100.00"), starts_on=date(2026, 3, 1), ends_on=date(2027, 2, 28))
    # 31 of 365 days in 2025/26: 8.4931... rounds down to 8.49; the rest to 2026/27.
    assert plan == [(2025, Decimal("8.49")), (2026, Decimal("91.51"))]
    assert sum(amount for _, amount in plan) == Decimal("100.00")


def test_funding_plan_three_years_adds_up():
    plan = funding_plan(value=Decimal("10000.01"), starts_on=date(2025, 7, 19), ends_on=date(2027, 6, 3))
    assert [year for year, _ in plan] == [2025, 2026, 2027]
    assert sum(amount for _, amount in plan) == Decimal("10000.01")


def test_funding_plan_refuses_end_before_start():
    with pytest.raises(DomainError) as err:
        funding_plan(value=Decimal("1"), starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))
    assert err.value.field == "ends_on"


def test_create_commits_each_year_and_makes_the_lead_party(officer, fund, organisation):
    priority = PriorityFactory()
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="36500.00",
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 9, 30),
        priorities=[priority],
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.reference == f"GRANT-{date.today().year}-0001"
    assert list(agreement.priorities.all()) == [priority]
    party = AgreementParty.objects.get(agreement=agreement)
    assert (party.organisation, party.role) == (organisation, AgreementParty.Role.LEAD)
    commitments = Commitment.objects.filter(agreement_funding__agreement=agreement).order_by(
        "allocation__financial_year__start_year"
    )
    assert [(c.allocation.financial_year.start_year, c.amount) for c in commitments] == [
        (2026, Decimal("18200.00")),
        (2027, Decimal("18300.00")),
    ]
    assert commitments[0].description == f"{agreement.reference} Youth boxing club"
    assert commitments[0].source_type == "agreements.agreement"
    assert commitments[0].source_id == str(agreement.pk)
    assert budget_position(fund, financial_year(2026)).committed == Decimal("18200.00")


def test_references_count_up(officer, fund, organisation):
    first = make_agreement(by=officer, organisation=organisation, fund=fund, value="10")
    second = make_agreement(by=officer, organisation=organisation, fund=fund, value="10")
    assert int(second.reference.rsplit("-", 1)[1]) == int(first.reference.rsplit("-", 1)[1]) + 1


def test_a_given_reference_is_used(officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, reference="PPAF-2026-0042")
    assert agreement.reference == "PPAF-2026-0042"
    with pytest.raises(DomainError, match="already an agreement with the reference PPAF-2026-0042"):
        make_agreement(by=officer, organisation=organisation, fund=fund, reference="PPAF-2026-0042")


def test_over_commitment_in_any_year_rolls_everything_back(officer, fund, organisation):
    # £50,000 over 2026/27 and 2027/28: the first year's £25,000 share is more than the £20,000 allocation.
    with pytest.raises(DomainError, match="only £20,000 of the £20,000 allocation for Community Safety Fund"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=fund,
            value="40000.00",
            starts_on=date(2026, 10, 1),
            ends_on=date(2027, 9, 30),
        )
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()
    assert not FundingLine.objects.exists()


def test_a_broken_fund_rule_rolls_everything_back(officer, organisation):
    fund = FundFactory(name="Police Property Act Fund", code="PPAF")
    FundRulesFactory(fund=fund, max_award=Decimal("3000.00"), eligible_sectors=[Sector.COMMUNITY_GROUP])
    allocate(fund, 2026, "50000.00")
    with pytest.raises(DomainError, match="gives £3,000 or less; £3,500 was asked for"):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=fund,
            value="3500.00",
            rule_facts=RuleFacts(sector=Sector.COMMUNITY_GROUP),
        )
    public_body = OrganisationFactory(sector=Sector.LOCAL_AUTHORITY)
    with pytest.raises(DomainError, match="a local authority cannot apply"):
        make_agreement(
            by=officer,
            organisation=public_body,
            fund=fund,
            value="2000.00",
            rule_facts=RuleFacts(sector=Sector.LOCAL_AUTHORITY),
        )
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()


def test_a_year_without_an_allocation_is_named(officer, organisation):
    fund = FundFactory(name="Victims Fund", code="VF")
    allocate(fund, 2026, "50000.00")
    with pytest.raises(DomainError) as err:
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=fund,
            value="20000.00",
            starts_on=date(2026, 10, 1),
            ends_on=date(2027, 9, 30),
        )
    assert err.value.message == "There is no 2027/28 allocation for the Victims Fund yet"
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()


def test_bad_input_is_refused_with_messages(officer, fund, organisation):
    for kwargs, message in (
        ({"title": " "}, "Enter a title for the agreement"),
        ({"purpose": ""}, "Enter what the agreement is for"),
        ({"value": "-1"}, "The value must be £0 or more"),
        ({"value": "1.001"}, "The value must be in pounds and pence"),
        ({"mechanism": "gift"}, "Select how the agreement was made"),
    ):
        with pytest.raises(DomainError, match=message):
            make_agreement(by=officer, organisation=organisation, fund=fund, **kwargs)
    assert not Agreement.objects.exists()


def test_created_active_gets_its_schedule_at_once(officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="2000.00", status=AgreementStatus.ACTIVE
    )
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.instalments.count() == 1
    assert history(agreement).get().to_status == AgreementStatus.ACTIVE


def test_agreement_without_a_fund_commits_nothing(officer, organisation):
    agreement = agreement_create(
        by=officer,
        mechanism="partnership",
        title="Pooled budget",
        purpose="Shared work",
        organisation=organisation,
        fund=None,
        priorities=[],
        value=Decimal("1000"),
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    assert agreement.reference.startswith("PART-")
    assert not Commitment.objects.exists()
