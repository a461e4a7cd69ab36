"""The workflows of boards on the one workflow primitive: a meeting (MEETING_TRANSITIONS) is recorded as held,
cancelled or reinstated by those who change boards; a board pack (PACK_TRANSITIONS) is started, finished or failed
by whoever builds packs, which is the background task that generates it."""

from typing import Any

from commissioning.audit.services import snapshot
from commissioning.audit.workflow import Workflow, register

from .models import (
    MEETING_TRANSITIONS,
    PACK_TRANSITIONS,
    BoardPack,
    Meeting,
    MeetingStatus,
    PackStatus,
)

M = MeetingStatus
P = PackStatus


# The order the meeting's buttons are shown in, and what the page says when each move has been made.
MEETING_MOVES_DONE: dict[str, str] = {
    M.HELD: "Meeting recorded as held",
    M.CANCELLED: "Meeting cancelled",
    M.SCHEDULED: "Meeting reinstated",
}

MEETING_WORKFLOW = register(
    Workflow(
        model=Meeting,
        table=MEETING_TRANSITIONS,
        actions={M.HELD: "board.edit", M.CANCELLED: "board.edit", M.SCHEDULED: "board.edit"},
        noun="meeting",
        choices=MeetingStatus,
        refusal="A meeting that is {current} cannot be changed that way",
        verbs={M.HELD: "transition", M.CANCELLED: "transition", M.SCHEDULED: "transition"},
        labels={
            M.HELD: "Record the meeting as held",
            M.CANCELLED: "Cancel the meeting",
            M.SCHEDULED: "Reinstate the meeting",
        },
    )
)


def pack_record(pack: BoardPack) -> dict[str, Any]:
    """What the audit trail keeps of a pack: everything but its content, which the pack itself keeps."""
    record = snapshot(pack)
    record.pop("content", None)
    return record


PACK_WORKFLOW = register(
    Workflow(
        model=BoardPack,
        table=PACK_TRANSITIONS,
        actions={P.RUNNING: "board_pack.build", P.DONE: "board_pack.build", P.FAILED: "board_pack.build"},
        noun="board pack",
        choices=PackStatus,
        refusal="A board pack that is {current} cannot become {target}",
        verbs={P.RUNNING: "start", P.DONE: "generate", P.FAILED: "fail"},
        audit_view=pack_record,
    )
)
