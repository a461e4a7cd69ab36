"""Needs assessments in a real browser, by keyboard: an officer writes one (first leaving out a priority, which is
explained), with evidence, then revises it, leaving out a piece of evidence and giving the reason; the earlier
version stays readable. Every page is scanned for WCAG 2.2 AA."""

import re

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.plans.tests.factories import PlanFactory, PriorityFactory

from .conftest import BROWSER, PASSWORD, follow, press, sign_in, visit

pytestmark = BROWSER


def test_an_officer_writes_a_needs_assessment_and_revises_it(page: Page, staff_member) -> None:
    plan = PlanFactory.create(is_current=True)
    PriorityFactory.create(plan=plan, number=1, title="Prevent crime and keep people safe")
    PriorityFactory.create(plan=plan, number=2, title="Protect the most vulnerable")
    staff_member(Role.COMMISSIONING_OFFICER, email="officer@example.org", full_name="Olive Officer")

    sign_in(page, "officer@example.org", PASSWORD)
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs assessments")
    press(page, "button", "Write a needs assessment")
    page.get_by_label("Title of the needs assessment").fill("Young people at risk of exploitation")
    page.get_by_label("The need and demand").fill("County lines groom around 300 young people a year.")
    page.get_by_label("Gaps found").fill("No outreach in the rural north.")
    page.get_by_label("What this means for commissioning").fill("Commission detached youth work.")
    press(page, "button", "Save the needs assessment")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one priority the assessment is for"
    )
    expect(page.get_by_label("Gaps found")).to_have_value("No outreach in the rural north.")
    page.get_by_label("2. Protect the most vulnerable").check()
    first_slot = page.get_by_role("group", name="New evidence 1 (optional)")
    first_slot.get_by_label("Kind of evidence").select_option("consultation_public")
    first_slot.get_by_label("Title of the evidence").fill("Parents' survey")
    first_slot.get_by_label("What it shows").fill("Parents did not know where to turn.")
    second_slot = page.get_by_role("group", name="New evidence 2 (optional)")
    second_slot.get_by_label("Kind of evidence").select_option("data")
    second_slot.get_by_label("Title of the evidence").fill("Missing episodes")
    second_slot.get_by_label("Day").fill("31")
    second_slot.get_by_label("Month").fill("3")
    second_slot.get_by_label("Year").fill("2026")
    press(page, "button", "Save the needs assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Young people at risk of exploitation")
    expect(page.locator("main")).to_contain_text("Parents' survey")
    expect(page.locator("main")).to_contain_text("31 March 2026")

    press(page, "button", "Revise the assessment")
    page.get_by_label("The need and demand").fill("Now around 350 young people a year.")
    page.get_by_label("What changed, and why").fill("New figures; the parents' survey is out of date.")
    page.get_by_label("Consultation with the public: Parents' survey").uncheck()
    press(page, "button", "Save a new version")
    expect(page.locator(".govuk-caption-xl")).to_have_text("Needs assessment, version 2")
    expect(page.locator("main")).to_contain_text("Now around 350 young people a year.")
    expect(page.locator("main")).to_contain_text("Missing episodes")
    expect(page.get_by_role("table").last).to_contain_text("New figures; the parents' survey is out of date.")
    press(page, "link", "Version 1")
    expect(page.locator("main")).to_contain_text("This is an earlier version")
    expect(page.locator("main")).to_contain_text("County lines groom around 300 young people a year.")
    expect(page.locator("main")).to_contain_text("Parents' survey")
    visit(page, "/staff/needs/")
    expect(page.get_by_role("table")).to_contain_text("Young people at risk of exploitation")
