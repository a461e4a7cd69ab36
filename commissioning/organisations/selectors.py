"""Reads for organisations, with their related rows already joined."""

from typing import Any

from .models import Organisation, OrganisationMembership


def organisation_of(user: Any) -> Organisation | None:
    """The one organisation a provider user or partner administrator acts for, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_organisation_cache", False)
    if cached is False:
        membership = OrganisationMembership.objects.select_related("organisation").filter(user=user).first()
        cached = membership.organisation if membership else None
        user._organisation_cache = cached
    return cached
