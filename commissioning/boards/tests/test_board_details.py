"""Boards' names are data: officers add a board and change its name, purpose or chair; a renamed board keeps its
meetings; bad input is explained and nothing is saved."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.boards.models import Board

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_board(client_as, officer):
    client = client_as(user=officer)
    assert "Add a board" in client.get(reverse("boards:list")).content.decode()
    response = client.post(
        reverse("boards:board-add"),
        {
            "name": " Victims' Services Board ",
            "purpose": "Oversees victim services",
            "chair_role": "Deputy PCC",
        },
    )
    board = Board.objects.get(name="Victims' Services Board")
    assert response.status_code == 302 and response["Location"] == reverse("boards:board", args=[board.pk])
    assert (board.purpose, board.chair_role) == ("Oversees victim services", "Deputy PCC")
    assert AuditEvent.objects.filter(action="create", record_id=str(board.pk)).exists()
    content = client.get(reverse("boards:list")).content.decode()
    assert "Victims&#x27; Services Board" in content and "Deputy PCC" in content


def test_a_renamed_board_keeps_its_meetings(client_as, officer, board, meeting):
    client = client_as(user=officer)
    url = reverse("boards:board-edit", args=[board.pk])
    assert (
        f'value="{escape(board.name)}"' in client.get(url).content.decode()
    )  # the form starts with what is there
    response = client.post(
        url, {"name": "Performance and Accountability Board", "purpose": "", "chair_role": ""}
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.name == "Performance and Accountability Board"
    assert list(board.meetings.all()) == [meeting]
    event = AuditEvent.objects.get(action="update", record_id=str(board.pk))
    assert event.after["name"] == "Performance and Accountability Board"


def test_bad_input_is_explained_and_nothing_is_saved(client_as, officer, board):
    client = client_as(user=officer)
    Board.objects.create(name="Commissioning and Policy Group")
    count = Board.objects.count()
    content = client.post(reverse("boards:board-add"), {"name": "   "}).content.decode()
    assert "There is a problem" in content and "Enter the name of the board" in content
    content = client.post(
        reverse("boards:board-add"), {"name": "commissioning and policy group"}
    ).content.decode()
    assert "There is already a board called commissioning and policy group" in content
    assert Board.objects.count() == count
    name = board.name
    content = client.post(
        reverse("boards:board-edit", args=[board.pk]), {"name": "Commissioning and Policy Group"}
    ).content.decode()
    assert "There is already a board called" in content
    board.refresh_from_db()
    assert board.name == name


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CHIEF_FINANCE_OFFICER, Role.PROVIDER])
def test_only_officers_and_administrators_change_boards(client_as, board, role):
    client = client_as(role)
    assert client.get(reverse("boards:board-add")).status_code == 403
    assert client.post(reverse("boards:board-edit", args=[board.pk]), {"name": "Renamed"}).status_code == 403
    board.refresh_from_db()
    assert board.name != "Renamed"


def test_a_board_that_does_not_exist_is_not_found(client_as, officer):
    assert client_as(user=officer).get(reverse("boards:board-edit", args=[999999])).status_code == 404
