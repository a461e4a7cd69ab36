"""Agreements' status history moves to the one shape of status history, audit.StatusChange (record_type
"agreements.agreement"): every AgreementStatusChange row is copied with the same statuses, reason, time and
person; the next migration deletes the old model. Reversible: going back copies the rows home again."""

from django.db import migrations

RECORD_TYPE = "agreements.agreement"
BATCH = 2000


def _label(user) -> str:
    if user is None:
        return "system"
    return str(user.email or user.pk)


def forwards(apps, schema_editor):
    old = apps.get_model("agreements", "AgreementStatusChange")
    new = apps.get_model("audit", "StatusChange")
    rows = []
    for change in old.objects.select_related("changed_by").order_by("pk").iterator(chunk_size=BATCH):
        rows.append(
            new(
                record_type=RECORD_TYPE,
                record_id=change.agreement_id,
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                changed_at=change.changed_at,
                changed_by_id=change.changed_by_id,
                actor_label=_label(change.changed_by),
            )
        )
        if len(rows) >= BATCH:
            new.objects.bulk_create(rows)
            rows = []
    new.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    old = apps.get_model("agreements", "AgreementStatusChange")
    new = apps.get_model("audit", "StatusChange")
    # The historical model stamps changed_at itself (auto_now_add); the copies keep the times they had.
    old._meta.get_field("changed_at").auto_now_add = False
    changes = new.objects.filter(record_type=RECORD_TYPE)
    old.objects.bulk_create(
        [
            old(
                agreement_id=change.record_id,
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                changed_at=change.changed_at,
                changed_by_id=change.changed_by_id,
            )
            for change in changes.order_by("changed_at", "pk").iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_agreement_title_trigram"),
        ("audit", "0003_status_change"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
