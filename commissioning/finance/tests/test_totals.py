"""Each allocation keeps its committed and paid totals; they always equal what its rows add up to."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.finance.models import Allocation, Commitment, FinancialYear, Payment
from commissioning.finance.selectors import budget_position, counted_totals, position_of
from commissioning.finance.services import (
    allocation_set,
    allocation_totals_recount,
    commitment_create,
    commitment_release,
    payment_record,
)
from commissioning.finance.tests.factories import AllocationFactory, FundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfo(make_user):
    return make_user(Role.CHIEF_FINANCE_OFFICER)


def year(start_year: int = 2025):
    return FinancialYear.objects.get_or_create(start_year=start_year)[0]


def verify() -> str:
    out = StringIO()
    call_command("budget_verify", stdout=out)
    return out.getvalue()


def assert_totals_exact():
    counted = counted_totals()
    for allocation in Allocation.objects.all():
        kept = position_of(allocation)
        assert (kept.committed, kept.paid) == (counted[allocation.pk].committed, counted[allocation.pk].paid)


def test_every_service_keeps_the_totals_exact(cfo):
    allocation = AllocationFactory(amount=Decimal("10000.00"), financial_year=year())
    other = AllocationFactory(fund=allocation.fund, financial_year=year(2026), amount=Decimal("500"))
    first = commitment_create(by=cfo, allocation=allocation, amount=Decimal("4000.10"), description="A")
    assert_totals_exact()
    second = commitment_create(by=cfo, allocation=allocation, amount=Decimal("2500"), description="B")
    commitment_create(by=cfo, allocation=other, amount=Decimal("499.99"), description="Next year")
    payment_record(
        by=cfo, commitment=first, amount=Decimal("1000.05"), paid_on=date(2025, 5, 1), reference="P1"
    )
    payment_record(
        by=cfo, commitment=second, amount=Decimal("0.01"), paid_on=date(2025, 5, 2), reference="P2"
    )
    assert_totals_exact()
    commitment_release(by=cfo, commitment=second)
    assert_totals_exact()
    allocation_set(by=cfo, fund=allocation.fund, year=year(), amount=Decimal("4000.11"))
    assert_totals_exact()
    position = budget_position(allocation.fund, allocation.financial_year)
    assert (position.allocated, position.committed, position.paid, position.available) == (
        Decimal("4000.11"),
        Decimal("4000.11"),
        Decimal("1000.06"),
        Decimal("0.00"),
    )
    # A refused commitment or payment leaves the totals as they were.
    with pytest.raises(DomainError, match="only £0"):
        commitment_create(by=cfo, allocation=allocation, amount=Decimal("0.01"), description="Too much")
    with pytest.raises(DomainError, match="more than the"):
        payment_record(
            by=cfo, commitment=first, amount=Decimal("3000.06"), paid_on=date(2025, 6, 1), reference="X"
        )
    assert_totals_exact()
    assert "Budget totals exact: 2 allocations agree with their rows" in verify()


def test_rows_written_past_the_services_are_found_and_recounted(cfo):
    allocation = AllocationFactory(
        fund=FundFactory(name="Victims Fund"), amount=Decimal("10000.00"), financial_year=year()
    )
    commitment_create(by=cfo, allocation=allocation, amount=Decimal("100"), description="Through the service")
    bulk = Commitment.objects.create(
        allocation=allocation,
        amount=Decimal("250.50"),
        description="Bulk",
        committed_on=date(2025, 6, 1),
        created_by=cfo,
    )
    Payment.objects.create(
        commitment=bulk, amount=Decimal("50.25"), paid_on=date(2025, 7, 1), reference="B", created_by=cfo
    )

    with pytest.raises(CommandError, match="1 allocation totals differ") as error:
        verify()
    assert "Victims Fund 2025/26: kept committed £100 and paid £0" in str(error.value)
    assert "committed £350.50 and paid £50.25" in str(error.value)

    assert allocation_totals_recount(by=cfo) == 1
    allocation.refresh_from_db()
    assert (allocation.committed_total, allocation.paid_total) == (Decimal("350.50"), Decimal("50.25"))
    event = AuditEvent.objects.get(
        record_type="finance.allocation", record_id=str(allocation.pk), action="recount"
    )
    assert (event.before["committed_total"], event.after["committed_total"]) == ("100.00", "350.50")
    assert event.actor == cfo
    events = AuditEvent.objects.count()
    assert allocation_totals_recount(by=cfo) == 0, "nothing to correct the second time"
    assert AuditEvent.objects.count() == events
    assert "Budget totals exact" in verify()


def test_the_database_refuses_totals_beyond_the_allocation():
    allocation = AllocationFactory(amount=Decimal("100.00"), financial_year=year())
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(committed_total=Decimal("100.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(
            committed_total=Decimal("10"), paid_total=Decimal("10.01")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(paid_total=Decimal("-0.01"))
