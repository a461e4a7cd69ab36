from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The commissioning cycle: needs assessments, commissioning intentions and commissioning projects."""

    name = "commissioning.cycle"
    label = "cycle"

    def ready(self) -> None:
        # Commissioning intentions: approved, or back to draft, as their decision record is.
        from commissioning.decisions.hooks import on_decision_approved, on_decision_returned

        from . import workflows  # noqa: F401
        from .services.intentions import intentions_on_decision_approved, intentions_on_decision_returned

        on_decision_approved(intentions_on_decision_approved)
        on_decision_returned(intentions_on_decision_returned)
