"""Commissioning intentions in a real browser, by keyboard: an officer starts this year's intentions, adds a
project (first with an amount that is not money, which is explained), submits them for decision; the Commissioner
approves the decision record; the officer publishes them; the public reads them by priority, from the front page,
with the decision's reference linking to the published decision. Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.cycle.models import CommissioningIntentions
from commissioning.finance import years
from commissioning.finance.selectors import current_start_year
from commissioning.governance.models import DelegatedLimit
from commissioning.plans.tests.factories import PlanFactory, PriorityFactory

from .conftest import BROWSER, PASSWORD, follow, press, sign_in, visit

pytestmark = BROWSER


def test_intentions_are_submitted_approved_published_and_read_by_the_public(page: Page, staff_member) -> None:
    DelegatedLimit.objects.create(role=Role.COMMISSIONER, max_amount=None, effective_from=date(2017, 4, 1))
    plan = PlanFactory.create(is_current=True)
    PriorityFactory.create(plan=plan, number=1, title="Prevent crime and keep people safe")
    PriorityFactory.create(plan=plan, number=2, title="Protect the most vulnerable")
    staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org", full_name="Olive Officer")
    staff_member(Role.COMMISSIONER, email="commissioner@example.org", full_name="Connie Commissioner")
    year = current_start_year()
    label = years.label_of(year)

    sign_in(page, "officer@example.org", PASSWORD)
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Intentions"))
    press(page, "button", "Start a year's intentions")
    page.get_by_label("Financial year").select_option(str(year))
    page.get_by_label("Summary").fill("What we plan to commission this year.")
    press(page, "button", "Start the year's intentions")
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    press(page, "button", "Add a project")
    page.get_by_label("Title").fill("Detached youth work in the north")
    page.get_by_label("Description").fill("Youth workers on the streets three evenings a week.")
    page.get_by_label("1. Prevent crime and keep people safe").check()
    page.get_by_label("2. Protect the most vulnerable").check()
    page.get_by_label("Indicative value").fill("a lot")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Grant", exact=True).check()
    press(page, "button", "Add the project")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Indicative value must be an amount of money"
    )
    expect(page.get_by_label("Description")).to_have_value(
        "Youth workers on the streets three evenings a week."
    )
    page.get_by_label("Indicative value").fill("£85,000")
    press(page, "button", "Add the project")
    expect(page.locator("main")).to_contain_text("£85,000.00")
    press(page, "button", "Submit for decision")
    press(page, "button", "Submit for decision")
    expect(page.locator("main")).to_contain_text("Awaiting decision")
    decision = CommissioningIntentions.objects.get().decision
    assert decision is not None
    reference = decision.reference
    expect(page.locator("main")).to_contain_text(reference)

    page.context.clear_cookies()
    sign_in(page, "commissioner@example.org", PASSWORD)
    visit(page, "/staff/decisions/?status=draft")
    press(page, "link", reference)
    expect(page.locator("main")).to_contain_text(f"Commissioning intentions {label}")
    press(page, "button", "Approve")
    press(page, "button", "Approve the decision")
    expect(page.locator("main")).to_contain_text("Connie Commissioner")

    page.context.clear_cookies()
    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/intentions/")
    press(page, "link", label)
    expect(page.locator("main")).to_contain_text("Approved")
    press(page, "button", "Publish")
    press(page, "button", "Publish the intentions")
    expect(page.locator("main")).to_contain_text("Published")

    page.context.clear_cookies()
    visit(page, "/")
    follow(page, page.get_by_role("main").get_by_role("link", name="commissioning intentions"))
    press(page, "link", f"Commissioning intentions {label}")
    expect(page.get_by_role("heading", name="Priority 1: Prevent crime and keep people safe")).to_be_visible()
    expect(page.get_by_role("heading", name="Priority 2: Protect the most vulnerable")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Detached youth work in the north")
    press(page, "link", reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Commissioning intentions for {label}")
