from django.conf import settings
from django.db import models


class AuditTrailIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AuditTrailIsAppendOnly("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit events cannot be changed")


class AuditEvent(models.Model):
    """One write to one record: who, when, what, and the values before and after.

    Events form a hash chain: each event's hash covers its own content and the previous event's hash, so an
    event altered or removed behind the application's back breaks the chain (see `audit_verify`). On PostgreSQL a
    trigger refuses UPDATE and DELETE on this table outright.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, help_text="Who acted, kept even if the account is renamed")
    action = models.CharField(max_length=100)
    record_type = models.CharField(max_length=100, help_text="app_label.model of the record")
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["record_type", "record_id", "sequence"])]

    def __str__(self) -> str:
        return f"{self.sequence} {self.action} {self.record_type}#{self.record_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit events cannot be changed")

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value changed, for history pages."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class StatusChange(models.Model):
    """One move of one record along its workflow: the one shape of status history for every workflow, written by
    `audit.workflow.transition` beside the move's audit event (the trail has it too; this is for the pages)."""

    record_type = models.CharField(max_length=100, help_text="app_label.model of the record")
    record_id = models.PositiveBigIntegerField()
    from_status = models.CharField(max_length=30)
    to_status = models.CharField(max_length=30)
    reason = models.TextField(blank=True, help_text="The reason or message given with the move")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=254, help_text="Who moved it: a person, or a named system actor"
    )

    class Meta:
        ordering = ["record_type", "record_id", "changed_at", "pk"]
        indexes = [models.Index(fields=["record_type", "record_id", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.record_type}#{self.record_id}: {self.from_status} → {self.to_status}"
