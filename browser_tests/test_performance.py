"""The agreement performance page in a real browser: a provider submits a return, an officer rates it red and opens
a remedial plan, and the agreement's performance page (reached from the agreement) shows both. An agreement with
indicators shows its trend charts. Every page visited is scanned for WCAG 2.2 AA."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.monitoring.tests.helpers import quarterly_agreement, review_past_returns
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .conftest import BROWSER, PASSWORD, assert_accessible, sign_in, visit

pytestmark = BROWSER


def press(page: Page, role: str, name: str | re.Pattern[str]) -> None:
    target = page.get_by_role(role, name=name)  # type: ignore[arg-type]
    target.focus()
    target.press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page)


def test_a_red_return_and_its_remedial_plan_show_on_the_performance_page(page, staff_member):
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    provider = staff_member(Role.PROVIDER, email="provider@example.org")
    organisation = OrganisationFactory(name="Swindon Victim Support")
    MembershipFactory(organisation=organisation, user=provider, is_administrator=True)
    today = timezone.localdate()
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        value="50000.00",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=530),
        status=AgreementStatus.ACTIVE,
        title="Support for victims of crime",
    )
    Feedback.objects.create(
        agreement=agreement,
        what_happened="My caseworker rang back the same day.",
        status=FeedbackStatus.APPROVED,
    )

    # The provider sends the first return.
    sign_in(page, "provider@example.org", PASSWORD)
    visit(page, "/monitoring/")
    press(page, "link", re.compile(r"Return 1 for"))
    press(page, "link", "Start the return")
    page.get_by_label("What did you deliver in this period?").fill("Forty support sessions")
    page.get_by_label("What difference did it make?").fill("Victims told us they felt safer")
    page.get_by_label("How much have you spent to date?").fill("£12,500")
    page.get_by_label("Tell us how the work is going").fill("Fewer referrals than planned")
    press(page, "button", "Save and continue")
    press(page, "button", "Send the return")
    expect(page.locator("main")).to_contain_text("Submitted")

    # The officer rates it red, with a remedial action plan.
    page.context.clear_cookies()
    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/monitoring/returns/awaiting-review/")
    press(page, "link", re.compile(r"Return 1 for"))
    press(page, "link", "Rate the return")
    page.get_by_label("Red").check()
    page.get_by_label("Reasons for the rating").fill("Referrals are half the number agreed")
    due = today + timedelta(days=60)
    page.get_by_label("Action 1", exact=True).fill("Agree a referral route with the police")
    page.get_by_label("Who owns action 1").fill("Service manager")
    page.locator("#id_action_1_due_0").fill(str(due.day))
    page.locator("#id_action_1_due_1").fill(str(due.month))
    page.locator("#id_action_1_due_2").fill(str(due.year))
    press(page, "button", "Save the rating")
    expect(page.locator("main")).to_contain_text("Referrals are half the number agreed")

    # From the agreement to its performance page: the red rating, the remedial plan and the feedback.
    visit(page, reverse("agreements:detail", args=[agreement.pk]))
    press(page, "link", re.compile(r"^Performance: returns, ratings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance of Support for victims of crime")
    schedule = page.get_by_role("table", name=re.compile(r"^Schedule of returns"))
    expect(schedule.get_by_role("row", name=re.compile(r"^Return 1"))).to_contain_text("Red")
    expect(page.locator("main")).to_contain_text("Referrals are half the number agreed")
    plans = page.get_by_role("table", name=re.compile(r"^Actions"))
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
