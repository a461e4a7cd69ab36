"""A contract drawing on two funds, paid in arrears against invoices: the Chief Finance Officer approves the
provider's second invoice, is refused a payment without its reference, then records the payment, and both funds'
lines show what was paid. Every page is scanned for accessibility."""

import re

from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, Invoice, InvoiceStatus
from commissioning.core.actors import DEMO_LOADER
from commissioning.devtools.demo import accounts as accounts_demo
from commissioning.devtools.demo import agreements as agreements_demo
from commissioning.devtools.demo import finance as finance_demo
from commissioning.devtools.demo import organisations as organisations_demo
from commissioning.devtools.demo import plans as plans_demo

from .conftest import BROWSER, PASSWORD, assert_accessible, press, sign_in, visit

pytestmark = BROWSER


def test_the_chief_finance_officer_approves_and_pays_an_invoice_on_a_pooled_contract(
    page: Page, staff_member
) -> None:
    with override_settings(DEBUG=True):
        administrator = accounts_demo.load(by=DEMO_LOADER)
        for module in (plans_demo, organisations_demo, finance_demo, agreements_demo):
            module.load(by=administrator)
    staff_member(Role.CHIEF_FINANCE_OFFICER, full_name="Fiona Finance", email="fiona@example.org")
    agreement = Agreement.objects.get(
        source_type=agreements_demo.DEMO_SOURCE, source_id=agreements_demo.POOLED_KEY
    )
    waiting = Invoice.objects.get(agreement=agreement, status=InvoiceStatus.RECEIVED)

    sign_in(page, "fiona@example.org", PASSWORD)
    visit(page, f"/staff/agreements/{agreement.pk}/")
    expect(page.locator("main")).to_contain_text("Victims Fund")
    expect(page.locator("main")).to_contain_text("In arrears against invoices")

    visit(page, f"/staff/agreements/{agreement.pk}/invoices/{waiting.number}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invoice {waiting.reference}")
    press(page, "button", "Approve the invoice")
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        f"Invoice {waiting.reference} has been approved for payment"
    )

    press(page, "button", "Record the payment")  # a link styled as a button
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record payment of invoice")
    today = timezone.localdate()
    page.get_by_label("Day", exact=True).fill(str(today.day))
    page.get_by_label("Month", exact=True).fill(str(today.month))
    page.get_by_label("Year", exact=True).fill(str(today.year))
    press(page, "button", "Record the payment")
    # No reference: refused with a message, nothing paid.
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the payment reference")
    assert_accessible(page)
    page.get_by_label("Payment reference").fill("BACS 20261203")
    press(page, "button", "Record the payment")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invoice {waiting.reference}")
    expect(page.locator("main")).to_contain_text("Paid from")
    waiting.refresh_from_db()
    assert waiting.status == InvoiceStatus.PAID
    assert waiting.payment_reference == "BACS 20261203"
