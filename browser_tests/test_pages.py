"""The shared pages in a real browser: sign in and out, the public pages, the dashboard, settings and errors."""

from playwright.sync_api import Page, expect

from commissioning.accounts.roles import Role

from .conftest import BROWSER, PASSWORD, assert_accessible, sign_in, visit

pytestmark = BROWSER


def test_the_home_page_and_accessibility_statement(page: Page) -> None:
    visit(page, "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Accessibility statement").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")


def test_a_staff_member_signs_in_and_out(page: Page, staff_member) -> None:
    staff_member(Role.COMMISSIONING_OFFICER, full_name="Olive Officer", email="olive@example.org")
    visit(page, "/")
    page.get_by_role("link", name="Sign in").first.click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("olive@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_text("Signed in as Olive Officer")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    visit(page, "/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_wrong_password_is_explained(page: Page, staff_member) -> None:
    staff_member(Role.AUDITOR, email="aud@example.org")
    visit(page, "/account/sign-in/")
    page.get_by_label("Email address").fill("aud@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_label("Password").press("Enter")
    assert_accessible(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title("Error: Sign in – OpenCommissioning")


def test_an_empty_sign_in_form_is_explained(page: Page) -> None:
    visit(page, "/account/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")


def test_the_administrator_renames_the_commissioning_body(page: Page, staff_member) -> None:
    staff_member(Role.ADMINISTRATOR, email="admin@example.org")
    sign_in(page, "admin@example.org", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Settings").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning body")

    page.get_by_label("Name", exact=True).fill("Office of the Example Mayor")
    page.get_by_label("Short name").fill("OEM")
    page.get_by_label("360Giving publisher prefix").fill("360G-oem")
    page.get_by_label("Organisation identifier").fill("GB-GOR-PC000999")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("header")).to_contain_text("Office of the Example Mayor")
    expect(page).to_have_title("Commissioning body – OEM")
    expect(page.locator("#history")).to_be_visible()

    page.get_by_role("link", name="View full history").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Office of the Example Mayor")
    expect(page.get_by_role("table", name="Changes to this record, newest first")).to_contain_text(
        "Office of the Example Mayor"
    )


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page: Page) -> None:
    visit(page, "/accessibility/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_a_missing_page(page: Page) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_page_for_another_role_is_refused_plainly(page: Page, staff_member) -> None:
    staff_member(Role.ASSESSOR, email="assessor@example.org")
    sign_in(page, "assessor@example.org", PASSWORD)
    response = page.goto("/staff/settings/")
    assert response is not None and response.status == 403
    assert_accessible(page)


def test_the_scan_finds_violations(page: Page) -> None:
    """The harness itself: a page with an unlabelled field and no language must fail the scan, naming both."""
    import pytest

    from .conftest import AccessibilityViolations

    page.set_content(
        "<!DOCTYPE html><html><head><title>Bad</title></head><body><main><input></main></body></html>"
    )
    with pytest.raises(AccessibilityViolations) as failure:
        assert_accessible(page)
    assert "label" in str(failure.value)
    assert "html-has-lang" in str(failure.value)
    assert "at input" in str(failure.value)
