"""The public gives feedback in a real browser, by keyboard alone, and an officer moderates it. Every page is
scanned for WCAG 2.2 AA; the honeypot is never reached by the keyboard."""

import re
from datetime import date
from decimal import Decimal
from importlib import import_module

from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.organisations.services import organisation_create

from .conftest import BROWSER, PASSWORD, assert_accessible, press, sign_in, visit

pytestmark = BROWSER


def test_the_public_gives_feedback_by_keyboard_and_an_officer_approves_it(page: Page, staff_member) -> None:
    # The themes a migration ships; an earlier transactional test may have emptied the table.
    import_module("commissioning.feedback.migrations.0002_themes").add_themes(django_apps, None)
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    provider = organisation_create(by=officer, name="Victim Support Wiltshire", sector="charity")
    agreement_create(
        by=officer,
        mechanism=Mechanism.CONTRACT,
        title="Help after crime",
        purpose="Support for victims of crime",
        organisation=provider,
        fund=None,
        priorities=[],
        value=Decimal("50000.00"),
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        status=AgreementStatus.ACTIVE,
    )

    visit(page, "/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback about a service")
    press(page, "button", "Continue")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the service you want to give feedback about"
    )

    radio = page.get_by_label("Help after crime")
    radio.focus()
    radio.press("Space")
    expect(radio).to_be_checked()
    press(page, "button", "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback about Help after crime")

    press(page, "button", "Send feedback")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what happened")

    page.get_by_label("What happened?").focus()
    page.keyboard.type("<b>Quick</b> and kind help after the burglary.")
    consent = page.get_by_label("You may use my feedback to check how the service is doing (required)")
    consent.focus()
    consent.press("Space")
    expect(consent).to_be_checked()
    # The next stop after the last checkbox is the button: the honeypot is out of the keyboard's way.
    page.get_by_label("You may contact me about my feedback").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send feedback")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback sent")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "<b>Quick</b> and kind help after the burglary."
    )

    feedback = Feedback.objects.get()
    assert feedback.is_anonymous and feedback.status == FeedbackStatus.PENDING

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/feedback/")
    expect(page.get_by_role("table")).to_contain_text("Help after crime")
    page.get_by_role("link", name=re.compile("Quick")).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Approve: it counts in the service's monitoring").check()
    page.get_by_label("Staff attitude").check()
    press(page, "button", "Save decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Feedback approved")
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.APPROVED


def test_an_officer_adds_a_feedback_theme(page: Page, staff_member) -> None:
    import_module("commissioning.feedback.migrations.0002_themes").add_themes(django_apps, None)
    staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/feedback/")
    press(page, "link", "Feedback themes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback themes")
    assert_accessible(page)
    press(page, "button", "Add a theme")
    press(page, "button", "Save the theme")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the theme")
    assert_accessible(page)
    page.get_by_label("Name").fill("Housing and accommodation")
    press(page, "button", "Save the theme")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added the theme Housing and accommodation"
    )
    expect(page.get_by_role("table", name="Themes")).to_contain_text("Housing and accommodation")
    assert_accessible(page)
