"""The audit trail pages in a real browser."""

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role
from commissioning.core.models import CommissioningBody
from commissioning.dashboard.services import body_update

from .conftest import BROWSER, PASSWORD, assert_accessible, sign_in

pytestmark = BROWSER


def test_an_auditor_reads_the_trail_a_history_and_checks_the_chain(page: Page, staff_member) -> None:
    admin = staff_member(Role.ADMINISTRATOR, full_name="Ada Admin")
    body = CommissioningBody(name="First name", short_name="FN", grant_identifier_prefix="360G-x")
    body_update(by=admin, body=body, data={"organisation_identifier": "GB-GOR-PC000001"})
    for n in range(30):
        body_update(by=admin, body=body, data={"name": f"Name {n}"})
    staff_member(Role.AUDITOR, email="auditor@example.org")

    sign_in(page, "auditor@example.org", PASSWORD)
    page.get_by_role("link", name="Audit trail").first.click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.locator("table")).to_contain_text("Ada Admin")

    page.get_by_role("link", name="Next page").click()
    assert_accessible(page)
    expect(page.locator("caption")).to_contain_text("page 2 of 2")

    page.get_by_label("Person").select_option(label="Ada Admin (person1@example.org)")
    page.get_by_role("button", name="Filter").click()
    assert_accessible(page)

    page.locator("table").get_by_role("link", name="Name 29").first.click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Name 29")
    expect(page.get_by_role("table", name="Changes to this record, newest first")).to_contain_text(
        "Name 28 → Name 29"
    )

    page.get_by_role("link", name="Audit trail").first.click()
    page.get_by_role("link", name="Check the audit trail is intact").click()
    assert_accessible(page)
    expect(page.locator(".govuk-panel")).to_contain_text("The audit trail is intact")
