"""A commissioning project in a real browser, by keyboard alone: an officer starts a project answering a needs
assessment (made here), links a current agreement in analyse, writes the plan (the service specification with an
outcome and its indicator, the options appraisal with a grant taken forward and chosen, all ten commissioning
principles answered), moves to do and launches a grant scheme carrying the project's outcomes, then moves to review
and records a conclusion. Every page is scanned for WCAG 2.2 AA."""

import re

from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.cycle.models import ProjectLaunch
from commissioning.cycle.tests.factories_projects import grant_fund, make_assessment, principles
from commissioning.grants.tests.factories import current_plan_priorities
from commissioning.organisations.tests.factories import OrganisationFactory

from .conftest import BROWSER, PASSWORD, assert_accessible, follow, press, sign_in, visit

pytestmark = BROWSER


def tick(target: Locator) -> None:
    """Tick a checkbox or choose a radio from the keyboard: focus it and press Space."""
    target.focus()
    target.press("Space")


def type_into(target: Locator, text: str) -> None:
    target.focus()
    target.fill(text)


def stage_page(page: Page, name: str) -> None:
    """Follow the project's stage link (Overview, Analyse, Plan, Do, Review) from its pages' stage navigation."""
    follow(
        page, page.get_by_role("navigation", name="Project stages").get_by_role("link", name=name, exact=True)
    )


def move(page: Page, stage: str, reason: str) -> None:
    tick(page.get_by_label(f"Move to {stage}"))
    type_into(page.get_by_label("Reason for the move"), reason)
    press(page, "button", "Move the project")
    expect(page.locator("main")).to_contain_text(f"Project moved to {stage}")


def test_an_officer_walks_a_project_from_needs_to_review_by_keyboard(page: Page, staff_member) -> None:
    officer = staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org", full_name="Olive Officer")
    priority = current_plan_priorities(2)[0]
    make_assessment(by=officer, priorities=[priority], title="Victims in rural areas")
    in_force = principles()
    fund = grant_fund(max_award="25000.00", months=12)
    agreement = make_agreement(
        by=officer,
        organisation=OrganisationFactory(name="Rural Victim Support"),
        fund=None,
        status=AgreementStatus.ACTIVE,
        priorities=[priority],
        title="Victim support in the villages",
    )

    sign_in(page, "officer@example.org", PASSWORD)
    visit(page, "/staff/projects/")
    press(page, "button", "Start a project")
    press(page, "button", "Save the project")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one priority the project answers"
    )
    type_into(page.get_by_label("Title"), "Rural outreach for victims")
    type_into(page.get_by_label("Summary"), "Support for victims who live far from town.")
    tick(page.get_by_label(f"{priority.number}. {priority.title}"))
    tick(page.get_by_label("Victims in rural areas"))
    press(page, "button", "Save the project")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rural outreach for victims")

    # Analyse: the needs, the agreements in the area (a suggestion linked), the money.
    stage_page(page, "Analyse")
    expect(page.locator("main")).to_contain_text("Victims in rural areas")
    expect(page.locator("main")).to_contain_text("Funds and their budget position")
    press(page, "button", f"Link {agreement.reference}")
    expect(page.get_by_role("region", name="Agreements linked to the project")).to_contain_text(
        agreement.reference
    )
    stage_page(page, "Overview")
    move(page, "plan", "We understand the need")

    # Plan: the specification, the appraisal and the choice, the principles.
    stage_page(page, "Plan")
    press(page, "link", "Write the specification")
    type_into(page.get_by_label("What is to be delivered"), "Outreach workers visiting victims in villages.")
    type_into(page.get_by_label("Outcome 1", exact=True), "Victims feel safer")
    type_into(page.get_by_label("Outcome 1, indicator 1: what is measured"), "Victims supported")
    type_into(page.get_by_label("Outcome 1, indicator 1: target"), "120")
    type_into(page.get_by_label("Outcome 1, indicator 1: unit (optional)"), "people")
    press(page, "button", "Save this version")
    expect(page.locator("main")).to_contain_text("Victims supported: target 120 people")

    press(page, "link", "Appraise grant")
    type_into(page.get_by_label("Benefits"), "Quick to award.")
    type_into(page.get_by_label("Restrictions"), "One-off money.")
    type_into(page.get_by_label("Legal requirements"), "A grant agreement.")
    type_into(page.get_by_label("Estimated value"), "40,000")
    type_into(page.get_by_label("How many months it would last"), "12")
    tick(page.get_by_label("Taken forward"))
    type_into(page.get_by_label("Why"), "Small and quick.")
    press(page, "button", "Save the appraisal")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "more than the largest maximum award, £25,000.00"
    )
    page.get_by_label("Estimated value").fill("")
    type_into(page.get_by_label("Estimated value"), "9,500")
    press(page, "button", "Save the appraisal")
    expect(page.locator("main")).to_contain_text("Appraisal of grant saved")

    press(page, "link", "Choose the mechanism")
    tick(page.get_by_label("Grant", exact=True))
    type_into(page.get_by_label("Reason"), "Small, quick, one-off work.")
    press(page, "button", "Choose this mechanism")
    expect(page.locator("main")).to_contain_text("Grant: Small, quick, one-off work.")

    press(page, "link", "Answer the principles")
    for principle in in_force:
        type_into(
            page.get_by_label(f"{principle.number}. {principle.text}"),
            f"Evidence for principle {principle.number}",
        )
    press(page, "button", "Save the answers")
    expect(page.locator("main")).not_to_contain_text("Not answered")

    # Do: move, and launch the grant scheme with the project's outcomes.
    stage_page(page, "Overview")
    move(page, "do", "The plan is complete")
    stage_page(page, "Do")
    press(page, "button", "Launch a grant scheme")
    fund_select = page.get_by_label("Fund")
    fund_select.focus()
    fund_select.press("ArrowDown")
    type_into(page.get_by_label("Scheme name"), "Rural outreach grants")
    type_into(page.get_by_label("Web address name"), "rural-outreach-grants")
    for name, (day, month, year) in {"opens_on": (1, 5, 2026), "closes_on": (1, 6, 2026)}.items():
        type_into(page.locator(f"#id_{name}_0"), str(day))
        type_into(page.locator(f"#id_{name}_1"), str(month))
        type_into(page.locator(f"#id_{name}_2"), str(year))
    press(page, "button", "Launch the grant scheme")
    expect(page.locator("main")).to_contain_text("Rural outreach grants")
    expect(page.locator("main")).to_contain_text("carrying specification version 1")
    launch = ProjectLaunch.objects.get()
    assert launch.scheme.fund == fund
    assert "Victims supported: target 120 people" in launch.scheme.outcomes
    assert list(launch.scheme.priorities.all()) == [priority]

    # Review: move, see the agreements, record a conclusion.
    stage_page(page, "Overview")
    expect(page.locator("main")).to_contain_text("1 launched")
    move(page, "review", "A year of returns to read")
    stage_page(page, "Review")
    expect(page.get_by_role("region", name="The project's agreements")).to_contain_text(agreement.reference)
    tick(page.get_by_label("Continue"))
    type_into(page.get_by_label("Reason"), "Returns and feedback are good.")
    press(page, "button", "Record the conclusion")
    expect(page.locator("main")).to_contain_text("Returns and feedback are good.")
    assert_accessible(page)
