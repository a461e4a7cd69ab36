"""Writes for boards: meetings, agenda items (added, changed, moved up or down) and board packs.

A board pack is asked for by `board_pack_request`, which records a queued pack and enqueues the background task
when that transaction commits. The task calls `board_pack_build`, which computes the pack's sections one step at a
time (recording its progress after each, so the progress page can say "Step 3 of 7: overdue returns"), then keeps
the content and the PDF on the pack. If anything fails the pack is marked failed with a message, and nothing else
changes: the meeting, its agenda and its earlier packs are untouched.
"""

import json
import logging
from datetime import datetime
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.permissions import require
from commissioning.agreements.models import Agreement
from commissioning.audit.services import audit_record, audited_save, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor
from commissioning.core.errors import DomainError
from commissioning.core.selectors import commissioning_body
from commissioning.core.services import refuse_name_in_use

from .models import (
    AgendaItem,
    Board,
    BoardPack,
    Meeting,
    MeetingStatus,
    PackStatus,
)
from .pdf import board_pack_pdf
from .selectors import PACK_STEPS, as_json, pack_header, pack_scope, read_content
from .workflows import pack_record

logger = logging.getLogger(__name__)

PDF_STEP = "the PDF"
STEPS_TOTAL = len(PACK_STEPS) + 1


# Boards -------------------------------------------------------------------------------------------------------


@transaction.atomic
def board_save(*, by: Actor, board: Board | None = None, name: str, purpose: str, chair_role: str) -> Board:
    """Add a board, or change one's name, purpose or chair (names are data: a board renamed keeps its meetings)."""
    require(by, "board.edit", board)
    name, purpose, chair_role = name.strip(), purpose.strip(), chair_role.strip()
    if not name:
        raise DomainError("Enter the name of the board", field="name")
    refuse_name_in_use(Board, name, instance=board, what="a board")
    board = board or Board()
    board.name, board.purpose, board.chair_role = name, purpose, chair_role
    audited_save(by=by, instance=board)
    return board


# Meetings and agendas ----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, by: Actor, board: Board, starts_at: datetime, location: str) -> Meeting:
    """Add a meeting of the board, scheduled. A meeting is then held, cancelled or reinstated through the workflow
    primitive (`audit.workflow.transition`, boards/workflows.py)."""
    require(by, "board.edit", board)
    location = (location or "").strip()
    if not location:
        raise DomainError("Enter where the meeting is held", field="location")
    meeting = Meeting(board=board, starts_at=starts_at, location=location, created_by=_person(by))
    audited_save(by=by, instance=meeting)
    return meeting


def _person(by: Actor) -> User:
    """Who a meeting or a pack names as asked for by: always a person (the table lets no system actor do so)."""
    if not isinstance(by, User):
        raise DomainError("Only a person can add a meeting or ask for a board pack")
    return by


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("board").get(pk=meeting.pk)


def _clean_item(*, title: str, summary: str, presenter: str) -> tuple[str, str, str]:
    title = (title or "").strip()
    if not title:
        raise DomainError("Enter the title of the agenda item", field="title")
    return title, (summary or "").strip(), (presenter or "").strip()


