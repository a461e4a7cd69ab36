"""Who may see boards and change their agendas, asked of the permission table (accounts/permissions.py). Views load
boards, meetings, agenda items and packs only here.

Staff who read every record see boards, meetings and packs (`board.view`); commissioning officers and
administrators add meetings, change agendas (`board.edit`) and generate packs (`board_pack.build`). Anyone else is
refused with the table's reason, and a record that does not exist is "not found".
"""

from django.http import Http404

from commissioning.accounts.permissions import may, require
from commissioning.audit.workflow import MoveOption, allowed_moves

from .models import AgendaItem, Board, BoardPack, Meeting, MeetingStatus, PackStatus
from .selectors import meeting_with_board, pack_with_meeting
from .workflows import MEETING_MOVES_DONE


def may_edit_boards(user: object) -> bool:
    return may(user, "board.edit")


def board_for(user: object, pk: int) -> Board:
    require(user, "board.view")
    board = Board.objects.select_related("chair").filter(pk=pk).first()
    if board is None:
        raise Http404("No board found")
    return board


def meeting_for(user: object, pk: int, *, edit: bool = False) -> Meeting:
    """The meeting, with its board; `edit` asks whether the person may change it."""
    require(user, "board.edit" if edit else "board.view")
    meeting = meeting_with_board(pk)
    if meeting is None:
        raise Http404("No meeting found")
    return meeting


def agenda_item_for(user: object, meeting: Meeting, pk: int) -> AgendaItem:
    """An item of this meeting's agenda, for someone who may change it; another meeting's item is "not found"."""
    require(user, "board.edit", meeting)
    item = AgendaItem.objects.select_related("agreement", "meeting").filter(pk=pk, meeting=meeting).first()
    if item is None:
        raise Http404("No agenda item found")
    return item


def pack_for(user: object, pk: int) -> BoardPack:
    require(user, "board.view")
    pack = pack_with_meeting(pk)
    if pack is None:
        raise Http404("No board pack found")
    return pack


def pack_pdf_for(user: object, pk: int) -> BoardPack:
    """A pack whose PDF is ready; "not found" while it is being made, or when it failed."""
    pack = pack_for(user, pk)
    if pack.status != PackStatus.DONE or not pack.pdf:
        raise Http404("This board pack has no PDF")
    return pack


def meeting_moves(user: object, meeting: Meeting) -> list[MoveOption]:
    """The moves the person may make to the meeting now, for its buttons: held, cancelled, then reinstated."""
    order = list(MEETING_MOVES_DONE)
    moves = [move for move in allowed_moves(meeting, user) if move.allowed]
    return sorted(moves, key=lambda move: order.index(move.to) if move.to in order else len(order))


def may_build_pack(user: object, meeting: Meeting) -> bool:
    """A cancelled meeting needs no board pack."""
    return meeting.status != MeetingStatus.CANCELLED and may(user, "board_pack.build", meeting)
