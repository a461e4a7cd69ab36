"""What the records a decision is about do when the decision is taken, registered by their apps: decisions never
imports them (they stand above it in the layers).

An app registers a callback in its `AppConfig.ready()` (the commissioning cycle approves a year's commissioning
intentions when their decision record is approved, and takes them back to draft when it is returned). The decision
services call `decision_approved` / `decision_returned` inside the move's transaction, so a callback's refusal
rolls the move back. A callback looks at `record.source_type` and ignores records about something else.
"""

from collections.abc import Callable
from typing import Any, Protocol

from commissioning.core.actors import Actor

from .models import DecisionRecord


class DecisionHook(Protocol):
    def __call__(self, *, record: DecisionRecord, by: Actor, reason: str) -> object: ...


_APPROVED: list[Callable[..., object]] = []
_RETURNED: list[Callable[..., object]] = []


def _add(callbacks: list[Callable[..., object]], callback: Any) -> Any:
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def on_decision_approved(callback: DecisionHook) -> DecisionHook:
    """Call `callback(record=, by=, reason="")` whenever a decision record is approved."""
    return _add(_APPROVED, callback)


def on_decision_returned(callback: DecisionHook) -> DecisionHook:
    """Call `callback(record=, by=, reason=)` whenever a decision record is returned without a decision."""
    return _add(_RETURNED, callback)


def decision_approved(record: DecisionRecord, by: Actor) -> None:
    for callback in _APPROVED:
        callback(record=record, by=by, reason="")


def decision_returned(record: DecisionRecord, by: Actor, reason: str) -> None:
    for callback in _RETURNED:
        callback(record=record, by=by, reason=reason)
