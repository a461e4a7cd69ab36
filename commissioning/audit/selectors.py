from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def history_for(instance: models.Model) -> QuerySet[AuditEvent]:
    """A record's events, newest first, with the acting user loaded."""
    return (
        AuditEvent.objects.filter(record_type=instance._meta.label_lower, record_id=str(instance.pk))
        .select_related("actor")
        .order_by("-sequence")
    )
