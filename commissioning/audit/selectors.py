from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from commissioning.accounts.models import User

from .models import AuditEvent

# How many changes a record's own page shows, newest first (includes/history.html); "View full history" under them
# leads to every change (the audit history page).
RECENT_CHANGES = 15


def record_key(instance: models.Model) -> tuple[str, str]:
    """How the trail names a record: ("app_label.model", "primary key")."""
    return instance._meta.label_lower, str(instance.pk)


def history_for(instance: models.Model) -> QuerySet[AuditEvent]:
    """A record's events, newest first, with the acting user loaded."""
    record_type, record_id = record_key(instance)
    return record_history(record_type=record_type, record_id=record_id)


def record_history(*, record_type: str, record_id: str) -> QuerySet[AuditEvent]:
    """The events of a record named by type and id (it may since have been deleted), newest first."""
    return (
        AuditEvent.objects.filter(record_type=record_type, record_id=record_id)
        .select_related("actor")
        .order_by("-sequence")
    )


def event_list(*, record_type: str = "", actor_id: int | None = None) -> QuerySet[AuditEvent]:
    """Every event, newest first, optionally only one type of record or one person's."""
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if record_type:
        events = events.filter(record_type=record_type)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    return events


def record_type_label(record_type: str) -> str:
    """A record type as people say it ("Organisation"), or as stored if its model no longer exists."""
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return record_type
    return str(model._meta.verbose_name).capitalize()


def record_types_in_trail() -> list[tuple[str, str]]:
    """(record type, label) for every type of record the trail holds, by label."""
    types = AuditEvent.objects.order_by().values_list("record_type", flat=True).distinct()
    return sorted(((value, record_type_label(value)) for value in types), key=lambda item: item[1])


def actors_in_trail() -> QuerySet[User]:
    """The people who have made at least one recorded change."""
    acted = AuditEvent.objects.order_by().filter(actor__isnull=False).values("actor_id")
    return User.objects.filter(pk__in=acted).order_by("full_name", "email")
