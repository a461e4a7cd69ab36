"""Boards in a real browser: an officer opens the demo Monitoring Board meeting, adds an agenda item (a missing
title refused first), generates the board pack and reads it, downloads its PDF, and watches a pack in progress
update itself and turn into the finished pack. Every page is scanned for WCAG 2.2 AA."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import User
from commissioning.boards.models import BoardPack, Meeting, PackStatus
from commissioning.devtools.demo.boards import MONITORING_BOARD

from .conftest import BROWSER, assert_accessible, press, sign_in_demo, visit

pytestmark = BROWSER


@pytest.fixture
def settings_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Packs' PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_officer_generates_the_demo_meetings_board_pack(page: Page, demo: None, settings_media) -> None:  # noqa: ARG001
    meeting = Meeting.objects.get(board__name=MONITORING_BOARD)
    sign_in_demo(page, "officer@example.org")

    visit(page, "/staff/boards/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards")
    press(page, "link", MONITORING_BOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text(MONITORING_BOARD)
    press(page, "link", re.compile(r"^10am on "))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on")
    expect(page.get_by_text("Decision needed")).to_have_count(2)

    press(page, "link", "Add an agenda item")
    press(page, "button", "Add the item")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title of the agenda item")
    page.get_by_label("Title").fill("Any other business")
    page.get_by_label("Presented by").fill("Chair")
    press(page, "button", "Add the item")
    expect(page.get_by_text("Agenda item added")).to_be_visible()
    press(page, "button", re.compile(r"^Move up item 6, Any other business"))
    expect(page.locator("tr", has_text="Any other business")).to_contain_text("5. Any other business")

    press(page, "button", "Generate board pack")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack for the meeting on")
    for section in (
        "Budget position by fund",
        "Agreements by latest monitoring rating",
        "Overdue returns",
        "Open remedial action plans",
        "Feedback themes by service",
        "Items needing a decision",
    ):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="5. Any other business")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the board pack (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    finished = BoardPack.objects.filter(meeting=meeting, status=PackStatus.DONE).order_by("-pk").first()
    assert finished is not None and BoardPack.objects.filter(meeting=meeting).count() == 2

    # A pack part-way through: the page says which step it is on, updates itself, and shows the pack when done.
    officer = User.objects.get(email="officer@example.org")
    running = BoardPack.objects.create(
        meeting=meeting,
        status=PackStatus.RUNNING,
        steps_done=2,
        steps_total=7,
        current_step="overdue returns",
        generated_by=officer,
    )
    visit(page, f"/staff/boards/packs/{running.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Step 3 of 7: overdue returns")
    BoardPack.objects.filter(pk=running.pk).update(steps_done=3, current_step="remedial plans")
    expect(status).to_contain_text("Step 4 of 7: remedial plans")
    assert_accessible(page)
    BoardPack.objects.filter(pk=running.pk).update(
        status=PackStatus.DONE,
        steps_done=7,
        current_step="",
        content=finished.content,
        pdf=finished.pdf.name,
        generated_at=finished.generated_at,
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack for the meeting on")
    assert_accessible(page)

    press(page, "link", re.compile(r"^Meeting on "))
    expect(page.get_by_role("table", name="Earlier board packs")).to_be_visible()


def test_an_officer_adds_a_board_and_renames_it(page: Page, demo: None) -> None:  # noqa: ARG001
    sign_in_demo(page, "officer@example.org")
    visit(page, "/staff/boards/")
    press(page, "button", "Add a board")
    assert_accessible(page)
    press(page, "button", "Save the board")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the board")
    assert_accessible(page)
    page.get_by_label("Name").fill("Victims' Services Board")
    page.get_by_label("Who chairs it").fill("Deputy Police and Crime Commissioner")
    press(page, "button", "Save the board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Victims' Services Board")
    assert_accessible(page)
    press(page, "link", "Change the board's name, purpose or chair")
    page.get_by_label("Name").fill("Victims' Services Oversight Board")
    press(page, "button", "Save the board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Victims' Services Oversight Board")
    expect(page.locator("main")).to_contain_text("Deputy Police and Crime Commissioner")
