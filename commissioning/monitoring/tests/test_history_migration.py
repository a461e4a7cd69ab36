"""A return's status history moved from ReturnStatusChange to audit.StatusChange (migrations 0005 and 0006), with
the same moves, message, time and person, and back again."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commissioning.audit.models import StatusChange
from commissioning.monitoring.models import ReturnStatus
from commissioning.monitoring.services.returns import return_answers_save

from .helpers import active_agreement

BEFORE = ("monitoring", "0004_returns_owed_index")
RECORD_TYPE = "monitoring.monitoringreturn"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_return_history_moves_to_status_change_and_back(officer, organisation, provider):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    first = agreement.monitoring_plan.returns.get(number=1)
    return_answers_save(
        by=provider, monitoring_return=first, answers={}, indicator_values={}, spend_to_date=Decimal("1")
    )
    moved = StatusChange.objects.get(record_type=RECORD_TYPE)

    executor = _migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("monitoring", "ReturnStatusChange")
    kept = old.objects.get()
    assert (kept.monitoring_return_id, kept.from_status, kept.to_status, kept.message) == (
        first.pk,
        ReturnStatus.DUE,
        ReturnStatus.DRAFT,
        "",
    )
    assert (kept.changed_by_id, kept.changed_at) == (provider.pk, moved.changed_at)
    assert not StatusChange.objects.filter(record_type=RECORD_TYPE).exists()
    old.objects.create(
        monitoring_return_id=first.pk,
        from_status=ReturnStatus.DRAFT,
        to_status=ReturnStatus.SUBMITTED,
        message="Sent on time",
        changed_by_id=provider.pk,
    )

    _migrate(executor.loader.graph.leaf_nodes())

    rows = list(StatusChange.objects.filter(record_type=RECORD_TYPE, record_id=first.pk))
    assert [(r.from_status, r.to_status, r.reason) for r in rows] == [
        (ReturnStatus.DUE, ReturnStatus.DRAFT, ""),
        (ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, "Sent on time"),
    ]
    assert rows[0].changed_at == moved.changed_at
    assert {(r.changed_by_id, r.actor_label) for r in rows} == {(provider.pk, provider.email)}
    assert "monitoring_returnstatuschange" not in connection.introspection.table_names()
