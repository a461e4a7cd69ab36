"""An applicant in a real browser, by keyboard alone: create an account, confirm the email address by the emailed
link, add their organisation and become its administrator. Every page is scanned for WCAG 2.2 AA."""

import re

from django.core import mail
from playwright.sync_api import Locator, Page, expect

from commissioning.organisations.models import OrganisationMembership

from .conftest import BROWSER, assert_accessible, visit

pytestmark = BROWSER

PASSWORD = "a-Long-enough-passphrase-2026"


def type_into(page: Page, label: str, text: str, *, exact: bool = False) -> None:
    field = page.get_by_label(label, exact=exact)
    field.focus()
    page.keyboard.type(text)


def press_enter_on(page: Page, control: Locator) -> None:
    """Focus a link or button and press Enter, waiting for the page it leads to, then scan that page."""
    control.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)


def press_button(page: Page, name: str) -> None:
    press_enter_on(page, page.get_by_role("button", name=name))


def test_an_applicant_registers_confirms_their_email_and_adds_their_organisation(
    page: Page, live_server
) -> None:
    mail.outbox.clear()
    visit(page, "/account/sign-in/")
    press_enter_on(page, page.get_by_role("link", name="create an account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

    # A mistake first: the passwords do not match.
    type_into(page, "Full name", "Dee Evans")
    type_into(page, "Email address", "dee@example.org")
    type_into(page, "Create a password", PASSWORD)
    type_into(page, "Confirm your password", "something-else-entirely")
    press_button(page, "Create account")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    type_into(page, "Create a password", PASSWORD)
    type_into(page, "Confirm your password", PASSWORD)
    press_button(page, "Create account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("dee@example.org")

    # Signing in before confirming is refused, with a way to get a new link.
    visit(page, "/account/sign-in/")
    type_into(page, "Email address", "dee@example.org")
    type_into(page, "Password", PASSWORD, exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("You need to confirm your email address")
    expect(page.get_by_role("link", name="Send the link to confirm your email address again")).to_be_visible()

    # The emailed link confirms the address and signs the person in.
    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/\s]+(/account/verify/\S+)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    visit(page, found.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation")

    press_enter_on(page, page.get_by_role("button", name="Add your organisation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about your organisation")

    type_into(page, "Name of your organisation", "Devizes Youth Project")
    page.get_by_label("What kind of organisation is it?").focus()
    page.keyboard.type("Charity")  # a native select picks the option whose label starts with what is typed
    page.get_by_label("Official identifier").focus()
    page.keyboard.type("Charity")
    type_into(page, "Identifier (if it has one)", "1123456")
    type_into(page, "Address line 1", "1 Market Place")
    type_into(page, "Town or city", "Devizes")
    type_into(page, "Postcode", "SN10 1HS")
    type_into(page, "Contact email address", "hello@devizesyouth.example.org")
    press_button(page, "Save and continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Devizes Youth Project")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You are its administrator")
    membership = OrganisationMembership.objects.select_related("organisation", "user").get()
    assert membership.user.email == "dee@example.org"
    assert membership.is_administrator
    assert membership.organisation.sector == "charity"
    assert [i.org_id for i in membership.organisation.identifiers.all()] == ["GB-CHC-1123456"]

    press_enter_on(page, page.get_by_role("link", name="Invite a colleague to join Devizes Youth Project"))
    type_into(page, "Email address", "colleague@example.org")
    press_button(page, "Send invitation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("colleague@example.org")
    expect(page.get_by_role("table")).to_contain_text("colleague@example.org")
