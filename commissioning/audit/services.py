"""Writing the audit trail. Every service that changes a record calls `audit_record` inside its own transaction."""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from commissioning.core.actors import Actor, actor_label, person_or_none

from .models import AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed 64-bit key: serialises appends to the chain on PostgreSQL for the rest of the transaction.
CHAIN_LOCK_KEY = 7_364_221_903


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


# Secrets never enter the trail (which every auditor reads): only that they changed, as a short fingerprint.
SECRET_FIELDS = frozenset({"password", "otp_totp.totpdevice.key", "otp_static.statictoken.token"})


def _is_secret(instance: models.Model, name: str) -> bool:
    return name in SECRET_FIELDS or f"{instance._meta.label_lower}.{name}" in SECRET_FIELDS


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values of a record's concrete fields (foreign keys as ids), ready to keep as JSON."""
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if _is_secret(instance, field.name) and value:
            value = "hidden, fingerprint " + hashlib.sha256(str(value).encode()).hexdigest()[:8]
        values[field.attname] = _plain(value)
    return values


def event_hash(*, previous_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{previous_hash}|{body}".encode()).hexdigest()


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields an event's hash covers; `audit_verify` recomputes it from the stored row."""
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "record_type": event.record_type,
        "record_id": event.record_id,
        "record_label": event.record_label,
        "before": event.before,
        "after": event.after,
    }


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite runs every transaction with IMMEDIATE locking (see settings), so appends are already serialised.


def audit_record(
    *,
    by: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction, so the event and the change it
    records are saved together or not at all."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction that makes the change")
    _lock_chain()
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    person = person_or_none(by)
    event = AuditEvent(
        sequence=(last.sequence + 1) if last else 1,
        occurred_at=timezone.now(),
        actor_id=person.pk if person is not None else None,
        actor_label=actor_label(by),
        action=action,
        record_type=instance._meta.label_lower,
        record_id=str(instance.pk),
        record_label=str(instance)[:300],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        previous_hash=last.hash if last else GENESIS_HASH,
    )
    # Round-trip the JSON now so the hash covers exactly what the database will return.
    event.before = json.loads(json.dumps(event.before)) if event.before is not None else None
    event.after = json.loads(json.dumps(event.after)) if event.after is not None else None
    event.hash = event_hash(previous_hash=event.previous_hash, payload=event_payload(event))
    event.save(force_insert=True)
    return event


@transaction.atomic
def audited_save(*, by: Actor, instance: models.Model, action: str | None = None) -> models.Model:
    """Save a record and its audit event together: the shared path for simple create and update services."""
    before = None
    if instance.pk is not None:
        previous = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = snapshot(previous) if previous is not None else None
    instance.full_clean()
    instance.save()
    verb = action or ("create" if before is None else "update")
    audit_record(by=by, action=verb, instance=instance, before=before, after=snapshot(instance))
    return instance


def audited_save_if_changed(*, by: Actor, instance: models.Model, before: dict[str, Any] | None) -> bool:
    """Save a record and its audit event only if its values differ from `before` (None for a new record), so a
    form posted again unchanged writes nothing. Must run inside the caller's transaction. True if it saved."""
    after = snapshot(instance)
    if after == before:
        return False
    instance.save()
    audit_record(
        by=by,
        action="create" if before is None else "update",
        instance=instance,
        before=before,
        after=snapshot(instance),
    )
    return True
