"""Test helpers shared by every app. Not imported by the application itself."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

from .errors import DomainError


@dataclass
class RaceOutcome:
    """What happened when the same service was called from many connections at once."""

    successes: list[Any] = field(default_factory=list)
    refusals: list[DomainError] = field(default_factory=list)
    unexpected: list[BaseException] = field(default_factory=list)


def race(call: Callable[[Any], Any], arguments: Sequence[Any], *, timeout: float = 120) -> RaceOutcome:
    """Run `call(argument)` for each argument in its own thread — so each has its own database connection — all
    released at the same moment by a barrier. Results, DomainError refusals and anything else raised are
    collected; every thread closes its connections. For PostgreSQL tests with `transaction=True`."""
    outcome = RaceOutcome()
    barrier = threading.Barrier(len(arguments))
    lock = threading.Lock()

    def run(argument: Any) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                result = call(argument)
            except DomainError as error:
                with lock:
                    outcome.refusals.append(error)
            else:
                with lock:
                    outcome.successes.append(result)
        except BaseException as error:  # noqa: BLE001 - every other failure is what a race test looks for
            with lock:
                outcome.unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcome
