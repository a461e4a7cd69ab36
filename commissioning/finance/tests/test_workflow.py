"""Money on the workflow primitive and the permission table: a commitment's release is its one move (one audit
event, one audit.StatusChange row); every write asks the table; "administers_fund" holds for a fund and for the
records that draw on one."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.accounts.permissions import PermissionRefused, check
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import allowed_moves, history, workflow_for
from commissioning.core.actors import SCHEDULER
from commissioning.core.errors import InvalidTransition
from commissioning.finance.conditions import administers_fund
from commissioning.finance.models import COMMITMENT_TRANSITIONS, Allocation, Commitment, FinancialYear
from commissioning.finance.services import (
    allocation_set,
    allocation_totals_recount,
    commitment_create,
    commitment_release,
    fund_rules_add,
    payment_record,
)
from commissioning.finance.tests.factories import AllocationFactory, FundFactory, FundRulesFactory
from commissioning.finance.workflows import COMMITMENT_WORKFLOW
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfo(make_user):
    return make_user(Role.CHIEF_FINANCE_OFFICER)


@pytest.fixture
def allocation():
    return AllocationFactory(
        amount=Decimal("10000"), financial_year=FinancialYear.objects.get_or_create(start_year=2025)[0]
    )


def test_the_commitment_workflow_is_registered_with_its_table():
    assert workflow_for(Commitment) is COMMITMENT_WORKFLOW
    assert COMMITMENT_WORKFLOW.table is COMMITMENT_TRANSITIONS


def test_release_is_one_move_with_its_audit_event_and_history_row(cfo, allocation):
    commitment = commitment_create(
        by=cfo, allocation=allocation, amount=Decimal("6000"), description="Project"
    )
    payment_record(
        by=cfo, commitment=commitment, amount=Decimal("1000"), paid_on=date(2025, 6, 1), reference="P"
    )
    commitment_release(by=cfo, commitment=commitment, released_on=date(2025, 9, 1))
    commitment.refresh_from_db()
    assert (commitment.status, commitment.released_amount, commitment.released_on) == (
        Commitment.Status.RELEASED,
        Decimal("5000.00"),
        date(2025, 9, 1),
    )
    change = history(commitment).get()
    assert (change.record_type, change.from_status, change.to_status, change.changed_by) == (
        "finance.commitment",
        "active",
        "released",
        cfo,
    )
    event = AuditEvent.objects.get(record_type="finance.commitment", action="release")
    assert event.before["status"] == "active" and event.after["released_amount"] == "5000.00"
    with pytest.raises(InvalidTransition, match="This commitment has already been released"):
        commitment_release(by=cfo, commitment=commitment)
    assert history(commitment).count() == 1
    assert allowed_moves(commitment, cfo) == []


def test_each_write_asks_the_permission_table(make_user, cfo, allocation):
    auditor, provider = make_user(Role.AUDITOR), make_user(Role.PROVIDER)
    commitment = commitment_create(
        by=cfo, allocation=allocation, amount=Decimal("100"), description="Project"
    )
    for person in (auditor, provider):
        with pytest.raises(PermissionRefused, match="commit money from this fund"):
            commitment_create(by=person, allocation=allocation, amount=Decimal("1"), description="x")
        with pytest.raises(PermissionRefused, match="release money committed"):
            commitment_release(by=person, commitment=commitment)
        with pytest.raises(PermissionRefused, match="record payments"):
            payment_record(
                by=person, commitment=commitment, amount=Decimal("1"), paid_on=date(2025, 6, 1), reference="P"
            )
        with pytest.raises(PermissionRefused, match="change a fund's allocations"):
            allocation_totals_recount(by=person)
    with pytest.raises(PermissionRefused, match="record payments"):
        payment_record(
            by=make_user(Role.COMMISSIONING_OFFICER),
            commitment=commitment,
            amount=Decimal("1"),
            paid_on=date(2025, 6, 1),
            reference="P",
        )
    with pytest.raises(PermissionRefused, match="The scheduled job cannot"):
        allocation_set(
            by=SCHEDULER, fund=allocation.fund, year=allocation.financial_year, amount=Decimal("1")
        )
    with pytest.raises(PermissionRefused):
        fund_rules_add(
            by=make_user(Role.COMMISSIONING_OFFICER),
            fund=allocation.fund,
            effective_from=date(2099, 4, 1),
            eligible_sectors=[],
            min_award=None,
            max_award=None,
            max_duration_months=None,
            one_off=False,
            ring_fenced_purposes=[],
        )
    # An officer releases (as withdrawing an offer does); nothing else changed.
    commitment_release(by=make_user(Role.COMMISSIONING_OFFICER), commitment=commitment)
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.RELEASED


def test_administers_fund_holds_for_a_fund_and_what_draws_on_it(make_user, cfo, allocation):
    fund = allocation.fund
    foundation = OrganisationFactory(name="Community Foundation")
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    MembershipFactory(organisation=foundation, user=partner)
    commitment = commitment_create(
        by=cfo, allocation=allocation, amount=Decimal("100"), description="Project"
    )
    payment = payment_record(
        by=cfo, commitment=commitment, amount=Decimal("10"), paid_on=date(2025, 6, 1), reference="P"
    )
    records = [fund, allocation, commitment, payment, Allocation(fund=fund)]
    assert not any(administers_fund(partner, record) for record in records)
    refused = check(partner, "fund.view", fund)
    assert not refused and refused.reason == "You cannot see funds: this is not a fund your organisation runs"
    FundRulesFactory(fund=fund, administering_organisation=foundation)
    assert all(administers_fund(partner, record) for record in records)
    assert not administers_fund(partner, FundFactory())
    assert not administers_fund(partner, object())
    assert check(partner, "commitment.release", commitment)
    # Running a fund lets a partner release its money, but not change its allocations.
    assert not check(partner, "fund.allocate", fund)
