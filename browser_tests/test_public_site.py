"""The public site in a real browser, by keyboard, on the demo data: from the home page to a grant, a decision, the
open data page, the monthly publication and the feedback form. Every page is scanned for WCAG 2.2 AA."""

import re

from playwright.sync_api import Page, expect

from commissioning.publication.selectors import published_grants

from .conftest import BROWSER, follow, visit

pytestmark = BROWSER


def home(page: Page) -> None:
    visit(page, "/")


def test_the_public_walks_from_the_home_page_to_a_grant_a_decision_the_open_data_and_feedback(
    page: Page,
    demo: None,  # noqa: ARG001
) -> None:
    grant = published_grants().order_by("reference").first()
    assert grant is not None

    # A grant: the register, a search by its reference, then its page.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Grants awarded"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants awarded")
    search = page.get_by_label("Search")
    search.fill(grant.reference)
    follow(page, page.get_by_role("button", name="Search grants"))
    expect(page).to_have_url(re.compile(rf"query={grant.reference}"))
    follow(page, page.get_by_role("link", name=grant.title))
    expect(page.get_by_role("heading", level=1)).to_have_text(grant.title)
    expect(page.get_by_text(grant.organisation.name).first).to_be_visible()

    # A filter the register does not know is explained, not an error.
    visit(page, "/grants/?fund=999999")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a fund from the list")

    # A decision: the public list, then a published decision.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Decisions"))
    decision = page.get_by_role("main").locator("table a.govuk-link").first
    expect(decision).to_be_visible()
    follow(page, decision)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The services register, filtered to contracts, and the contracts register.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Services we fund"))
    page.get_by_label("How it was commissioned").select_option("contract")
    follow(page, page.get_by_role("button", name="Search services"))
    expect(page).to_have_url(re.compile(r"mechanism=contract"))
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Contracts over £10,000"))
    follow(page, page.get_by_role("main").locator("table a.govuk-link").first)
    expect(page.get_by_text("No documents are published for this contract")).to_be_visible()

    # The funds and how to apply.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="our funds and how to apply"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Our funds and how to apply")

    # The open data page, each file with its licence, then the monthly publication.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Open data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.get_by_role("link", name="Grants (JSON)", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Open Government Licence v3.0")).first).to_be_visible()
    follow(page, page.get_by_role("main").get_by_role("link", name="monthly publication"))
    follow(page, page.get_by_role("main").locator("table a.govuk-link").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published for")

    # The feedback form.
    home(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="give feedback on it"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback about a service")
