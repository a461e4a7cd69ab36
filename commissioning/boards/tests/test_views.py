"""Board pages through HTTP: who may see and change them, bad input, the pack's progress, page and PDF."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.boards.models import AgendaItem, Board, BoardPack, Meeting, PackStatus
from commissioning.boards.services import STEPS_TOTAL, agenda_item_add, meeting_create
from commissioning.finance.models import Allocation

from .conftest import at
from .world import build_world

pytestmark = pytest.mark.django_db

NOT_READERS = [Role.PROVIDER, Role.ASSESSOR, Role.PARTNER_ADMINISTRATOR]
READ_ONLY = [Role.AUDITOR, Role.COMMISSIONER, Role.CHIEF_EXECUTIVE, Role.CHIEF_FINANCE_OFFICER]


@pytest.fixture
def item(officer, meeting):
    return agenda_item_add(by=officer, meeting=meeting, title="Minutes of the last meeting")


def urls(board, meeting, item, pack=None):
    pages = {
        "list": reverse("boards:list"),
        "board": reverse("boards:board", args=[board.pk]),
        "meeting": reverse("boards:meeting", args=[meeting.pk]),
        "meeting-add": reverse("boards:meeting-add", args=[board.pk]),
        "item-add": reverse("boards:item-add", args=[meeting.pk]),
        "item-edit": reverse("boards:item-edit", args=[meeting.pk, item.pk]),
    }
    if pack is not None:
        pages["pack"] = reverse("boards:pack", args=[pack.pk])
        pages["pack-progress"] = reverse("boards:pack-progress", args=[pack.pk])
        pages["pack-pdf"] = reverse("boards:pack-pdf", args=[pack.pk])
    return pages


@pytest.mark.parametrize("role", NOT_READERS)
def test_people_who_do_not_read_every_record_are_refused_every_page(
    client_as, role, board, meeting, item, officer, generate
):
    pack = generate(by=officer, meeting=meeting)
    client = client_as(role)
    for name, url in urls(board, meeting, item, pack).items():
        assert client.get(url).status_code == 403, name
    for url in (
        reverse("boards:item-move", args=[meeting.pk, item.pk]),
        reverse("boards:pack-generate", args=[meeting.pk]),
    ):
        assert client.post(url, {"direction": "up"}).status_code == 403
    assert BoardPack.objects.count() == 1


def test_the_public_is_sent_to_sign_in(client, board, meeting, item, officer, generate):
    pack = generate(by=officer, meeting=meeting)
    for name, url in urls(board, meeting, item, pack).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_see_boards_but_cannot_change_them_or_generate_packs(
    client_as, role, board, meeting, item, officer, generate
):
    pack = generate(by=officer, meeting=meeting)
    client = client_as(role)
    pages = urls(board, meeting, item, pack)
    for name in ("list", "board", "meeting", "pack", "pack-progress", "pack-pdf"):
        assert client.get(pages[name]).status_code == 200, name
    page = client.get(pages["meeting"]).content.decode()
    assert "Generate board pack" not in page and "Add an agenda item" not in page and "Move up" not in page
    assert "Add a meeting" not in client.get(pages["board"]).content.decode()
    for name in ("meeting-add", "item-add", "item-edit"):
        assert client.get(pages[name]).status_code == 403, name
        assert client.post(pages[name], {"title": "Sneaky", "location": "Here"}).status_code == 403, name
    assert client.post(reverse("boards:pack-generate", args=[meeting.pk])).status_code == 403
    assert (
        client.post(reverse("boards:item-move", args=[meeting.pk, item.pk]), {"direction": "up"}).status_code
        == 403
    )
    assert BoardPack.objects.count() == 1
    assert list(AgendaItem.objects.values_list("title", flat=True)) == ["Minutes of the last meeting"]


def test_records_that_do_not_exist_are_not_found(client_as, meeting, item):
    client = client_as(Role.COMMISSIONING_OFFICER)
    for url in (
        reverse("boards:board", args=[999]),
        reverse("boards:meeting", args=[999]),
        reverse("boards:item-add", args=[999]),
        reverse("boards:pack", args=[999]),
        reverse("boards:pack-pdf", args=[999]),
        reverse("boards:pack-progress", args=[999]),
        reverse("boards:item-edit", args=[meeting.pk, 999]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_item_of_another_meeting_is_not_found(client_as, officer, board, item):
    other = meeting_create(by=officer, board=board, starts_at=at(date(2027, 1, 12)), location="Online")
    client = client_as(Role.COMMISSIONING_OFFICER)
    assert client.get(reverse("boards:item-edit", args=[other.pk, item.pk])).status_code == 404
    response = client.post(reverse("boards:item-move", args=[other.pk, item.pk]), {"direction": "down"})
    assert response.status_code == 404


def test_the_boards_list_and_a_boards_meetings(client_as, officer, board, meeting):
    Board.objects.create(name="Commissioning and Policy Group", purpose="Sets commissioning intentions")
    client = client_as(Role.AUDITOR)
    page = client.get(reverse("boards:list")).content.decode()
    assert "Commissioner&#x27;s Monitoring Board" in page and "Commissioning and Policy Group" in page
    assert "<caption" in page
    page = client.get(reverse("boards:board", args=[board.pk])).content.decode()
    assert "10am on 8 December 2026" in page and "Police HQ, Devizes" in page


def test_lists_answer_in_bounded_queries_however_many_rows(
    client_as, officer, board, meeting, django_assert_max_num_queries, generate
):
    for n in range(12):
        extra = Board.objects.create(name=f"Board {n}")
        meeting_create(
            by=officer, board=extra, starts_at=at(date(2026, 5, 1) + timedelta(days=n)), location="HQ"
        )
    for n in range(30):
        meeting_create(
            by=officer, board=board, starts_at=at(date(2025, 4, 1) + timedelta(days=n)), location="HQ"
        )
    for n in range(15):
        agenda_item_add(by=officer, meeting=meeting, title=f"Item {n}", needs_decision=n % 2 == 0)
    for _ in range(4):
        generate(by=officer, meeting=meeting)
    client = client_as(Role.COMMISSIONING_OFFICER)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("boards:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("boards:board", args=[board.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(reverse("boards:meeting", args=[meeting.pk]))
    assert response.content.decode().count("Move up") == 14
    assert response.content.decode().count("Earlier board packs") == 1
    pack = BoardPack.objects.filter(meeting=meeting).first()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("boards:pack", args=[pack.pk])).status_code == 200


def test_an_officer_adds_a_meeting(client_as, board):
    client = client_as(Role.COMMISSIONING_OFFICER)
    url = reverse("boards:meeting-add", args=[board.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "held_on_0": "12",
            "held_on_1": "1",
            "held_on_2": "2027",
            "starts_at": "2:30pm",
            "location": "Council chamber",
        },
    )
    meeting = Meeting.objects.get(board=board)
    assert response.status_code == 302 and response["Location"] == reverse(
        "boards:meeting", args=[meeting.pk]
    )
    assert meeting.when == "2:30pm on 12 January 2027"


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Enter the date of the meeting"),
        (
            {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2027"},
            "The date of the meeting must be a real date",
        ),
        ({"starts_at": "25:99"}, "Enter the start time as a time of day, like 10:00 or 2:30pm"),
        ({"location": "   "}, "Enter where the meeting is held"),
    ],
)
def test_bad_meeting_details_get_clear_messages(client_as, board, data, message):
    good = {"held_on_0": "12", "held_on_1": "1", "held_on_2": "2027", "starts_at": "10:00", "location": "HQ"}
    response = client_as(Role.COMMISSIONING_OFFICER).post(
        reverse("boards:meeting-add", args=[board.pk]), {**good, **data} if data else {}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not Meeting.objects.exists()


def test_an_officer_adds_changes_and_moves_agenda_items(client_as, officer, meeting, cfo):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    client = client_as(Role.COMMISSIONING_OFFICER)
    response = client.post(
        reverse("boards:item-add", args=[meeting.pk]),
        {
            "title": "<script>alert(1)</script> Recommission",
            "summary": "Options for the service",
            "presenter": "Head of Commissioning",
            "needs_decision": "on",
            "agreement_reference": world.amber.reference.lower(),
        },
    )
    assert response.status_code == 302
    added = AgendaItem.objects.get(meeting=meeting, order=3)
    assert added.agreement == world.amber and added.needs_decision
    page = client.get(reverse("boards:meeting", args=[meeting.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Decision needed" in page and world.amber.reference in page

    edit = reverse("boards:item-edit", args=[meeting.pk, added.pk])
    page = client.get(edit).content.decode()
    assert world.amber.reference in page and 'value="Save the item"' in page
    assert (
        'value="Add the item"' in client.get(reverse("boards:item-add", args=[meeting.pk])).content.decode()
    )
    response = client.post(edit, {"title": "Recommission", "agreement_reference": ""})
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.title, added.agreement, added.needs_decision) == ("Recommission", None, False)

    move = reverse("boards:item-move", args=[meeting.pk, added.pk])
    assert client.get(move).status_code == 405
    response = client.post(move, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{added.pk}")
    titles = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", flat=True)
    )
    assert titles == ["Extend the advisers' contract", "Recommission", "Minutes of the last meeting"]
    client.post(move, {"direction": "sideways"})
    titles_after = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", flat=True)
    )
    assert titles_after == titles


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Enter the title of the agenda item"),
        ({"title": "x" * 251}, "Ensure this value has at most 250 characters"),
        (
            {"title": "Item", "agreement_reference": "GRANT-1999-0001"},
            "There is no agreement with the reference",
        ),
        (
            {"title": "Item", "agreement_reference": "'; DROP TABLE x; --"},
            "There is no agreement with the reference",
        ),
    ],
)
def test_bad_agenda_items_get_clear_messages(client_as, meeting, data, message):
    response = client_as(Role.ADMINISTRATOR).post(reverse("boards:item-add", args=[meeting.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not AgendaItem.objects.exists()


def test_generating_a_pack_shows_it_when_finished_and_keeps_earlier_ones(
    client_as, officer, meeting, cfo, django_capture_on_commit_callbacks
):
    build_world(by=officer, meeting=meeting, cfo=cfo)
    client = client_as(Role.COMMISSIONING_OFFICER)
    url = reverse("boards:pack-generate", args=[meeting.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    pack = BoardPack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("boards:pack", args=[pack.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Board pack for the meeting on 8 December 2026" in page
    for words in (
        "Budget position by fund",
        "Victims Fund",
        "£500,000.00",
        "Independent sexual violence advisers",
        "Open remedial action plans",
        "Communication: 2",
        "Extend the advisers&#x27; contract",
    ):
        assert words in page, words
    assert "<svg" in page and 'role="img"' in page and "Budget position by fund, 2026/27" in page
    assert page.index(">Red<") < page.index(">Amber<") < page.index(">Not yet rated<") < page.index(">Green<")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    page = client.get(reverse("boards:meeting", args=[meeting.pk])).content.decode()
    assert BoardPack.objects.filter(meeting=meeting, status=PackStatus.DONE).count() == 2
    assert "Earlier board packs" in page and reverse("boards:pack", args=[pack.pk]) in page


def test_the_pack_page_shows_the_snapshot_not_live_data(client_as, officer, meeting, cfo, generate):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    pack = generate(by=officer, meeting=meeting)
    Allocation.objects.filter(fund=world.victims).update(amount="999999.00")
    AgendaItem.objects.filter(pk=world.decision.pk).update(title="Changed after the pack")
    page = client_as(Role.AUDITOR).get(reverse("boards:pack", args=[pack.pk])).content.decode()
    assert "£500,000.00" in page and "£999,999.00" not in page
    assert "Extend the advisers" in page and "Changed after the pack" not in page


def test_while_a_pack_is_made_the_page_shows_its_progress_and_polls_for_more(client_as, officer, meeting):
    pack = BoardPack.objects.create(
        meeting=meeting,
        status=PackStatus.RUNNING,
        steps_done=2,
        steps_total=STEPS_TOTAL,
        current_step="overdue returns",
        generated_by=officer,
    )
    client = client_as(Role.AUDITOR)
    page = client.get(reverse("boards:pack", args=[pack.pk])).content.decode()
    assert "Generating the board pack" in page
    assert 'role="status"' in page and "Step 3 of 7: overdue returns" in page
    assert 'data-progress-url="' + reverse("boards:pack-progress", args=[pack.pk]) in page
    assert client.get(reverse("boards:pack-pdf", args=[pack.pk])).status_code == 404
    progress = client.get(reverse("boards:pack-progress", args=[pack.pk])).json()
    assert progress["message"] == "Step 3 of 7: overdue returns"
    assert (progress["finished"], progress["steps_done"], progress["steps_total"]) == (False, 2, 7)

    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.FAILED, failure_message="It broke at step 3"
    )
    page = client.get(reverse("boards:pack", args=[pack.pk])).content.decode()
    assert "The board pack could not be generated" in page and "It broke at step 3" in page
    assert "data-progress-url" not in page
    assert client.get(reverse("boards:pack-progress", args=[pack.pk])).json()["finished"] is True


def test_the_pdf_downloads_as_an_attachment(client_as, officer, meeting, generate):
    pack = generate(by=officer, meeting=meeting)
    response = client_as(Role.COMMISSIONER).get(reverse("boards:pack-pdf", args=[pack.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "attachment" in response["Content-Disposition"]
        and pack.pdf_filename in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_cancelled_meeting_offers_no_pack(client_as, meeting):
    meeting.status = "cancelled"
    meeting.save()
    client = client_as(Role.COMMISSIONING_OFFICER)
    assert (
        "Generate board pack" not in client.get(reverse("boards:meeting", args=[meeting.pk])).content.decode()
    )
    response = client.post(reverse("boards:pack-generate", args=[meeting.pk]), follow=True)
    assert "The meeting is cancelled" in response.content.decode()
    assert not BoardPack.objects.exists()


def test_an_officer_records_a_meeting_as_held_and_others_cannot(client_as, meeting):
    url = reverse("boards:meeting-status", args=[meeting.pk])
    assert client_as(Role.AUDITOR).post(url, {"status": "held"}).status_code == 403
    client = client_as(Role.COMMISSIONING_OFFICER)
    page = client.get(reverse("boards:meeting", args=[meeting.pk])).content.decode()
    assert page.index("Record the meeting as held") < page.index("Cancel the meeting")
    assert client.get(url).status_code == 405
    page = client.post(url, {"status": "held"}, follow=True).content.decode()
    assert "Meeting recorded as held" in page and "Record the meeting as held" not in page
    meeting.refresh_from_db()
    assert meeting.status == "held"
    page = client.post(url, {"status": "<script>x</script>"}, follow=True).content.decode()
    assert "A meeting that is held cannot be changed that way" in page
