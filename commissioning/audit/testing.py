"""Test-only helpers for the audit trail's database guard (PostgreSQL triggers; see migration 0002)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from .models import AuditEvent


def allow_truncate_in_test_database(conn: BaseDatabaseWrapper) -> None:
    """Let the test database TRUNCATE the audit table, which pytest-django does after transactional tests.

    The setting is made on the database, so it applies to every later connection (including a live server's); the
    current connection is closed so that its next use picks it up.
    """
    if conn.vendor != "postgresql":
        return
    name = conn.settings_dict["NAME"]
    with conn.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {conn.ops.quote_name(name)} SET audit.allow_truncate = 'on'")
    conn.close()


@contextmanager
def audit_guard_disabled() -> Iterator[None]:
    """Switch the PostgreSQL triggers off for the rest of the current transaction, so a test can tamper with events
    behind the application's back. DDL is transactional in PostgreSQL: the test's rollback switches them on again.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("audit_guard_disabled must run inside a transaction that is rolled back")
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        # ALTER TABLE is refused while deferred foreign-key checks of new events are pending: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_event_no_change")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER audit_event_no_change")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
