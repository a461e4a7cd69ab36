"""Meetings and board packs on the one workflow primitive: each move writes one audit event and one history row,
the permission table decides who moves, the pack is built by the background task, and the meeting's buttons come
from allowed_moves in their order."""

import pytest

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history, transition, workflow_for
from commissioning.boards.access import meeting_moves
from commissioning.boards.models import (
    MEETING_TRANSITIONS,
    PACK_TRANSITIONS,
    BoardPack,
    Meeting,
    MeetingStatus,
    PackStatus,
)
from commissioning.boards.services import board_pack_build, board_pack_request
from commissioning.core.actors import BACKGROUND_TASK, DEMO_LOADER
from commissioning.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def test_the_registered_workflows_are_the_models_transition_tables():
    assert workflow_for(Meeting).table is MEETING_TRANSITIONS
    assert workflow_for(BoardPack).table is PACK_TRANSITIONS


def test_each_move_of_a_meeting_writes_one_audit_event_and_one_history_row(officer, meeting):
    for to in (MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED, MeetingStatus.HELD):
        transition(by=officer, record=meeting, to=to)
    moves = [(row.from_status, row.to_status, row.changed_by) for row in history(meeting)]
    assert moves == [
        (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED, officer),
        (MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED, officer),
        (MeetingStatus.SCHEDULED, MeetingStatus.HELD, officer),
    ]
    events = AuditEvent.objects.filter(
        record_type="boards.meeting", record_id=str(meeting.pk), action="transition"
    )
    assert [(e.before["status"], e.after["status"]) for e in events.order_by("sequence")] == [
        ("scheduled", "cancelled"),
        ("cancelled", "scheduled"),
        ("scheduled", "held"),
    ]


def test_only_those_who_change_boards_move_a_meeting(make_user, meeting):
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionRefused, match="You do not have a role that can change boards"):
        transition(by=auditor, record=meeting, to=MeetingStatus.HELD)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and not history(meeting).exists()


def test_the_meetings_buttons_come_from_allowed_moves_in_their_order(officer, make_user, meeting):
    assert [move.label for move in meeting_moves(officer, meeting)] == [
        "Record the meeting as held",
        "Cancel the meeting",
    ]
    assert meeting_moves(make_user(Role.AUDITOR), meeting) == []
    transition(by=officer, record=meeting, to=MeetingStatus.CANCELLED)
    assert [move.label for move in meeting_moves(officer, meeting)] == ["Reinstate the meeting"]


def test_a_pack_is_moved_by_the_background_task_and_its_history_says_so(officer, meeting, generate):
    pack = generate(by=officer, meeting=meeting)
    assert pack.status == PackStatus.DONE and pack.generated_by == officer
    moves = [(row.from_status, row.to_status, row.changed_by, row.actor_label) for row in history(pack)]
    assert moves == [
        (PackStatus.QUEUED, PackStatus.RUNNING, None, str(BACKGROUND_TASK)),
        (PackStatus.RUNNING, PackStatus.DONE, None, str(BACKGROUND_TASK)),
    ]
    events = AuditEvent.objects.filter(record_type="boards.boardpack", record_id=str(pack.pk))
    assert list(events.order_by("sequence").values_list("action", "actor_label")) == [
        ("request", officer.email),
        ("start", str(BACKGROUND_TASK)),
        ("generate", str(BACKGROUND_TASK)),
    ]
    # The trail does not copy the pack's content; the pack keeps it.
    assert "content" not in events.get(action="generate").after
    assert pack.content["header"]


def test_a_system_actor_the_table_does_not_name_cannot_build_a_pack(officer, meeting):
    pack = board_pack_request(by=officer, meeting=meeting)
    with pytest.raises(PermissionRefused, match="The demo data cannot build board packs"):
        board_pack_build(by=DEMO_LOADER, pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackStatus.QUEUED and not history(pack).exists()


def test_a_finished_pack_cannot_move_again(officer, meeting, generate):
    pack = generate(by=officer, meeting=meeting)
    with pytest.raises(InvalidTransition, match="A board pack that is ready cannot become failed"):
        transition(by=BACKGROUND_TASK, record=pack, to=PackStatus.FAILED)
