"""Where the service keeps its data: the database named in DATABASE_URL, or SQLite under var/ when none is.

SQLite is made safe for simultaneous writes wherever it lives, at the default path or at any address in
DATABASE_URL (`sqlite:////srv/commissioning.sqlite3`): IMMEDIATE transactions take SQLite's write lock at BEGIN, so
two people approving the same application at once queue one behind the other, and the second is refused in plain
words because the first has already decided it (never "database is locked"); WAL lets pages read while a write is
in progress; the busy timeout is how long a write waits for the lock. Read by the settings module, so it imports
nothing of Django's apps.
"""

from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"

# The locking settings every SQLite database gets (an option given in the URL's query string wins).
SQLITE_OPTIONS: dict[str, Any] = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;",
}


def database_settings(url: str, *, default_sqlite: Path) -> dict[str, Any]:
    """The `default` database: parsed from `url` when it is set, else SQLite at `default_sqlite`."""
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    else:
        config = {"ENGINE": SQLITE_ENGINE, "NAME": str(default_sqlite)}
    return safe_under_concurrency(config)


def safe_under_concurrency(config: dict[str, Any]) -> dict[str, Any]:
    """`config` with SQLite's locking settings added when it names a SQLite database; other engines unchanged."""
    if config.get("ENGINE") != SQLITE_ENGINE:
        return config
    return {**config, "OPTIONS": {**SQLITE_OPTIONS, **(config.get("OPTIONS") or {})}}