@transaction.atomic
def agenda_item_add(
    *,
    by: Actor,
    meeting: Meeting,
    title: str,
    summary: str = "",
    presenter: str = "",
    needs_decision: bool = False,
    agreement: Agreement | None = None,
) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    meeting = _locked_meeting(meeting)
    require(by, "board.edit", meeting)
    title, summary, presenter = _clean_item(title=title, summary=summary, presenter=presenter)
    last = (
        AgendaItem.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
    )
    item = AgendaItem(
        meeting=meeting,
        order=(last or 0) + 1,
        title=title,
        summary=summary,
        presenter=presenter,
        needs_decision=needs_decision,
        agreement=agreement,
    )
    audited_save(by=by, instance=item)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    by: Actor,
    item: AgendaItem,
    title: str,
    summary: str = "",
    presenter: str = "",
    needs_decision: bool = False,
    agreement: Agreement | None = None,
) -> AgendaItem:
    require(by, "board.edit", _locked_meeting(item.meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    item.title, item.summary, item.presenter = _clean_item(title=title, summary=summary, presenter=presenter)
    item.needs_decision = needs_decision
    item.agreement = agreement
    audited_save(by=by, instance=item)
    return item


@transaction.atomic
def agenda_item_move(*, by: Actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap an item with the one above ("up") or below ("down") it. At the top or bottom, it stays put."""
    if direction not in ("up", "down"):
        raise DomainError("Choose whether to move the item up or down")
    require(by, "board.edit", _locked_meeting(item.meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    neighbours = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    if direction == "up":
        other = neighbours.filter(order__lt=item.order).order_by("-order").first()
    else:
        other = neighbours.filter(order__gt=item.order).order_by("order").first()
    if other is None:
        return item
    before_item, before_other = snapshot(item), snapshot(other)
    mine, theirs = item.order, other.order
    # Order 0 is never used by an item, so it holds one of the two while they swap under the unique constraint.
    AgendaItem.objects.filter(pk=item.pk).update(order=0)
    AgendaItem.objects.filter(pk=other.pk).update(order=mine)
    AgendaItem.objects.filter(pk=item.pk).update(order=theirs)
    item.order, other.order = theirs, mine
    audit_record(by=by, action="move", instance=item, before=before_item, after=snapshot(item))
    audit_record(by=by, action="move", instance=other, before=before_other, after=snapshot(other))
    return item


# Board packs ---------------------------------------------------------------------------------------------------


@transaction.atomic
def board_pack_request(*, by: Actor, meeting: Meeting) -> BoardPack:
    """Record a new pack for the meeting, waiting to be generated, and queue the task that generates it when this
    transaction commits. Earlier packs are kept."""
    from .tasks import generate_board_pack

    meeting = _locked_meeting(meeting)
    require(by, "board_pack.build", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("The meeting is cancelled, so it needs no board pack")
    pack = BoardPack.objects.create(meeting=meeting, steps_total=STEPS_TOTAL, generated_by=_person(by))
    audit_record(by=by, action="request", instance=pack, after=pack_record(pack))
    transaction.on_commit(partial(generate_board_pack.enqueue, pack_id=pack.pk))
    return pack


def _progress(pack: BoardPack, *, steps_done: int, current_step: str) -> None:
    """Record how far the pack has got. Committed at once (outside any transaction), so the progress page sees
    it while the work goes on; progress is not a change to a record, so it is not audited."""
    BoardPack.objects.filter(pk=pack.pk).update(steps_done=steps_done, current_step=current_step)
    pack.steps_done, pack.current_step = steps_done, current_step


def _start(pack_id: int, *, by: Actor) -> BoardPack | None:
    """Move a queued pack to running; None if it is not waiting (another worker has it, or it is finished)."""
    with transaction.atomic():
        pack = (
            BoardPack.objects.select_for_update()
            .select_related("meeting__board", "generated_by")
            .filter(pk=pack_id)
            .first()
        )
        if pack is None or pack.status != PackStatus.QUEUED:
            return None
        transition(by=by, record=pack, to=PackStatus.RUNNING, changes={"steps_total": STEPS_TOTAL})
    return pack


def _fail(pack: BoardPack, *, by: Actor, step: int, label: str) -> None:
    transition(
        by=by,
        record=pack,
        to=PackStatus.FAILED,
        changes={
            "failure_message": (
                f"The board pack could not be generated: step {step} of {STEPS_TOTAL} ({label}) failed. "
                "Generate the pack again; if it fails again, tell the service's administrator."
            ),
            "generated_at": timezone.now(),
        },
    )


def board_pack_build(*, by: Actor, pack_id: int) -> BoardPack | None:
    """Generate a queued pack: each section in turn, then the PDF. Run by the background task (`by` is
    BACKGROUND_TASK, which the permission table allows `board_pack.build`); does nothing for a pack that is not
    waiting. Returns the pack as it ends (done or failed), or None if there was nothing to do.

    Each move of the pack goes through the workflow primitive. The pack's content is kept by the pack itself,
    saved with its move to done but not copied into the audit trail (it is the whole pack)."""
    pack = _start(pack_id, by=by)
    if pack is None:
        return None
    scope = pack_scope(pack.meeting)
    content: dict[str, Any] = {"header": as_json(pack_header(scope, body=commissioning_body().name))}
    step, label = 0, ""
    stored_name = ""
    try:
        for step, pack_step in enumerate(PACK_STEPS, start=1):
            label = pack_step.label
            _progress(pack, steps_done=step - 1, current_step=label)
            # Each section is read in its own transaction (a savepoint inside an outer one), so a failure leaves
            # the connection usable for recording it.
            with transaction.atomic():
                content[pack_step.key] = as_json(pack_step.compute(scope))
        step, label = STEPS_TOTAL, PDF_STEP
        _progress(pack, steps_done=step - 1, current_step=label)
        # The PDF is drawn from the content as it will be stored and read back by the pack's page.
        content = json.loads(json.dumps(content, cls=DjangoJSONEncoder))
        pdf = board_pack_pdf(read_content(content))
        stored_name = pack.pdf.storage.save(
            pack.pdf.field.generate_filename(pack, pack.pdf_filename), ContentFile(pdf)
        )
        with transaction.atomic():
            transition(
                by=by,
                record=pack,
                to=PackStatus.DONE,
                changes={
                    "content": content,
                    "pdf": stored_name,
                    "steps_done": STEPS_TOTAL,
                    "current_step": "",
                    "generated_at": timezone.now(),
                },
            )
        return pack
    except Exception:
        logger.exception("Board pack %s failed at step %s (%s)", pack.pk, step, label)
        if stored_name:
            pack.pdf.storage.delete(stored_name)
        _fail(pack, by=by, step=step, label=label)
        return BoardPack.objects.get(pk=pack.pk)
