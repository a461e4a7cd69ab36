from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.finance.models import Allocation, Commitment, FinancialYear
from commissioning.finance.rules import RuleFacts
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import (
    allocation_set,
    commitment_create,
    commitment_release,
    payment_record,
)
from commissioning.finance.tests.factories import AllocationFactory, FundFactory, FundRulesFactory
from commissioning.organisations.sectors import Sector, SectorGroup, sectors_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfo(make_user):
    return make_user(Role.CHIEF_FINANCE_OFFICER)


@pytest.fixture
def ppaf():
    fund = FundFactory(name="Police Property Act Fund", code="PPAF")
    FundRulesFactory(
        fund=fund,
        eligible_sectors=sectors_in(SectorGroup.VOLUNTARY_COMMUNITY),
        max_award=Decimal("3000"),
        max_duration_months=12,
        one_off=True,
    )
    return fund


def year(start_year: int = 2025):
    return FinancialYear.objects.get_or_create(start_year=start_year)[0]


def test_budget_position_arithmetic(cfo):
    allocation = AllocationFactory(amount=Decimal("10000.00"), financial_year=year())
    first = commitment_create(
        by=cfo, allocation=allocation, amount=Decimal("4000.10"), description="Project A"
    )
    second = commitment_create(by=cfo, allocation=allocation, amount=Decimal("2500"), description="Project B")
    payment_record(
        by=cfo, commitment=first, amount=Decimal("1000.05"), paid_on=date(2025, 5, 1), reference="P1"
    )
    payment_record(by=cfo, commitment=second, amount=Decimal("500"), paid_on=date(2025, 5, 2), reference="P2")
    position = budget_position(allocation.fund, allocation.financial_year)
    assert position.allocated == Decimal("10000.00")
    assert position.committed == Decimal("6500.10")
    assert position.paid == Decimal("1500.05")
    assert position.available == Decimal("3499.90")
    assert position.unpaid == Decimal("5000.05")
    # Another year and another fund are not mixed in.
    other = AllocationFactory(fund=allocation.fund, financial_year=year(2026), amount=Decimal("99"))
    commitment_create(by=cfo, allocation=other, amount=Decimal("9"), description="Next year")
    assert budget_position(allocation.fund, allocation.financial_year) == position
    assert budget_position(FundFactory(), allocation.financial_year).allocated == Decimal("0")


