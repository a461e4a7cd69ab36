"""The agreement performance page in a real browser: a provider submits a return, an officer rates it red and opens
a remedial plan, and the agreement's performance page (reached from the agreement) shows both. An agreement with
indicators shows its trend charts. Every page visited is scanned for WCAG 2.2 AA."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from commissioning.accounts.roles import Role
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.monitoring.tests.helpers import quarterly_agreement, review_past_returns
from commissioning.organisations.tests.factories import OrganisationFactory

from .conftest import BROWSER, PASSWORD, press, sign_in, visit
from .test_monitoring import (
    agreement_with_a_provider,
    fill_the_first_action,
    officer_opens_the_rating,
    provider_sends_the_first_return,
)

pytestmark = BROWSER


def test_a_red_return_and_its_remedial_plan_show_on_the_performance_page(page, staff_member):
    agreement = agreement_with_a_provider(staff_member)
    Feedback.objects.create(
        agreement=agreement,
        what_happened="My caseworker rang back the same day.",
        status=FeedbackStatus.APPROVED,
    )
    provider_sends_the_first_return(page)
    officer_opens_the_rating(page)
    fill_the_first_action(page)
    press(page, "button", "Save the rating")
    expect(page.locator("main")).to_contain_text("Referrals are half the number agreed")

    # From the agreement to its performance page: the red rating, the remedial plan and the feedback.
    visit(page, reverse("agreements:detail", args=[agreement.pk]))
    press(page, "link", re.compile(r"^Performance: returns, ratings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance of Support for victims of crime")
    schedule = page.get_by_role("table", name=re.compile(r"^Schedule of returns"))
    expect(schedule.get_by_role("row", name=re.compile(r"^Return 1"))).to_contain_text("Red")
    expect(page.locator("main")).to_contain_text("Referrals are half the number agreed")
    plans = page.get_by_role("table", name="Actions")
    expect(plans).to_contain_text("Agree a referral route with the police")
    expect(plans).to_contain_text("Service manager")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Open")
    expect(page.locator("main")).to_contain_text("My caseworker rang back the same day.")


def test_indicator_trends_are_drawn_with_their_tables(page, staff_member):
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    agreement = quarterly_agreement(officer, OrganisationFactory(name="Wiltshire Victim Care"), years_back=2)
    review_past_returns(agreement, officer)

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, reverse("monitoring:performance", args=[agreement.pk]))
    chart = page.get_by_role("img", name=re.compile(r"^Victims supported against its target"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name=re.compile(r"^Victims supported against its target"))
    expect(table).to_contain_text("300")
    expect(page.get_by_role("table", name=re.compile(r"^Actions")).first).to_contain_text(
        "Recruit two caseworkers"
    )
