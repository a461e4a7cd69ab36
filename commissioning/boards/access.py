"""Who may see boards and change their agendas. Views load boards, meetings, agenda items and packs only here.

Staff who read every record see boards, meetings and packs; commissioning officers and administrators add
meetings, change agendas and generate packs. Anyone else is refused, and a record that does not exist is "not
found".
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.roles import READ_ALL_ROLES, Role, has_role

from .models import AgendaItem, Board, BoardPack, Meeting
from .selectors import meeting_with_board, pack_with_meeting

READ_ROLES = tuple(READ_ALL_ROLES)
EDIT_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)


def may_edit_boards(user: Any) -> bool:
    return has_role(user, *EDIT_ROLES)


def _require_read(user: Any) -> None:
    if not has_role(user, *READ_ROLES):
        raise PermissionDenied("You do not have a role that can see boards.")


def _require_edit(user: Any) -> None:
    if not may_edit_boards(user):
        raise PermissionDenied(
            "Only commissioning officers and administrators can change meetings and packs."
        )


def board_for(user: Any, pk: int) -> Board:
    _require_read(user)
    board = Board.objects.select_related("chair").filter(pk=pk).first()
    if board is None:
        raise Http404("No board found")
    return board


def meeting_for(user: Any, pk: int, *, edit: bool = False) -> Meeting:
    """The meeting, with its board; `edit` asks for a role that may change it."""
    if edit:
        _require_edit(user)
    else:
        _require_read(user)
    meeting = meeting_with_board(pk)
    if meeting is None:
        raise Http404("No meeting found")
    return meeting


def agenda_item_for(user: Any, meeting: Meeting, pk: int) -> AgendaItem:
    """An item of this meeting's agenda, for someone who may change it; another meeting's item is "not found"."""
    _require_edit(user)
    item = AgendaItem.objects.select_related("agreement", "meeting").filter(pk=pk, meeting=meeting).first()
    if item is None:
        raise Http404("No agenda item found")
    return item


def pack_for(user: Any, pk: int) -> BoardPack:
    _require_read(user)
    pack = pack_with_meeting(pk)
    if pack is None:
        raise Http404("No board pack found")
    return pack
