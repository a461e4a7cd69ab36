from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The commissioning cycle: needs assessments, commissioning intentions and commissioning projects."""

    name = "commissioning.cycle"
    label = "cycle"

    def ready(self) -> None:
        from . import workflows  # noqa: F401