def test_release_gives_back_what_was_not_paid(cfo):
    allocation = AllocationFactory(amount=Decimal("10000"), financial_year=year())
    commitment = commitment_create(
        by=cfo, allocation=allocation, amount=Decimal("6000"), description="Project"
    )
    payment_record(
        by=cfo, commitment=commitment, amount=Decimal("1500"), paid_on=date(2025, 6, 1), reference="P"
    )
    commitment_release(by=cfo, commitment=commitment)
    position = budget_position(allocation.fund, allocation.financial_year)
    assert (position.committed, position.paid, position.available) == (
        Decimal("1500"),
        Decimal("1500"),
        Decimal("8500"),
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.RELEASED
    assert commitment.released_amount == Decimal("4500")
    with pytest.raises(InvalidTransition):
        commitment_release(by=cfo, commitment=commitment)
    with pytest.raises(DomainError, match="released"):
        payment_record(
            by=cfo, commitment=commitment, amount=Decimal("1"), paid_on=date(2025, 7, 1), reference="X"
        )


def test_only_the_cfo_or_an_administrator_sets_allocations(make_user):
    fund = FundFactory()
    for role in (Role.COMMISSIONING_OFFICER, Role.AUDITOR, Role.COMMISSIONER, Role.PARTNER_ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            allocation_set(by=make_user(role), fund=fund, year=year(), amount=Decimal("100"))
    assert not Allocation.objects.exists()
    allocation_set(by=make_user(Role.ADMINISTRATOR), fund=fund, year=year(), amount=Decimal("100"))
    allocation = allocation_set(by=make_user(Role.CHIEF_FINANCE_OFFICER), fund=fund, year=year(), amount=200)
    assert allocation.amount == Decimal("200")
    assert Allocation.objects.get().amount == Decimal("200")


def test_allocation_set_creates_the_year_and_records_each_change(cfo):
    fund = FundFactory()
    allocation = allocation_set(
        by=cfo, fund=fund, year=FinancialYear(start_year=2030), amount=Decimal("5000")
    )
    assert allocation.financial_year.label == "2030/31"
    events = AuditEvent.objects.filter(record_type="finance.allocation", record_id=str(allocation.pk))
    assert [event.action for event in events] == ["create"]
    allocation_set(by=cfo, fund=fund, year=year(2030), amount=Decimal("5000"))
    assert events.count() == 1, "setting the same amount again changes nothing"
    allocation_set(by=cfo, fund=fund, year=year(2030), amount=Decimal("7000.50"))
    latest = events.order_by("-sequence").first()
    assert latest.action == "update"
    assert latest.before["amount"] == "5000.00"
    assert latest.after["amount"] == "7000.50"
    assert latest.actor == cfo


def test_allocation_cannot_go_below_what_is_committed(cfo):
    allocation = AllocationFactory(
        amount=Decimal("10000"), financial_year=year(), fund=FundFactory(name="Victims Fund")
    )
    commitment_create(by=cfo, allocation=allocation, amount=Decimal("7500"), description="Victim support")
    with pytest.raises(DomainError) as refused:
        allocation_set(
            by=cfo, fund=allocation.fund, year=allocation.financial_year, amount=Decimal("7499.99")
        )
    assert refused.value.message == (
        "The allocation for Victims Fund in 2025/26 cannot be less than the £7,500 already committed"
    )
    assert refused.value.field == "amount"
    allocation_set(by=cfo, fund=allocation.fund, year=allocation.financial_year, amount=Decimal("7500"))
    with pytest.raises(DomainError, match="must be £0 or more"):
        allocation_set(by=cfo, fund=allocation.fund, year=allocation.financial_year, amount=Decimal("-1"))
    with pytest.raises(DomainError, match="pounds and pence"):
        allocation_set(by=cfo, fund=allocation.fund, year=allocation.financial_year, amount=Decimal("1.001"))


def test_commitment_beyond_the_allocation_is_refused_with_a_clear_message(cfo):
    allocation = AllocationFactory(
        amount=Decimal("60000"), financial_year=year(), fund=FundFactory(name="Police Property Act Fund")
    )
    commitment_create(by=cfo, allocation=allocation, amount=Decimal("57499.50"), description="Earlier grants")
    with pytest.raises(DomainError) as refused:
        commitment_create(by=cfo, allocation=allocation, amount=Decimal("3000"), description="Speed watch")
    assert refused.value.message == (
        "This would commit £3,000 but only £2,500.50 of the £60,000 allocation for Police Property Act Fund "
        "in 2025/26 is available"
    )
    assert refused.value.field == "amount"
    assert Commitment.objects.count() == 1
    # Exactly what is left can be committed.
    commitment_create(by=cfo, allocation=allocation, amount=Decimal("2500.50"), description="Speed watch")
    assert budget_position(allocation.fund, allocation.financial_year).available == Decimal("0")


def test_commitment_amount_and_description_are_checked(cfo):
    allocation = AllocationFactory(financial_year=year())
    with pytest.raises(DomainError, match="more than £0"):
        commitment_create(by=cfo, allocation=allocation, amount=Decimal("0"), description="Nothing")
    with pytest.raises(DomainError, match="pounds and pence"):
        commitment_create(by=cfo, allocation=allocation, amount=Decimal("0.001"), description="Dust")
    with pytest.raises(DomainError, match="Enter what the money is for"):
        commitment_create(by=cfo, allocation=allocation, amount=Decimal("1"), description="  ")


def test_commitment_is_audited_and_keeps_its_source(cfo):
    allocation = AllocationFactory(financial_year=year())
    commitment = commitment_create(
        by=cfo,
        allocation=allocation,
        amount=Decimal("100"),
        description="Grant",
        committed_on=date(2025, 6, 1),
        source_type="agreements.agreement",
        source_id="42",
    )
    event = AuditEvent.objects.get(record_type="finance.commitment", record_id=str(commitment.pk))
    assert event.action == "commit"
    assert event.after["source_id"] == "42"
    assert event.after["amount"] == "100.00"


def test_commitment_checks_the_fund_rules_when_given_facts(cfo, ppaf):
    allocation = AllocationFactory(fund=ppaf, amount=Decimal("60000"), financial_year=year())
    with pytest.raises(DomainError) as refused:
        commitment_create(
            by=cfo,
            allocation=allocation,
            amount=Decimal("3500"),
            description="Too big",
            rule_facts=RuleFacts(sector=Sector.CHARITY),
        )
    assert refused.value.message == "The Police Property Act Fund gives £3,000 or less; £3,500 was asked for"
    with pytest.raises(DomainError, match="a private company cannot apply"):
        commitment_create(
            by=cfo,
            allocation=allocation,
            amount=Decimal("100"),
            description="Wrong sector",
            rule_facts=RuleFacts(sector=Sector.PRIVATE_COMPANY),
        )
    with pytest.raises(DomainError, match="one-off funding only"):
        commitment_create(
            by=cfo,
            allocation=allocation,
            amount=Decimal("100"),
            description="Recurring",
            rule_facts=RuleFacts(recurring=True),
        )
    assert not Commitment.objects.exists()
    commitment_create(
        by=cfo,
        allocation=allocation,
        amount=Decimal("3000"),
        description="Fine",
        rule_facts=RuleFacts(sector=Sector.COMMUNITY_GROUP, duration_months=12, recurring=False),
    )
    # Without facts the rules are the caller's business; the allocation is still enforced.
    commitment_create(by=cfo, allocation=allocation, amount=Decimal("3500"), description="Checked elsewhere")


def test_rules_in_effect_on_the_commitment_date_apply(cfo):
    fund = FundFactory()
    FundRulesFactory(fund=fund, effective_from=date(2020, 4, 1), max_award=Decimal("1000"))
    FundRulesFactory(fund=fund, effective_from=date(2025, 10, 1), max_award=Decimal("5000"))
    allocation = AllocationFactory(fund=fund, amount=Decimal("10000"), financial_year=year())
    with pytest.raises(DomainError, match="£1,000 or less"):
        commitment_create(
            by=cfo,
            allocation=allocation,
            amount=Decimal("2000"),
            description="Before",
            committed_on=date(2025, 9, 30),
            rule_facts=RuleFacts(),
        )
    commitment_create(
        by=cfo,
        allocation=allocation,
        amount=Decimal("2000"),
        description="After",
        committed_on=date(2025, 10, 1),
        rule_facts=RuleFacts(),
    )


def test_payments_cannot_exceed_the_commitment(cfo):
    allocation = AllocationFactory(amount=Decimal("10000"), financial_year=year())
    commitment = commitment_create(by=cfo, allocation=allocation, amount=Decimal("1000"), description="Grant")
    payment_record(
        by=cfo, commitment=commitment, amount=Decimal("700"), paid_on=date(2025, 5, 1), reference="P1"
    )
    with pytest.raises(DomainError) as refused:
        payment_record(
            by=cfo, commitment=commitment, amount=Decimal("500"), paid_on=date(2025, 6, 1), reference="P2"
        )
    assert refused.value.message == (
        "A payment of £500 would bring the total paid to £1,200, more than the £1,000 committed. "
        "No more than £300 can be paid"
    )
    with pytest.raises(DomainError, match="more than £0"):
        payment_record(
            by=cfo, commitment=commitment, amount=Decimal("0"), paid_on=date(2025, 6, 1), reference="P"
        )
    with pytest.raises(DomainError, match="Enter the payment reference"):
        payment_record(
            by=cfo, commitment=commitment, amount=Decimal("1"), paid_on=date(2025, 6, 1), reference=""
        )
    payment = payment_record(
        by=cfo, commitment=commitment, amount=Decimal("300"), paid_on=date(2025, 6, 1), reference="P2"
    )
    assert AuditEvent.objects.filter(record_type="finance.payment", record_id=str(payment.pk)).exists()
    assert budget_position(allocation.fund, allocation.financial_year).paid == Decimal("1000")
