"""The one way demo loaders write: create or bring up to date through the audit trail, and touch nothing that
already matches, so loading the demo twice changes nothing."""

from typing import Any, TypeVar

from django.db import models, transaction

from commissioning.audit.services import audited_save
from commissioning.core.actors import Actor

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def demo_upsert(
    model: type[M], *, by: Actor, lookup: dict[str, Any], values: dict[str, Any] | None = None
) -> M:
    """The record matching `lookup`, created with `values` or updated to them; saved (and audited) only when
    something differs."""
    values = values or {}
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        audited_save(by=by, instance=instance)
        return instance
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        audited_save(by=by, instance=instance)
    return instance
