from typing import Any

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "commissioning.organisations"
    label = "organisations"

    def ready(self) -> None:
        from commissioning.accounts.hooks import on_verified

        # The conditions of the organisations' actions in the permission table.
        from . import conditions  # noqa: F401

        # A person who has just confirmed their address sets up their organisation first.
        on_verified(organisation_first)


def organisation_first(user: Any) -> str | None:
    """Someone who has just confirmed their address and belongs to no organisation sets one up (or accepts an
    invitation to one) before anything else."""
    from .selectors import organisation_of

    return "my-organisation:start" if organisation_of(user) is None else None
