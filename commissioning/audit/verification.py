"""Proving the audit trail intact: every event chained to the one before it by a hash, with no gaps.

`verify_chain` walks the events in sequence order in chunks (constant memory however long the trail), recomputes
each event's hash from its stored content and the previous event's hash, and stops at the first event that was
altered or removed. It is used by `manage.py audit_verify` and the staff verification page.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .models import AuditEvent
from .services import GENESIS_HASH, event_hash, event_payload

CHUNK_SIZE = 2000


class Problem(StrEnum):
    # The event's content no longer matches its hash.
    EDITED = "edited"
    # The event matches its hash, but the next event recorded another: content and hash were both rewritten.
    HASH_REWRITTEN = "edited and its hash rewritten"
    # The event's record of the previous event's hash was changed.
    LINK_EDITED = "previous-event link edited"
    # A sequence number is missing.
    REMOVED = "removed"


@dataclass(frozen=True)
class VerificationResult:
    events: int
    last_sequence: int | None = None
    last_hash: str | None = None
    # Set when the chain is broken: the first event that was altered or removed.
    broken_sequence: int | None = None
    problem: Problem | None = None
    record_type: str = ""
    record_id: str = ""
    occurred_at: datetime | None = None
    detail: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        if self.intact:
            if not self.events:
                return "Audit trail intact: 0 events"
            return f"Audit trail intact: {self.events} events, last #{self.last_sequence} {(self.last_hash or '')[:12]}"
        where = f"event #{self.broken_sequence}"
        if self.record_type:
            when = self.occurred_at.isoformat() if self.occurred_at else "unknown time"
            where += f" ({self.record_type} {self.record_id}, {when})"
        message = f"Audit trail broken at {where}: {self.problem}"
        return f"{message}; {self.detail}" if self.detail else message


def _broken(event: AuditEvent, problem: Problem, *, events: int, detail: str = "") -> VerificationResult:
    return VerificationResult(
        events=events,
        broken_sequence=event.sequence,
        problem=problem,
        record_type=event.record_type,
        record_id=event.record_id,
        occurred_at=event.occurred_at,
        detail=detail,
    )


def verify_chain() -> VerificationResult:
    """Check every event's hash and its link to the event before it; return the first break, if any."""
    expected_sequence = 1
    previous: AuditEvent | None = None
    previous_hash = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=CHUNK_SIZE):
        if event.sequence != expected_sequence:
            after = f"#{previous.sequence}" if previous else "the start"
            return VerificationResult(
                events=count,
                broken_sequence=expected_sequence,
                problem=Problem.REMOVED,
                detail=(
                    f"the chain jumps from {after} to #{event.sequence} "
                    f"({event.record_type} {event.record_id}, {event.occurred_at.isoformat()})"
                ),
            )
        recomputed = event_hash(previous_hash=event.previous_hash, payload=event_payload(event))
        if recomputed != event.hash:
            if event_hash(previous_hash=previous_hash, payload=event_payload(event)) == event.hash:
                return _broken(event, Problem.LINK_EDITED, events=count)
            return _broken(event, Problem.EDITED, events=count)
        if event.previous_hash != previous_hash:
            # This event is self-consistent but records a different hash for the one before: that one was
            # rewritten (content and hash together) after this event was written.
            culprit = previous or event
            return _broken(
                culprit,
                Problem.HASH_REWRITTEN,
                events=count,
                detail=f"event #{event.sequence} recorded its hash as {event.previous_hash[:12]}",
            )
        count += 1
        previous = event
        previous_hash = event.hash
        expected_sequence += 1
    return VerificationResult(
        events=count,
        last_sequence=previous.sequence if previous else None,
        last_hash=previous.hash if previous else None,
    )
