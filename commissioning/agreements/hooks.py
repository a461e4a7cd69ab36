"""What the spokes do when an agreement starts, ends or is varied, registered by them: the hub never imports a spoke.

A spoke registers a callback in its `AppConfig.ready()` (monitoring makes the agreement's monitoring plan when it
starts); the agreement services call `agreement_started` / `agreement_ended` inside the move's transaction, so a
callback's refusal rolls the move back.
"""

from collections.abc import Callable
from typing import Any, Protocol

from commissioning.core.actors import Actor

from .models import Agreement, Variation


class AgreementHook(Protocol):
    def __call__(self, *, agreement: Agreement, by: Actor) -> object: ...


class VariationHook(Protocol):
    def __call__(self, *, agreement: Agreement, variation: Variation, by: Actor) -> object: ...


_STARTED: list[Callable[..., object]] = []
_ENDED: list[Callable[..., object]] = []
_VALUE_VARIED: list[Callable[..., object]] = []


def _add(callbacks: list[Callable[..., object]], callback: Any) -> Any:
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def on_agreement_started(callback: AgreementHook) -> AgreementHook:
    """Call `callback(agreement=, by=)` whenever an agreement becomes active (accepted, or recorded as agreed)."""
    return _add(_STARTED, callback)


def on_agreement_ended(callback: AgreementHook) -> AgreementHook:
    """Call `callback(agreement=, by=)` whenever an agreement ends, on time or early."""
    return _add(_ENDED, callback)


def agreement_started(agreement: Agreement, by: Actor) -> None:
    for callback in _STARTED:
        callback(agreement=agreement, by=by)


def agreement_ended(agreement: Agreement, by: Actor) -> None:
    for callback in _ENDED:
        callback(agreement=agreement, by=by)


def on_value_varied(callback: VariationHook) -> VariationHook:
    """Call `callback(agreement=, variation=, by=)` whenever a variation changes an agreement's value: a decision
    on the new total (decisions drafts its record above the body's threshold)."""
    return _add(_VALUE_VARIED, callback)


def value_varied(agreement: Agreement, variation: Variation, by: Actor) -> None:
    for callback in _VALUE_VARIED:
        callback(agreement=agreement, variation=variation, by=by)


# What the spokes offer on an agreement's staff page ("Propose decommissioning"), as (label, address) links: each
# callback is asked `callback(user=, agreement=)` and answers with the links this person may follow.
AgreementLinks = Callable[..., list[tuple[str, str]]]
_PAGE_LINKS: list[AgreementLinks] = []


def on_agreement_page(callback: AgreementLinks) -> AgreementLinks:
    """Offer links on an agreement's staff page: `callback(user=, agreement=)` returns (label, address) pairs."""
    if callback not in _PAGE_LINKS:
        _PAGE_LINKS.append(callback)
    return callback


def agreement_page_links(user: Any, agreement: Agreement) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for callback in _PAGE_LINKS:
        links.extend(callback(user=user, agreement=agreement))
    return links
