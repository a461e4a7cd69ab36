"""The register in a real browser: an officer searches, adds an organisation (a duplicate identifier is refused),
records due diligence; a provider sees only their own organisation. Every page is scanned for WCAG 2.2 AA."""

import re

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.organisations.models import Organisation, OrganisationMembership
from commissioning.organisations.services import identifier_add, organisation_create

from .conftest import BROWSER, PASSWORD, assert_accessible, press, sign_in, visit

pytestmark = BROWSER


def test_an_officer_adds_an_organisation_and_its_due_diligence(page: Page, staff_member) -> None:
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    foundation = organisation_create(by=officer, name="Wiltshire Community Foundation", sector="charity")
    identifier_add(by=officer, organisation=foundation, scheme="GB-CHC", value="1123126")

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    page.get_by_label("Name or identifier").fill("GB-CHC-1123126")
    press(page, "button", "Search")
    expect(page.get_by_role("table")).to_contain_text("Wiltshire Community Foundation")

    visit(page, "/staff/organisations/new/")
    page.get_by_label("Name of the organisation").fill("Another Foundation")
    page.get_by_label("Sector").select_option("charity")
    page.get_by_label("Official identifier").select_option("GB-CHC")
    page.get_by_label("Identifier (if it has one)").fill("1123126")
    press(page, "button", "Save")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An organisation with charity number 1123126 is already on the register: Wiltshire Community Foundation"
    )
    page.get_by_label("Identifier (if it has one)").fill("1190215")
    press(page, "button", "Save")
    expect(page.get_by_role("heading", level=1)).to_have_text("Another Foundation")
    expect(page.locator("#identifiers ~ table").first).to_contain_text("GB-CHC-1190215")

    page.get_by_role("button", name="Add a due diligence document").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Insurance").check()
    page.get_by_label("Title").fill("Public liability insurance")
    date = page.get_by_role("group", name="Date of the document")
    date.get_by_label("Day").fill("1")
    date.get_by_label("Month").fill("4")
    date.get_by_label("Year").fill("2025")
    expiry = page.get_by_role("group", name="Expiry date")
    expiry.get_by_label("Day").fill("31")
    expiry.get_by_label("Month").fill("3")
    expiry.get_by_label("Year").fill("2024")
    press(page, "button", "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The expiry date must be the same as or after the date of the document"
    )
    page.get_by_role("group", name="Expiry date").get_by_label("Year").fill("2099")
    press(page, "button", "Save")
    expect(page.locator("#due-diligence ~ table").first).to_contain_text("Public liability insurance")


def test_a_provider_sees_only_their_own_organisation(page: Page, staff_member) -> None:
    officer = staff_member(Role.COMMISSIONING_OFFICER)
    provider = staff_member(Role.PROVIDER, email="provider@example.org")
    own = organisation_create(by=officer, name="Swindon Rape Crisis", sector="charity")
    other = Organisation.objects.create(name="Secret Other Charity", sector="charity")
    OrganisationMembership.objects.create(user=provider, organisation=own, is_administrator=True)

    sign_in(page, "provider@example.org", PASSWORD)
    visit(page, "/organisation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Swindon Rape Crisis")
    page.get_by_role("link", name="See and update your due diligence documents").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Due diligence documents")

    response = page.goto(f"/organisation/{other.pk}/")
    assert response is not None and response.status == 404
    assert_accessible(page)
    expect(page.locator("body")).not_to_contain_text("Secret Other Charity")
