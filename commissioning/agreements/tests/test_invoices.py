"""Agreements paid in arrears against invoices: recorded, approved by someone else, then paid; nothing is paid
before its invoice is approved, and paying moves the budget position's "paid" of each fund the agreement draws
on."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.agreements.models import (
    INVOICE_TRANSITIONS,
    Invoice,
    InvoicePayment,
    InvoiceStatus,
    Mechanism,
    PaymentPlanKind,
)
from commissioning.agreements.services import (
    FundShare,
    invoice_approve,
    invoice_pay,
    invoice_record,
    invoice_reject,
    payment_plan_change,
)
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import FundFactory

from .factories import allocate, make_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
S = InvoiceStatus


@pytest.fixture
def victims_fund(db):
    fund = FundFactory(name="Victims Fund", code="VF")
    for start_year in (2025, 2026, 2027):
        allocate(fund, start_year, "20000.00")
    return fund


@pytest.fixture
def contract(officer, organisation, fund, victims_fund):
    """A contract (paid in arrears against invoices by default) for 2025/26 drawing on two funds."""
    return make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        funding=[FundShare(fund, Decimal("8000.00")), FundShare(victims_fund, Decimal("4000.00"))],
        mechanism=Mechanism.CONTRACT,
        title="Outreach service",
        value="12000.00",
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        status="active",
    )


def record(by, agreement, **kwargs):
    values = {
        "reference": "INV-1",
        "period_start": date(2025, 4, 1),
        "period_end": date(2025, 6, 30),
        "received_on": date(2025, 7, 7),
        "amount": Decimal("3000.00"),
    }
    values.update(kwargs)
    return invoice_record(by=by, agreement=agreement, **values)


def dated(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_contract_is_paid_in_arrears_by_default_and_has_no_instalments(contract):
    assert contract.payment_plan.kind == PaymentPlanKind.IN_ARREARS
    assert not contract.instalments.exists()


def test_payment_is_refused_before_an_approved_invoice_and_moves_both_funds_paid_after(
    client_as, officer, cfo, contract, fund, victims_fund, django_assert_max_num_queries
):
    year = financial_year(2025)
    before = budget_position(fund, year), budget_position(victims_fund, year)
    officer_client, cfo_client = client_as(user=officer), client_as(user=cfo)

    # The officer records the provider's invoice.
    add = reverse("agreements:invoice-add", args=[contract.pk])
    assert officer_client.get(add).status_code == 200
    response = officer_client.post(
        add,
        {
            "reference": "INV-0101",
            **dated("period_start", date(2025, 4, 1)),
            **dated("period_end", date(2025, 6, 30)),
            **dated("received_on", date(2025, 7, 7)),
            "amount": "3,000.00",
        },
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get(agreement=contract)
    assert (invoice.status, invoice.amount, invoice.recorded_by) == (S.RECEIVED, Decimal("3000.00"), officer)

    # Paying before approval is refused, with the reason, and nothing is paid.
    pay = reverse("agreements:invoice-pay", args=[contract.pk, invoice.number])
    response = cfo_client.post(pay, {**dated("paid_on", TODAY), "reference": "BACS 1"})
    assert response.status_code == 200
    assert "This invoice has not been approved, so it cannot be paid" in response.content.decode()
    assert (budget_position(fund, year).paid, budget_position(victims_fund, year).paid) == (
        before[0].paid,
        before[1].paid,
    )
    assert not InvoicePayment.objects.exists()

    # Whoever recorded it may not approve it; the Chief Finance Officer does.
    page = reverse("agreements:invoice", args=[contract.pk, invoice.number])
    assert "Approve the invoice" not in officer_client.get(page).content.decode()
    response = officer_client.post(page, {"move": "approved"})
    assert "You recorded this invoice, so someone else must approve it" in response.content.decode()
    assert "Approve the invoice" in cfo_client.get(page).content.decode()
    assert cfo_client.post(page, {"move": "approved"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == S.APPROVED

    # Now it is paid, from each fund's line in proportion: the paid figure of both funds moves.
    response = cfo_client.post(pay, {**dated("paid_on", TODAY), "reference": "BACS 1"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.payment_reference) == (S.PAID, TODAY, "BACS 1")
    assert budget_position(fund, year).paid == before[0].paid + Decimal("2000.00")
    assert budget_position(victims_fund, year).paid == before[1].paid + Decimal("1000.00")
    assert InvoicePayment.objects.filter(invoice=invoice).count() == 2
    with django_assert_max_num_queries(20):
        content = cfo_client.get(page).content.decode()
    assert "Paid from" in content and "£2,000.00" in content and "£1,000.00" in content
    # The fund page shows it too.
    assert "£2,000.00" in cfo_client.get(reverse("finance:fund-detail", args=[fund.pk])).content.decode()


def test_only_finance_pays_and_only_staff_record(client_as, officer, contract):
    invoice = record(officer, contract)
    assert (
        client_as(user=officer)
        .get(reverse("agreements:invoice-pay", args=[contract.pk, invoice.number]))
        .status_code
        == 403
    )
    assert (
        client_as(Role.PROVIDER).get(reverse("agreements:invoice-add", args=[contract.pk])).status_code == 403
    )
    assert (
        client_as(Role.AUDITOR).get(reverse("agreements:invoice-add", args=[contract.pk])).status_code == 403
    )
    assert (
        client_as(Role.AUDITOR)
        .get(reverse("agreements:invoice", args=[contract.pk, invoice.number]))
        .status_code
        == 200
    )
    assert (
        client_as(Role.AUDITOR).get(reverse("agreements:invoice", args=[contract.pk, 99])).status_code == 404
    )


def test_service_refuses_paying_a_received_invoice(officer, cfo, contract):
    invoice = record(officer, contract)
    with pytest.raises(InvalidTransition, match="This invoice has not been approved, so it cannot be paid"):
        invoice_pay(by=cfo, invoice=invoice, paid_on=TODAY, reference="BACS")
    with pytest.raises(PermissionRefused):
        invoice_approve(by=officer, invoice=invoice)


# Each move of the table: (moves made first, the move, its audit verb).
WALKS = [
    ([], S.APPROVED, "approve"),
    ([], S.REJECTED, "reject"),
    ([S.APPROVED], S.PAID, "pay"),
    ([S.APPROVED], S.REJECTED, "reject"),
]


def test_the_walks_cover_the_table():
    moves = {(path[-1] if path else S.RECEIVED, to) for path, to, _ in WALKS}
    assert moves == {(current, to) for current, targets in INVOICE_TRANSITIONS.items() for to in targets}


@pytest.mark.parametrize(("path", "to", "verb"), WALKS)
def test_each_move_writes_one_audit_event_and_one_history_row(officer, cfo, contract, path, to, verb):
    invoice = record(officer, contract)
    moves = {
        S.APPROVED: lambda: invoice_approve(by=cfo, invoice=invoice),
        S.REJECTED: lambda: invoice_reject(by=cfo, invoice=invoice, reason="Wrong period"),
        S.PAID: lambda: invoice_pay(by=cfo, invoice=invoice, paid_on=TODAY, reference="BACS 9"),
    }
    for step in path:
        moves[step]()
    events = AuditEvent.objects.filter(record_type="agreements.invoice", record_id=str(invoice.pk))
    before_events, before_rows = events.count(), history(invoice).count()
    current = Invoice.objects.get(pk=invoice.pk).status
    moves[to]()
    invoice.refresh_from_db()
    assert invoice.status == to
    assert events.count() == before_events + 1
    assert events.filter(action=verb).count() == 1
    assert history(invoice).count() == before_rows + 1
    change = history(invoice).last()
    assert (change.record_type, change.from_status, change.to_status) == ("agreements.invoice", current, to)


def test_rejecting_needs_a_reason_and_frees_the_room_to_invoice(officer, cfo, contract):
    invoice = record(officer, contract, amount=Decimal("6000.00"))
    with pytest.raises(DomainError, match="Enter why the invoice is rejected"):
        invoice_reject(by=cfo, invoice=invoice, reason=" ")
    with pytest.raises(
        DomainError, match="only £6,000 of the agreement's money for 2025/26 is left to invoice"
    ):
        record(officer, contract, reference="INV-2", amount=Decimal("6000.01"))
    invoice_reject(by=cfo, invoice=invoice, reason="Wrong period")
    assert history(invoice).last().reason == "Wrong period"
    record(officer, contract, reference="INV-2", amount=Decimal("12000.00"))


def test_bad_invoices_are_refused_with_messages(officer, contract):
    for kwargs, message in (
        ({"reference": " "}, "Enter the invoice number"),
        ({"period_end": date(2025, 3, 31)}, "The period must end on or after the day it starts"),
        ({"period_start": date(2025, 3, 1)}, "The period must be within the agreement"),
        ({"received_on": date(2025, 6, 1)}, "it must be received after the period it is for has ended"),
        ({"received_on": TODAY + timedelta(days=1), "period_end": date(2025, 6, 30)}, "today or in the past"),
        ({"amount": Decimal("0")}, "The amount invoiced must be more than £0"),
        ({"amount": None}, "Enter the amount invoiced"),
    ):
        with pytest.raises(DomainError, match=message):
            record(officer, contract, **kwargs)
    assert not Invoice.objects.exists()


def test_no_invoices_under_a_plan_paid_in_advance(officer, organisation, fund):
    grant = make_agreement(by=officer, organisation=organisation, fund=fund, status="active")
    with pytest.raises(DomainError, match="paid in advance by instalment, so invoices are not recorded"):
        record(officer, grant, period_start=date(2026, 4, 1), period_end=date(2026, 4, 30), received_on=TODAY)


def test_per_unit_invoices_are_units_at_the_unit_price(officer, cfo, contract, fund):
    payment_plan_change(
        by=officer,
        agreement=contract,
        kind=PaymentPlanKind.PER_UNIT,
        interval_months=1,
        unit="a counselling session",
        unit_price=Decimal("45.50"),
    )
    with pytest.raises(DomainError, match="Enter the number of units delivered"):
        record(officer, contract, amount=None)
    invoice = record(officer, contract, amount=None, units=Decimal("12"))
    assert (invoice.units, invoice.amount) == (Decimal("12.00"), Decimal("546.00"))
    invoice_approve(by=cfo, invoice=invoice)
    invoice_pay(by=cfo, invoice=invoice, paid_on=TODAY, reference="BACS 7")
    assert sum(row.payment.amount for row in invoice.payments.select_related("payment")) == Decimal("546.00")


def test_agreement_page_lists_invoices_in_a_fixed_number_of_queries(
    client_as, officer, cfo, contract, django_assert_max_num_queries
):
    client = client_as(user=cfo)
    url = reverse("agreements:detail", args=[contract.pk])
    record(officer, contract)
    client.get(url)
    with django_assert_max_num_queries(22) as few:
        response = client.get(url)
    assert "INV-1" in response.content.decode() and "Record an invoice" in response.content.decode()
    for number in range(2, 12):
        record(officer, contract, reference=f"INV-{number}", amount=Decimal("100.00"))
    with django_assert_max_num_queries(22) as many:
        response = client.get(url)
    assert "INV-11" in response.content.decode()
    assert len(many) == len(few)


def test_invoice_pages_stay_flat(client_as, officer, cfo, contract, django_assert_max_num_queries):
    first = record(officer, contract)
    invoice_approve(by=cfo, invoice=first)
    invoice_pay(by=cfo, invoice=first, paid_on=TODAY, reference="BACS 1")
    client = client_as(user=cfo)
    for name in ("agreements:invoice", "agreements:invoice-pay"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name, args=[contract.pk, first.number])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("agreements:invoice-add", args=[contract.pk])).status_code == 200


def test_raising_a_pooled_contract_paid_in_arrears_commits_from_both_funds_and_adds_no_instalment(
    commissioner, contract, fund, victims_fund
):
    from commissioning.agreements.services import variation_make

    year = financial_year(2025)
    before = budget_position(fund, year).committed, budget_position(victims_fund, year).committed
    variation_make(by=commissioner, agreement=contract, reason="More outreach", value=Decimal("15000.00"))
    # The £3,000 more is shared as the funds commit now (two thirds, one third), and waits for invoices.
    assert budget_position(fund, year).committed == before[0] + Decimal("2000.00")
    assert budget_position(victims_fund, year).committed == before[1] + Decimal("1000.00")
    assert not contract.instalments.exists()


def test_a_contract_cannot_be_reduced_below_what_its_invoices_have_paid(commissioner, officer, cfo, contract):
    from commissioning.agreements.services import variation_make

    invoice = invoice_approve(by=cfo, invoice=record(officer, contract))
    invoice_pay(by=cfo, invoice=invoice, paid_on=TODAY, reference="BACS 1")
    with pytest.raises(DomainError, match="below the £3,000 already paid"):
        variation_make(by=commissioner, agreement=contract, reason="Less work", value=Decimal("2000.00"))
    contract.refresh_from_db()
    assert contract.value == Decimal("12000.00")
