"""Appends to the chain from concurrent transactions stay one unbroken chain (PostgreSQL's advisory lock)."""

import threading

import pytest
from django.db import connection, connections, transaction

from commissioning.audit.models import AuditEvent
from commissioning.audit.services import audit_record
from commissioning.audit.verification import verify_chain
from commissioning.core.actors import SystemActor
from commissioning.core.models import CommissioningBody

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-concurrency")]

WRITERS = 4
EVENTS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    body = CommissioningBody.objects.create(
        name="Office",
        short_name="O",
        grant_identifier_prefix="360G-o",
        organisation_identifier="GB-GOR-PC000001",
    )
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            start.wait()
            for n in range(EVENTS_EACH):
                with transaction.atomic():
                    audit_record(
                        by=SystemActor(f"writer {writer}"), action="update", instance=body, after={"n": n}
                    )
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert AuditEvent.objects.count() == WRITERS * EVENTS_EACH
    result = verify_chain()
    assert result.intact, result.message
    assert result.events == WRITERS * EVENTS_EACH
