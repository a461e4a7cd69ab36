"""A Police Property Act Fund application from registration to confirmation, by keyboard alone (Tab, Space, Enter,
arrow keys and typing; no mouse), with a WCAG 2.2 AA scan on every page. The only addresses entered directly are
the verification link from the email and the scheme page, as a person would type or follow them."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from commissioning.grants.models import Application, ApplicationStatus
from commissioning.grants.tests.factories import current_plan_priorities, police_property_act_scheme

from .conftest import BROWSER, assert_accessible, visit

pytestmark = BROWSER
PASSWORD = "Keyboard-only-applicant-2026"


def tab_to(page: Page, target: Locator, *, limit: int = 200) -> None:
    """Press Tab until `target` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def follow(page: Page, target: Locator) -> None:
    """Tab to a link or button and press Enter; then scan the page it leads to."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def tick(page: Page, target: Locator) -> None:
    tab_to(page, target)
    page.keyboard.press("Space")
    expect(target).to_be_checked()


def save_and_continue(page: Page) -> None:
    follow(page, page.get_by_role("button", name="Save and continue"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Apply to"))


def open_task(page: Page, name: str) -> None:
    follow(page, page.get_by_role("link", name=name, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def fill_date(page: Page, question: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=question)
    type_into(page, group.get_by_label("Day"), day)
    type_into(page, group.get_by_label("Month"), month)
    type_into(page, group.get_by_label("Year"), year)


def test_a_police_property_act_fund_application_by_keyboard_alone(page: Page) -> None:
    scheme = police_property_act_scheme()
    priorities = current_plan_priorities()
    next_year = timezone.localdate().year + 1

    # The list of open schemes, then the scheme's page and its start button.
    visit(page, "/schemes/")
    follow(page, page.get_by_role("link", name=scheme.name))
    expect(page.get_by_role("heading", name="What we will not fund")).to_be_visible()
    expect(page.get_by_text("Requests for more than £3,000")).to_be_visible()
    follow(page, page.get_by_role("button", name="Start now"))

    # Not signed in: the sign-in page offers to create an account.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    follow(page, page.get_by_role("link", name="create an account"))
    type_into(page, page.get_by_label("Full name"), "Robin Keyes")
    type_into(page, page.get_by_label("Email address"), "robin@example.org")
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Confirm your password"), PASSWORD)
    follow(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("email")

    # Following the link in the email confirms the address and signs in; with no organisation yet, add one.
    link = re.search(r"https?://\S+/account/verify/\S+", mail.outbox[-1].body)
    assert link is not None, mail.outbox[-1].body
    visit(page, link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation")
    follow(page, page.get_by_role("button", name="Add your organisation"))
    type_into(page, page.get_by_label("Name of your organisation"), "Pewsey Vale Youth Club")
    tab_to(page, page.get_by_label("What kind of organisation is it?"))
    page.keyboard.type("Unregistered")
    expect(page.get_by_label("What kind of organisation is it?")).to_have_value("community_group")
    type_into(page, page.get_by_label("Town or city"), "Pewsey")
    follow(page, page.get_by_role("button", name="Save and continue"))

    # Adding the organisation brings the applicant back to the application they set out to start.
    expect(page.get_by_text("Pewsey Vale Youth Club was added")).to_be_visible()
    expect(page.get_by_text("Before you start")).to_be_visible()
    follow(page, page.get_by_role("button", name="Start your application"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply to {scheme.name}")
    expect(page.locator(".govuk-task-list")).to_contain_text("Cannot start yet")

    open_task(page, "About your organisation")
    tick(page, page.get_by_label("I confirm my organisation's details are correct", exact=False))
    save_and_continue(page)

    open_task(page, "About your project")
    type_into(page, page.get_by_label("What is your project called?"), "Friday night youth club")
    type_into(
        page, page.get_by_label("Describe your project"), "A safe place for young people on Friday nights."
    )
    type_into(page, page.get_by_label("How much are you applying for?"), "2,400")
    tab_to(page, page.get_by_role("radio", name="Yes"))
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="No")).to_be_checked()
    save_and_continue(page)

    open_task(page, "Police and Crime Plan priorities")
    tick(page, page.get_by_label(f"1. {priorities[0].title}"))
    type_into(
        page,
        page.get_by_label("How will your project help deliver these priorities?"),
        "Fewer young victims.",
    )
    save_and_continue(page)

    open_task(page, "Outcomes and who benefits")
    type_into(
        page, page.get_by_label("What difference will your project make?"), "Less antisocial behaviour."
    )
    type_into(page, page.get_by_label("Who will benefit?"), "Young people aged 11 to 16")
    type_into(page, page.get_by_label("About how many people will benefit?"), "60")
    type_into(page, page.get_by_label("Where will the work happen?"), "Pewsey village hall")
    type_into(page, page.get_by_label("Postcode of where the work happens (optional)"), "SN9 5AA")
    save_and_continue(page)

    open_task(page, "Budget")
    type_into(page, page.get_by_label("What is this cost for?"), "Youth workers")
    type_into(page, page.get_by_label("How much will it cost?"), "2000")
    follow(page, page.get_by_role("button", name="Add this cost"))
    expect(page.get_by_role("table")).to_contain_text("Youth workers")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "£400 less than the amount you are applying for"
    )
    type_into(page, page.get_by_label("What is this cost for?"), "Hall hire")
    type_into(page, page.get_by_label("How much will it cost?"), "400")
    save_and_continue(page)

    open_task(page, "Dates")
    fill_date(page, "When will the project start?", "1", "4", str(next_year))
    fill_date(page, "When will the project end?", "31", "3", str(next_year + 1))
    save_and_continue(page)

    open_task(page, "Due-diligence documents")
    save_and_continue(page)

    open_task(page, "Declarations")
    type_into(page, page.get_by_label("Your full name"), "Robin Keyes")
    type_into(page, page.get_by_label("Your role in the organisation"), "Youth club leader")
    for checkbox in page.get_by_role("group", name="Declarations").get_by_role("checkbox").all():
        tick(page, checkbox)
    save_and_continue(page)
    expect(page.get_by_text("You have completed 8 of 8 sections")).to_be_visible()

    follow(page, page.get_by_role("button", name="Check your answers"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your application"
    )
    expect(page.locator(".govuk-summary-list").first).to_be_visible()
    expect(page.get_by_text("Friday night youth club")).to_be_visible()
    follow(page, page.get_by_role("button", name="Submit application"))

    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    reference = f"PPAF-{timezone.localtime().year}-0001"
    assert application.reference == reference
    expect(page.get_by_role("heading", level=1)).to_have_text("Application submitted")
    expect(page.locator(".govuk-panel")).to_contain_text(reference)
    assert any(reference in message.body for message in mail.outbox)
