"""Showing recorded values to people: field names as the model labels them, and values as the service shows them."""

from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.dateformat import format as format_date

from commissioning.core.money import format_money

from .models import AuditEvent


def _fields_by_attname(record_type: str) -> dict[str, models.Field]:
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return {}
    return {field.attname: field for field in model._meta.concrete_fields}


def field_label(field: models.Field | None, key: str) -> str:
    if field is None:
        return key.replace("_", " ").capitalize()
    return str(field.verbose_name).capitalize()


def display_value(field: models.Field | None, value: Any) -> Any:
    """A stored JSON value as people read it; None stays None (the template says "not set" or "removed")."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DecimalField) and field.decimal_places == 2:
        return format_money(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return format_date(datetime.fromisoformat(value), "j M Y H:i")
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return value


def readable_changes(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """(label, before, after) for each changed field, labelled and formatted for a history page."""
    fields = _fields_by_attname(event.record_type)
    return [
        (
            field_label(fields.get(key), key),
            display_value(fields.get(key), old),
            display_value(fields.get(key), new),
        )
        for key, old, new in event.changes()
    ]
