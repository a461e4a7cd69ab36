"""Test helpers shared by every app. Not imported by the application itself."""

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, connections

from .databases import database_settings
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
        collected; every thread closes its connections. For tests with `transaction=True`: on PostgreSQL, or on SQLite
    inside `sqlite_file_database`."""
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


@contextmanager
def sqlite_file_database(path: Path) -> Iterator[dict[str, Any]]:
    """Run a race on a real SQLite file, set up as `DATABASE_URL=sqlite:///<path>` would set it up.

    The test database (in memory, shared by this thread's connection) is copied into the file, rows and all, so
    set the scene first. Inside the block every new connection (each `race` thread's) opens the file with the
    settings that `database_settings` gives a SQLite URL, and so takes SQLite's real file locks; on leaving, the
    file is copied back into the test database, so the test reads what the threads wrote through its own
    connection. Yields the settings the threads used. For SQLite tests with `transaction=True`."""
    if connection.vendor != "sqlite":
        raise RuntimeError("sqlite_file_database needs the tests to run on SQLite")
    config = database_settings(f"sqlite:///{path}", default_sqlite=path)
    connection.ensure_connection()
    test_database = connection.connection
    with sqlite3.connect(path) as target:
        test_database.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, **config, "TEST": original["TEST"]}
    try:
        yield config
    finally:
        connections.settings["default"] = original
        with sqlite3.connect(path) as source:
            source.backup(test_database)
        source.close()
