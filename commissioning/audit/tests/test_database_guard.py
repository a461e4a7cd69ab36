"""On PostgreSQL the database refuses to change or remove audit events, whoever asks."""

import pytest
from django.db import DatabaseError, connection, transaction

from commissioning.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TABLE = AuditEvent._meta.db_table


def raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)))


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database guard is PostgreSQL's")


def test_update_is_refused(record_changes):
    record_changes(2)
    with pytest.raises(DatabaseError, match="audit events cannot be changed"), transaction.atomic():
        raw("UPDATE {table} SET action = 'forged' WHERE sequence = 1")
    assert AuditEvent.objects.get(sequence=1).action == "update"


def test_delete_is_refused(record_changes):
    record_changes(2)
    with pytest.raises(DatabaseError, match="audit events cannot be changed"), transaction.atomic():
        raw("DELETE FROM {table} WHERE sequence = 2")
    assert AuditEvent.objects.count() == 2


def test_truncate_is_refused_unless_the_database_opted_in(record_changes):
    record_changes(1)
    with pytest.raises(DatabaseError, match="audit events cannot be changed"), transaction.atomic():
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no pending foreign-key checks
        raw("SET LOCAL audit.allow_truncate = 'off'")
        raw("TRUNCATE {table}")
    assert AuditEvent.objects.count() == 1


def test_inserting_still_works(record_changes):
    assert len(record_changes(3)) == 3
