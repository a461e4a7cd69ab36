"""Agreements' old status history (AgreementStatusChange) moves to audit.StatusChange and back, row for row."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commissioning.accounts.roles import Role
from commissioning.audit.models import StatusChange
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import make_agreement

BEFORE = ("agreements", "0004_agreement_title_trigram")
WHEN = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
LATER = datetime(2025, 6, 2, 14, 0, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_status_history_is_copied_to_status_change_and_back(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER, email="olive@example.org")
    agreement = make_agreement(by=officer, organisation=OrganisationFactory(), fund=None)
    executor = _migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("agreements", "AgreementStatusChange")
    first = old.objects.create(
        agreement_id=agreement.pk, from_status="draft", to_status="offered", changed_by_id=officer.pk
    )
    second = old.objects.create(
        agreement_id=agreement.pk, from_status="offered", to_status="withdrawn", reason="Late"
    )
    old.objects.filter(pk=first.pk).update(changed_at=WHEN)
    old.objects.filter(pk=second.pk).update(changed_at=LATER)

    executor = _migrate(executor.loader.graph.leaf_nodes())
    rows = StatusChange.objects.filter(record_type="agreements.agreement").order_by("changed_at")
    assert [
        (r.record_id, r.from_status, r.to_status, r.reason, r.changed_at, r.changed_by_id, r.actor_label)
        for r in rows
    ] == [
        (agreement.pk, "draft", "offered", "", WHEN, officer.pk, "olive@example.org"),
        (agreement.pk, "offered", "withdrawn", "Late", LATER, None, "system"),
    ]

    executor = _migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("agreements", "AgreementStatusChange")
    assert [
        (c.agreement_id, c.from_status, c.to_status, c.reason, c.changed_at, c.changed_by_id)
        for c in old.objects.order_by("changed_at")
    ] == [
        (agreement.pk, "draft", "offered", "", WHEN, officer.pk),
        (agreement.pk, "offered", "withdrawn", "Late", LATER, None),
    ]
    assert not StatusChange.objects.filter(record_type="agreements.agreement").exists()
    _migrate(executor.loader.graph.leaf_nodes())
    assert StatusChange.objects.filter(record_type="agreements.agreement").count() == 2
