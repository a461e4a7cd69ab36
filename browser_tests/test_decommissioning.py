"""Decommissioning in a real browser, by keyboard alone: an officer proposes to end an agreement from its page, is
told it cannot go forward without a monitoring report on record, writes each part (a notice too short is refused in
plain words), proposes it once a report is on record, records the provider's response; the Commissioner decides it
on the page that shows the remaining value, and the decision is found among the public decommissioning decisions.
Every page is scanned for WCAG 2.2 AA."""

import re
from datetime import date

from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import allocate, make_agreement
from commissioning.core.dates import add_months
from commissioning.decommissioning.tests.conftest import report
from commissioning.finance import years
from commissioning.finance.tests.factories import FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.organisations.tests.factories import OrganisationFactory

from .conftest import BROWSER, PASSWORD, press, sign_in, visit

pytestmark = BROWSER


def _type_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_proposal_walked_to_its_decision_by_keyboard(page: Page, staff_member) -> None:
    for role, limit in ((Role.COMMISSIONING_OFFICER, "5000.00"), (Role.COMMISSIONER, None)):
        DelegatedLimit.objects.create(role=role, max_amount=limit, effective_from=date(2017, 4, 1))
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org", full_name="Olive Officer")
    staff_member(Role.COMMISSIONER, email="commissioner@example.org", full_name="Connie Commissioner")
    fund = FundFactory.create(name="Victims Fund", code="VF")
    this_year = years.start_year_of(timezone.localdate())
    for start_year in range(this_year - 1, this_year + 3):
        allocate(fund, start_year, "100000.00")
    agreement = make_agreement(
        by=officer,
        organisation=OrganisationFactory.create(name="Swindon Restorative Justice CIC"),
        fund=fund,
        value="80000.00",
        starts_on=years.starts_on(this_year - 1),
        ends_on=years.ends_on(this_year + 2),
        status=AgreementStatus.ACTIVE,
        title="Restorative justice service",
    )
    today = timezone.localdate()

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, f"/staff/agreements/{agreement.pk}/")
    press(page, "link", re.compile("^Propose decommissioning"))
    page.get_by_label("End the agreement").check()
    page.get_by_label("More effective alternatives are available").check()
    press(page, "button", "Save and continue")
    expect(page.locator("main")).to_contain_text("There is no monitoring report on record for")

    press(page, "link", re.compile("^Change impact and equality"))
    page.get_by_label("The impact on service users").fill(
        "About 40 people a year would be referred elsewhere"
    )
    page.get_by_label("The equality impact assessment").fill("Younger victims are most affected")
    press(page, "button", "Save and continue")
    press(page, "link", re.compile("^Change exit or transition plan"))
    page.get_by_label("People supported now").fill("38")
    page.get_by_label("Where they will go").fill("To the county victim hub, with their consent")
    press(page, "button", "Save and continue")
    press(page, "link", re.compile("^Change notice"))
    _type_date(page, "Date notice is given", today)
    _type_date(page, "Date the agreement ends", add_months(today, 2))
    press(page, "button", "Save and continue")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The notice must be at least 3 months")
    _type_date(page, "Date the agreement ends", add_months(today, 4))
    press(page, "button", "Save and continue")
    expect(page.locator("main")).to_contain_text("Notice saved")

    report(agreement)
    page.reload()
    press(page, "button", "Propose for decision")
    press(page, "button", "Propose for decision")
    expect(page.locator("main")).to_contain_text("Monitoring report cited")
    press(page, "link", re.compile("^Record the provider's response"))
    page.get_by_label("The provider's response").fill("We understand and will help people move")
    press(page, "button", "Save the response")
    reference = page.locator(".govuk-caption-xl").inner_text().removeprefix("Decommissioning ")

    page.context.clear_cookies()
    sign_in(page, "commissioner@example.org", PASSWORD)
    visit(page, "/staff/decommissioning/?status=proposed")
    press(page, "link", reference)
    press(page, "button", "Decide")
    expect(page.locator("main")).to_contain_text("£80,000.00")
    expect(page.locator("main")).to_contain_text("which covers it")
    page.get_by_label("Public", exact=True).check()
    press(page, "button", "Decide and publish the decision")
    expect(page.locator("main")).to_contain_text("Decided by Connie Commissioner")

    page.context.clear_cookies()
    visit(page, "/decisions/?about=decommissioning")
    expect(page.get_by_role("table")).to_contain_text(f"Decommissioning {reference}")
