"""The Chief Finance Officer changes a fund's allocation and sees the budget position change, by keyboard."""

import re
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.devtools.demo import finance as finance_demo

from .conftest import BROWSER, PASSWORD, assert_accessible, follow, sign_in, visit

pytestmark = BROWSER


def test_the_chief_finance_officer_changes_an_allocation(page: Page, staff_member) -> None:
    cfo = staff_member(Role.CHIEF_FINANCE_OFFICER, full_name="Fiona Finance", email="cfo@example.org")
    with override_settings(DEBUG=True):
        finance_demo.load(by=cfo)

    sign_in(page, "cfo@example.org", PASSWORD)
    visit(page, "/staff/funds/?year=2025-26")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funds")
    funds = page.get_by_role("table")
    victims_row = funds.get_by_role("row").filter(has=page.get_by_role("link", name="Victims Fund"))
    expect(victims_row).to_contain_text("£1,105,000.00")  # allocated
    expect(victims_row).to_contain_text("£255,000.00")  # available: £850,000.00 is committed

    follow(page, funds.get_by_role("link", name="Victims Fund"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Victims Fund")
    follow(page, page.get_by_role("link", name="Change allocation for 2025/26"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("allocation for 2025/26")

    amount = page.get_by_label("Allocation for 2025/26")
    amount.fill("800,000")  # less than is committed: refused, with a message
    amount.press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))

    amount = page.get_by_label("Allocation for 2025/26")
    amount.fill("£1,200,000.00")
    amount.press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now £1,200,000")
    year_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2025/26"))
    expect(year_row).to_contain_text("£1,200,000.00")  # allocated
    expect(year_row).to_contain_text("£350,000.00")  # available
    expect(page.get_by_role("table", name=re.compile(r"^Changes to this"))).to_contain_text("Fiona Finance")

    follow(page, page.get_by_role("link", name="All funds"))
    page.get_by_label("Financial year").select_option(label="2025/26")
    page.get_by_role("button", name="Show year").press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page)
    victims_row = (
        page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("link", name="Victims Fund"))
    )
    expect(victims_row).to_contain_text("£1,200,000.00")
    expect(victims_row).to_contain_text("£350,000.00")


def test_the_chief_finance_officer_changes_a_funds_rules_from_a_date(page: Page, staff_member) -> None:
    cfo = staff_member(Role.CHIEF_FINANCE_OFFICER, full_name="Fiona Finance", email="cfo@example.org")
    with override_settings(DEBUG=True):
        finance_demo.load(by=cfo)
    starts = timezone.localdate() + timedelta(days=40)

    sign_in(page, "cfo@example.org", PASSWORD)
    visit(page, "/staff/funds/")
    follow(page, page.get_by_role("table").get_by_role("link", name="Police Property Act Fund"))
    follow(page, page.get_by_role("link", name=re.compile("^Change the rules from a date")))
    assert_accessible(page)
    expect(page.get_by_label("Largest award")).to_have_value("3000.00")  # starts from today's rules

    page.get_by_label("Largest award").fill("£2,500")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill(str(starts.year))
    page.get_by_role("button", name="Add the rules").press("Enter")
    page.wait_for_load_state("load")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_label("Day", exact=True).fill(str(starts.day))
    page.get_by_label("Month", exact=True).fill(str(starts.month))
    page.get_by_role("button", name="Add the rules").press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added the rules of Police Property Act Fund"
    )
    expect(page.get_by_role("heading", name=f"From {starts.day} {starts:%B %Y}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("£2,500")
    assert_accessible(page)
