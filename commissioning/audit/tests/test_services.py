from decimal import Decimal

import pytest
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.audit.models import AuditEvent, AuditTrailIsAppendOnly
from commissioning.audit.selectors import history_for
from commissioning.audit.services import (
    GENESIS_HASH,
    audit_record,
    audited_save,
    event_hash,
    event_payload,
    snapshot,
)
from commissioning.core.models import CommissioningBody
from commissioning.dashboard.services import body_update

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(body):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(by=None, action="update", instance=body)
    assert not AuditEvent.objects.exists()


def test_audit_record_inside_a_transaction_records_who_when_what_and_the_values(body, admin_user):
    with transaction.atomic():
        event = audit_record(
            by=admin_user,
            action="rename",
            instance=body,
            before={"name": "Old", "amount": Decimal("1.50")},
            after={"name": "New", "amount": Decimal("2.00")},
        )
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.actor == admin_user
    assert event.actor_label == admin_user.email
    assert event.record_type == "core.commissioningbody"
    assert event.record_id == str(body.pk)
    assert event.record_label == body.name
    assert event.before == {"name": "Old", "amount": "1.50"}
    assert event.changes() == [("amount", "1.50", "2.00"), ("name", "Old", "New")]
    assert event.occurred_at is not None


def test_events_form_a_hash_chain(record_changes):
    first, second, third = record_changes(3)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    for event in AuditEvent.objects.all():
        assert event.hash == event_hash(previous_hash=event.previous_hash, payload=event_payload(event))
    assert [event.sequence for event in AuditEvent.objects.all()] == [1, 2, 3]


def test_audited_save_records_create_then_update_with_before_and_after(admin_user):
    body = CommissioningBody(
        name="First name",
        short_name="FN",
        grant_identifier_prefix="360G-fn",
        organisation_identifier="GB-GOR-PC000002",
    )
    audited_save(by=admin_user, instance=body)
    body.name = "Second name"
    audited_save(by=admin_user, instance=body)
    created, updated = reversed(list(history_for(body)))
    assert created.action == "create"
    assert created.before is None
    assert created.after["name"] == "First name"
    assert updated.action == "update"
    assert ("name", "First name", "Second name") in updated.changes()


def test_a_failed_service_transaction_leaves_no_event(body, admin_user):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        body_update(by=admin_user, body=body, data={"name": "Renamed"})
        assert AuditEvent.objects.count() == 1  # written inside the transaction...
        raise Boom
    assert not AuditEvent.objects.exists()  # ...and rolled back with it
    body.refresh_from_db()
    assert body.name == "Office of the Example Commissioner"


def test_a_change_that_fails_validation_writes_no_event(body, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        body_update(by=admin_user, body=body, data={"name": ""})
    assert not AuditEvent.objects.exists()


def test_the_trail_cannot_be_changed_through_the_orm(record_changes):
    (event,) = record_changes(1)
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    event.action = "forged"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.get().action == "update"


def test_snapshots_never_keep_secrets(make_user):
    user = make_user(email="secret@example.org", password="a-long-password-123")
    values = snapshot(user)
    assert values["email"] == "secret@example.org"
    assert "a-long-password" not in str(values)
    assert user.password not in str(values)
    assert values["password"].startswith("hidden, fingerprint ")


def test_system_actions_are_labelled(body):
    with transaction.atomic():
        event = audit_record(by="seed_demo", action="create", instance=body)
    assert event.actor is None
    assert event.actor_label == "seed_demo"
    with transaction.atomic():
        event = audit_record(by=None, action="create", instance=body)
    assert event.actor_label == "system"


def test_events_are_kept_when_the_acting_account_exists(record_changes, make_user):
    person = make_user()
    record_changes(1, by=person)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        User.objects.filter(pk=person.pk).delete()
