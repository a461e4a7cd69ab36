"""A return's status history moves to audit.StatusChange, the one shape of history for every workflow: each
ReturnStatusChange row becomes a StatusChange row with the same moves, message, time and person."""

from django.db import migrations

RECORD_TYPE = "monitoring.monitoringreturn"


def copy_to_status_change(apps, schema_editor):
    ReturnStatusChange = apps.get_model("monitoring", "ReturnStatusChange")
    StatusChange = apps.get_model("audit", "StatusChange")
    rows = ReturnStatusChange.objects.order_by("pk").values(
        "monitoring_return_id",
        "from_status",
        "to_status",
        "message",
        "changed_at",
        "changed_by_id",
        "changed_by__email",
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                record_type=RECORD_TYPE,
                record_id=row["monitoring_return_id"],
                from_status=row["from_status"],
                to_status=row["to_status"],
                reason=row["message"],
                changed_at=row["changed_at"],
                changed_by_id=row["changed_by_id"],
                actor_label=row["changed_by__email"] or str(row["changed_by_id"]),
            )
            for row in rows.iterator()
        ],
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    """Back to ReturnStatusChange: the moves a person made (the old table has no room for a system actor's)."""
    ReturnStatusChange = apps.get_model("monitoring", "ReturnStatusChange")
    StatusChange = apps.get_model("audit", "StatusChange")
    moved = StatusChange.objects.filter(record_type=RECORD_TYPE, changed_by__isnull=False).order_by("pk")
    for change in moved.iterator():
        row = ReturnStatusChange.objects.create(
            monitoring_return_id=change.record_id,
            from_status=change.from_status,
            to_status=change.to_status,
            message=change.reason,
            changed_by_id=change.changed_by_id,
        )
        # changed_at is set on create; keep the time of the move.
        ReturnStatusChange.objects.filter(pk=row.pk).update(changed_at=change.changed_at)
    StatusChange.objects.filter(record_type=RECORD_TYPE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_returns_owed_index"),
        ("audit", "0003_status_change"),
    ]

    operations = [migrations.RunPython(copy_to_status_change, copy_back)]
