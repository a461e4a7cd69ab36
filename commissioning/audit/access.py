"""Who may read the audit trail, in one place."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from commissioning.accounts.permissions import require

from .models import AuditEvent
from .selectors import record_history, record_type_label


@dataclass(frozen=True)
class RecordHistory:
    record_type: str
    record_id: str
    type_label: str
    label: str
    events: QuerySet[AuditEvent]


def record_history_for(user: object, record_type: str, record_id: str) -> RecordHistory:
    """A record's history for a person who may read every staff record; 404 when the trail knows no such record."""
    require(user, "record.history")
    events = record_history(record_type=record_type, record_id=record_id)
    label = events.values_list("record_label", flat=True).first()  # the newest label the trail knows
    if label is None:
        label = _current_label(record_type, record_id)
    if label is None:
        raise Http404("No history is recorded for this record.")
    return RecordHistory(record_type, record_id, record_type_label(record_type), label, events)


def _current_label(record_type: str, record_id: str) -> str | None:
    """The label of a record that exists but has no events yet (for example one a migration made)."""
    try:
        model = apps.get_model(record_type)
        instance = model._default_manager.filter(pk=record_id).first()
    except (LookupError, ValueError, TypeError, ValidationError):
        return None
    return str(instance) if instance is not None else None
