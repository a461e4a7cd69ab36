"""Monitoring plans in a real browser: an officer finds an overdue return, opens the agreement's plan and adjusts
it (a missing reason is refused, then the change is saved). Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.monitoring.defaults import tiers_default
from commissioning.monitoring.models import MonitoringTier, ReturnTemplate
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


def test_an_officer_checks_the_tiers_and_adds_one(page: Page, staff_member) -> None:
    tiers_default(MonitoringTier, ReturnTemplate)  # the live server's database is emptied between tests
    staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/monitoring/tiers/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring tiers")
    expect(page.get_by_role("table", name="Tiers in effect from 1 April 2020")).to_contain_text(
        "Quarterly returns"
    )

    page.get_by_label("Value of the agreement").fill("£45,000")
    page.get_by_label("Length in months").fill("18")
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year", exact=True).fill("2027")
    press(page, "button", "Find the tier")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Standard: £10,000 to £99,999")
    assert_accessible(page)

    page.get_by_role("button", name="Add a tier").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    press(page, "button", "Add the tier")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the tier")
    assert_accessible(page)

    starts = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Name").fill("Small grants, light touch")
    page.get_by_label("Lowest value").fill("0")
    page.get_by_label("Value the tier stops at").fill("5000")
    page.get_by_label("One end-of-agreement report").check()
    page.get_by_label("Day", exact=True).fill(str(starts.day))
    page.get_by_label("Month", exact=True).fill(str(starts.month))
    page.get_by_label("Year", exact=True).fill(str(starts.year))
    press(page, "button", "Add the tier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring tiers")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added the tier Small grants, light touch"
    )
    expect(page.get_by_role("table", name=re.compile("Tiers taking effect on"))).to_contain_text("£5,000.00")
