from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "commissioning.governance"
    label = "governance"

    def ready(self) -> None:
        # Connects the signals that drop the cached scheme of delegation, in every process (see core/caching.py).
        from . import selectors  # noqa: F401
