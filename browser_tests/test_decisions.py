"""Decision records in a real browser: an officer drafts a decision (first leaving out what it needs, which is
explained), the Commissioner approves and publishes it, and it appears on the public list and page without
signing in; an exempt decision shows only its reference. Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.decisions.models import Confidentiality
from commissioning.decisions.services import decision_approve, decision_create, decision_publish
from commissioning.governance.models import DelegatedLimit

from .conftest import BROWSER, PASSWORD, follow, press, sign_in, visit

pytestmark = BROWSER


def test_an_officer_drafts_the_commissioner_approves_and_publishes_and_the_public_reads_it(
    page: Page, staff_member
) -> None:
    DelegatedLimit.objects.create(role=Role.COMMISSIONER, max_amount=None, effective_from=date(2017, 4, 1))
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    commissioner = staff_member(
        Role.COMMISSIONER, email="commissioner@example.org", full_name="Connie Commissioner"
    )
    exempt = decision_create(
        by=officer,
        title="Covert operations equipment",
        summary="Withheld",
        decision="Withheld",
        confidentiality=Confidentiality.EXEMPT,
        exemption="foi-31",
    )
    decision_publish(by=commissioner, record=decision_approve(by=commissioner, record=exempt))

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/decisions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision records")
    press(page, "button", "Draft a decision record")
    page.get_by_label("Title").fill("Fund a youth diversion scheme in Swindon")
    press(page, "button", "Save the draft")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary of the decision")
    page.get_by_label("Summary").fill("A two-year scheme for young people at risk.")
    page.get_by_label("Amount").fill("£60,000")
    page.get_by_label("The decision", exact=True).fill("To fund the scheme for two years.")
    page.get_by_label("Public", exact=True).check()
    press(page, "button", "Save the draft")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fund a youth diversion scheme in Swindon")
    expect(page.locator("main")).to_contain_text("Draft")
    reference = page.locator(".govuk-caption-xl").inner_text().removeprefix("Decision ")

    page.context.clear_cookies()
    sign_in(page, "commissioner@example.org", PASSWORD)
    visit(page, "/staff/decisions/?status=draft")
    press(page, "link", reference)
    press(page, "button", "Approve")
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the decision")
    press(page, "button", "Approve the decision")
    expect(page.locator("main")).to_contain_text("Connie Commissioner")
    press(page, "button", "Publish")
    press(page, "button", "Publish the decision")
    expect(page.locator("main")).to_contain_text("Published")

    page.context.clear_cookies()
    visit(page, "/")
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Decisions"))
    expect(page.get_by_role("table")).to_contain_text("Fund a youth diversion scheme in Swindon")
    expect(page.get_by_role("table")).to_contain_text(f"Exempt decision {exempt.reference}")
    expect(page.locator("main")).not_to_contain_text("Covert operations equipment")
    page.get_by_label("Search decisions").fill("Covert")
    press(page, "button", "Search decisions")
    expect(page.locator("main")).to_contain_text("No published decisions match your search")
    visit(page, "/decisions/")
    press(page, "link", reference)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fund a youth diversion scheme in Swindon")
    expect(page.locator("main")).to_contain_text("£60,000.00")
    visit(page, f"/decisions/{exempt.slug}/")
    expect(page.locator("main")).to_contain_text("Law enforcement (FOI Act section 31)")
    expect(page.locator("main")).not_to_contain_text("Covert operations equipment")
