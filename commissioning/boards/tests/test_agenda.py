"""Meetings and agenda items through the services: appended in order, changed, moved up and down, audited."""

from datetime import date

import pytest

from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import transition
from commissioning.boards.models import AgendaItem, MeetingStatus
from commissioning.boards.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_update,
    meeting_create,
)
from commissioning.core.errors import DomainError, InvalidTransition

from .conftest import at

pytestmark = pytest.mark.django_db


def titles(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("order", "title"))


def test_a_meeting_is_created_scheduled_and_audited(officer, board):
    meeting = meeting_create(by=officer, board=board, starts_at=at(date(2027, 2, 3), 14), location=" Online ")
    assert (meeting.status, meeting.location, meeting.start_year) == (MeetingStatus.SCHEDULED, "Online", 2026)
    assert meeting.when == "2pm on 3 February 2027"
    assert AuditEvent.objects.filter(
        record_type="boards.meeting", record_id=str(meeting.pk), action="create"
    ).exists()
    with pytest.raises(DomainError, match="Enter where the meeting is held"):
        meeting_create(by=officer, board=board, starts_at=at(date(2027, 2, 3)), location="  ")


def test_a_meeting_in_march_belongs_to_the_financial_year_that_began_the_april_before(officer, board):
    meeting = meeting_create(by=officer, board=board, starts_at=at(date(2027, 3, 31)), location="HQ")
    assert meeting.start_year == 2026


def test_items_are_added_at_the_end_and_changed(officer, meeting):
    first = agenda_item_add(by=officer, meeting=meeting, title=" Minutes ", presenter=" Chair ")
    second = agenda_item_add(by=officer, meeting=meeting, title="Budget", needs_decision=True)
    assert titles(meeting) == [(1, "Minutes"), (2, "Budget")]
    assert first.presenter == "Chair" and second.needs_decision
    agenda_item_update(by=officer, item=second, title="Budget position", summary="For the year")
    second.refresh_from_db()
    assert (second.title, second.summary, second.needs_decision, second.order) == (
        "Budget position",
        "For the year",
        False,
        2,
    )
    assert AuditEvent.objects.filter(record_type="boards.agendaitem", record_id=str(second.pk)).count() == 2
    with pytest.raises(DomainError, match="Enter the title of the agenda item"):
        agenda_item_update(by=officer, item=second, title=" ")


def test_moving_swaps_with_the_neighbour_and_stays_put_at_either_end(officer, meeting):
    one, two, three = (agenda_item_add(by=officer, meeting=meeting, title=t) for t in ("One", "Two", "Three"))
    agenda_item_move(by=officer, item=three, direction="up")
    assert titles(meeting) == [(1, "One"), (2, "Three"), (3, "Two")]
    agenda_item_move(by=officer, item=one, direction="down")
    assert titles(meeting) == [(1, "Three"), (2, "One"), (3, "Two")]
    events = AuditEvent.objects.filter(action="move").count()
    assert events == 4  # each move records both items it swapped
    agenda_item_move(by=officer, item=AgendaItem.objects.get(title="Three"), direction="up")
    agenda_item_move(by=officer, item=AgendaItem.objects.get(title="Two"), direction="down")
    assert titles(meeting) == [(1, "Three"), (2, "One"), (3, "Two")]
    assert AuditEvent.objects.filter(action="move").count() == events
    with pytest.raises(DomainError):
        agenda_item_move(by=officer, item=two, direction="sideways")


def test_items_of_another_meeting_are_not_neighbours(officer, board, meeting):
    other = meeting_create(by=officer, board=board, starts_at=at(date(2027, 1, 5)), location="HQ")
    agenda_item_add(by=officer, meeting=other, title="Elsewhere")
    mine = agenda_item_add(by=officer, meeting=meeting, title="Mine")
    agenda_item_move(by=officer, item=mine, direction="up")
    assert titles(meeting) == [(1, "Mine")] and titles(other) == [(1, "Elsewhere")]


def test_a_meeting_is_held_or_cancelled_and_a_cancelled_one_reinstated(officer, meeting):
    transition(by=officer, record=meeting, to=MeetingStatus.CANCELLED)
    transition(by=officer, record=meeting, to=MeetingStatus.SCHEDULED)
    held = transition(by=officer, record=meeting, to=MeetingStatus.HELD)
    assert held.status == MeetingStatus.HELD
    assert AuditEvent.objects.filter(record_type="boards.meeting", action="transition").count() == 3
    for status in (MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED, "adjourned"):
        with pytest.raises(InvalidTransition, match="A meeting that is held cannot be changed that way"):
            transition(by=officer, record=meeting, to=status)
