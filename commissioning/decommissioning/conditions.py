"""The object conditions of decommissioning's actions in the permission table (accounts/permissions.py)."""

from typing import Any

from commissioning.accounts.permissions import condition
from commissioning.core.actors import person_or_none


@condition("proposed_decommissioning")
def proposed_decommissioning(person: Any, record: Any) -> bool:
    """The person wrote the proposal (separation of duties: someone else decides it)."""
    who = person_or_none(person)
    return who is not None and getattr(record, "created_by_id", None) == who.pk
