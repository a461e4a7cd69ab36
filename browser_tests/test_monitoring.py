"""Monitoring returns in a real browser: a provider fills in, checks and sends a return; an officer rates it red
with a remedial action plan (first without one, which is refused). Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .conftest import BROWSER, PASSWORD, press, sign_in, visit

pytestmark = BROWSER


def agreement_with_a_provider(staff_member: Any) -> Agreement:
    """An officer, a provider of Swindon Victim Support, and its active six-monthly agreement, started 200 days ago."""
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    provider = staff_member(Role.PROVIDER, email="provider@example.org")
    organisation: Any = OrganisationFactory(name="Swindon Victim Support")
    MembershipFactory(organisation=organisation, user=provider, is_administrator=True)
    today = timezone.localdate()
    return make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        value="50000.00",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=530),
        status=AgreementStatus.ACTIVE,
        title="Support for victims of crime",
    )


def provider_sends_the_first_return(page: Page) -> None:
    sign_in(page, "provider@example.org", PASSWORD)
    visit(page, "/monitoring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring returns")
    press(page, "link", re.compile(r"Return 1 for"))
    press(page, "link", "Start the return")
    page.get_by_label("What did you deliver in this period?").fill("Forty support sessions")
    page.get_by_label("What difference did it make?").fill("Victims told us they felt safer")
    page.get_by_label("How much have you spent to date?").fill("£12,500")
    page.get_by_label("Tell us how the work is going").fill("Fewer referrals than planned")
    press(page, "button", "Save and continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending your return")
    expect(page.locator("main")).to_contain_text("£12,500.00")
    press(page, "button", "Send the return")
    expect(page.locator("main")).to_contain_text("Submitted")


def officer_opens_the_rating(page: Page) -> None:
    page.context.clear_cookies()
    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/monitoring/returns/awaiting-review/")
    expect(page.get_by_role("table")).to_contain_text("Swindon Victim Support")
    press(page, "link", re.compile(r"Return 1 for"))
    press(page, "link", "Rate the return")
    page.get_by_label("Red").check()
    page.get_by_label("Reasons for the rating").fill("Referrals are half the number agreed")


def fill_the_first_action(page: Page) -> None:
    due = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Action 1", exact=True).fill("Agree a referral route with the police")
    page.get_by_label("Who owns action 1").fill("Service manager")
    page.locator("#id_action_1_due_0").fill(str(due.day))
    page.locator("#id_action_1_due_1").fill(str(due.month))
    page.locator("#id_action_1_due_2").fill(str(due.year))


def test_a_provider_sends_a_return_and_an_officer_rates_it_red(page: Page, staff_member) -> None:
    agreement_with_a_provider(staff_member)
    provider_sends_the_first_return(page)
    officer_opens_the_rating(page)
    press(page, "button", "Save the rating")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("A red rating needs a remedial action plan")

    fill_the_first_action(page)
    press(page, "button", "Save the rating")
    expect(page.get_by_role("heading", level=1)).to_have_text("Return 1")
    expect(page.locator("main")).to_contain_text("Referrals are half the number agreed")
    press(page, "link", "Track the remedial action plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Remedial action plan")
    expect(page.get_by_role("table", name="Actions")).to_contain_text(
        "Agree a referral route with the police"
    )
