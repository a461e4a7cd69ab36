"""Demo boards: the Commissioner's Monitoring Board and the Commissioning and Policy Group; a Monitoring Board
meeting with an agenda (two items asking for a decision) and a generated board pack.

Safe to run again: boards are matched by name, a board that has meetings keeps them, a meeting with an agenda
keeps it, and a meeting with a pack is given no other, so a second run changes nothing and writes no audit event.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.boards.models import Board, BoardPack, Meeting, PackStatus
from commissioning.boards.services import (
    agenda_item_add,
    board_pack_build,
    board_pack_request,
    meeting_create,
)
from commissioning.core.actors import BACKGROUND_TASK, Actor
from commissioning.core.selectors import commissioning_body
from commissioning.devtools.demo.support import demo_upsert

MONITORING_BOARD = "Commissioner's Monitoring Board"
POLICY_GROUP = "Commissioning and Policy Group"
LOCATION = "Office of the Police and Crime Commissioner, London Road, Devizes"


def _meeting(*, by: Actor, board: Board, days_ahead: int, hour: int) -> Meeting:
    existing = Meeting.objects.filter(board=board).order_by("starts_at", "pk").first()
    if existing is not None:
        return existing
    day = timezone.localdate() + timedelta(days=days_ahead)
    starts_at = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    return meeting_create(by=by, board=board, starts_at=starts_at, location=LOCATION)


def _agreement(words: str) -> Agreement | None:
    """A running demo service whose title has these words, if the demo has one."""
    return (
        Agreement.objects.filter(status=AgreementStatus.ACTIVE, title__icontains=words)
        .order_by("-value", "reference")
        .first()
    )


def _agenda(body: Any) -> list[tuple[str, str, str, str]]:
    """(title, summary, presenter, words in the title of the service a decision is about, or "" for information)."""
    return [
        ("Minutes and actions of the last meeting", "", "", ""),
        (
            "Budget position by fund",
            "Allocated, committed, paid and available for each fund this financial year.",
            body.chief_finance_officer_title,
            "",
        ),
        (
            "Performance exceptions",
            "Services rated red or amber at their latest review, overdue returns and remedial plans.",
            "Head of Commissioning and Policy",
            "",
        ),
        (
            "Extend the independent sexual violence advisers service for six months",
            "An extension while the service is recommissioned, funded from this year's Victims Fund.",
            "Head of Commissioning and Policy",
            "sexual violence",
        ),
        (
            "Fund a second year of the night-time economy patrols",
            "The patrols' first-year results and the options for a second year, with the recommended mechanism.",
            "Commissioning officer",
            "night-time economy",
        ),
    ]


def load(*, by: Actor) -> None:
    body = commissioning_body()
    commissioner = User.objects.filter(email="commissioner@example.org").first()
    monitoring = demo_upsert(
        Board,
        by=by,
        lookup={"name": MONITORING_BOARD},
        values={
            "purpose": (
                "The Commissioner holds the Chief Executive, the Chief Finance Officer and the office's staff to "
                "account, and reviews how the services the office commissions are performing."
            ),
            "chair_role": body.commissioner_title,
            "chair": commissioner,
        },
    )
    policy = demo_upsert(
        Board,
        by=by,
        lookup={"name": POLICY_GROUP},
        values={
            "purpose": (
                "Officers present commissioning intentions, options appraisals and policy to the Commissioner "
                "for direction before decisions are taken."
            ),
            "chair_role": body.commissioner_title,
            "chair": commissioner,
        },
    )
    _meeting(by=by, board=policy, days_ahead=28, hour=14)

    meeting = _meeting(by=by, board=monitoring, days_ahead=14, hour=10)
    if not meeting.agenda_items.exists():
        for title, summary, presenter, service in _agenda(body):
            agenda_item_add(
                by=by,
                meeting=meeting,
                title=title,
                summary=summary,
                presenter=presenter,
                needs_decision=bool(service),
                agreement=_agreement(service) if service else None,
            )
    if not BoardPack.objects.filter(meeting=meeting).exists():
        pack = board_pack_request(by=by, meeting=meeting)
        # Where the task has not run yet (a worker backend, or inside a caller's transaction), build it now; the
        # task leaves a finished pack alone.
        if BoardPack.objects.filter(pk=pack.pk, status=PackStatus.QUEUED).exists():
            board_pack_build(by=BACKGROUND_TASK, pack_id=pack.pk)
