from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "commissioning.grants"
    label = "grants"

    def ready(self) -> None:
        # The conditions of grants' actions in the permission table, and the application's workflow.
        from . import conditions, workflows  # noqa: F401

        # Connects the signals that drop the cached filter choices, in every process (see core/caching.py).
        from .selectors import staff  # noqa: F401
