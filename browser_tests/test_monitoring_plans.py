"""Monitoring plans in a real browser: an officer finds an overdue return, opens the agreement's plan and adjusts
it (a missing reason is refused, then the change is saved). Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.organisations.tests.factories import OrganisationFactory

from .conftest import BROWSER, PASSWORD, assert_accessible, press, sign_in, visit

pytestmark = BROWSER


def test_an_officer_finds_an_overdue_return_and_adjusts_the_plan(page: Page, staff_member) -> None:
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    today = timezone.localdate()
    agreement = make_agreement(
        by=officer,
        organisation=OrganisationFactory(name="Swindon Victim Support"),
        fund=None,
        value="150000.00",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=530),
        status=AgreementStatus.ACTIVE,
        title="Support for victims of crime",
    )

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/monitoring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring returns")
    expect(page.get_by_role("table")).to_contain_text("Swindon Victim Support")
    page.get_by_role("link", name=re.compile(agreement.reference)).first.click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring plan")
    expect(page.get_by_role("table", name="Schedule of returns")).to_contain_text("Late")

    page.get_by_role("link", name="Adjust the plan").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Indicator 1 name").fill("Victims supported")
    page.get_by_label("Indicator 1 target").fill("300")
    press(page, "button", "Save the changes")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for changing the monitoring plan"
    )

    page.get_by_label("Reason for the change").fill("Indicators agreed at the start-up meeting")
    press(page, "button", "Save the changes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring plan")
    expect(page.locator("main")).to_contain_text("Indicators agreed at the start-up meeting")
    expect(page.locator("main")).to_contain_text("Victims supported")
