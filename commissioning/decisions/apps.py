from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "commissioning.decisions"
    label = "decisions"

    def ready(self) -> None:
        # The decision record's workflow on the one workflow primitive.
        from . import workflows  # noqa: F401
