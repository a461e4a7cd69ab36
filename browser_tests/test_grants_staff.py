"""Staff side of grants in a browser, with an accessibility scan of every page: the officer finds the work
waiting, reads an application and moderates it; the assessor declares no conflict and scores."""

import re

from playwright.sync_api import Page, expect

from .conftest import BROWSER, follow, press, sign_in_demo, sign_out, visit

pytestmark = BROWSER


def test_officer_moderates_and_assessor_scores(page: Page, demo: None) -> None:  # noqa: ARG001
    sign_in_demo(page, "officer@example.org")
    visit(page, "/staff/")
    expect(page.get_by_role("heading", name="Work waiting for you")).to_be_visible()
    follow(page, page.get_by_role("link", name="Applications ready to moderate"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    follow(page, page.get_by_role("link", name=re.compile(r"^PCF-")).first)
    expect(page.get_by_text("Conflict declared")).to_be_visible()
    follow(page, page.get_by_role("link", name="Moderate the scores"))

    press(page, "button", "Save and complete moderation")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the moderated score for criterion 1")
    for index in range(1, 5):
        page.get_by_role("group", name=re.compile(rf"^Criterion {index}:")).get_by_label(
            re.compile(r"4 – ")
        ).check()
        page.get_by_label(f"Reason for the moderated score for criterion {index}").fill(
            "Agreed with the assessor"
        )
    press(page, "button", "Save and complete moderation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("ready for a decision")

    visit(page, "/staff/grants/schemes/")
    follow(page, page.get_by_role("link", name=re.compile(r"^Police Property Act Fund")))
    expect(page.get_by_role("heading", name="Assessment criteria")).to_be_visible()
    sign_out(page)

    sign_in_demo(page, "assessor@example.org")
    visit(page, "/staff/grants/assessments/")
    row = page.get_by_role("row").filter(has_text="Domestic abuse outreach")
    follow(page, row.get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare any conflict of interest")
    page.get_by_label("No", exact=True).check()
    press(page, "button", "Save declaration")
    expect(page.get_by_role("heading", level=1)).to_have_text("Assess the application")
    page.get_by_role("group", name=re.compile(r"^Criterion 1:")).get_by_label(re.compile(r"5 – ")).check()
    page.get_by_label("Comment on criterion 1").fill("Strong evidence of need in market towns")
    press(page, "button", "Save and come back later")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your scores were saved")
