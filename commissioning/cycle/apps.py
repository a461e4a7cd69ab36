from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The commissioning cycle: needs assessments, commissioning intentions and commissioning projects."""

    name = "commissioning.cycle"
    label = "cycle"

    def ready(self) -> None:
        from commissioning.agreements.hooks import on_agreement_started
        from commissioning.decisions.hooks import on_decision_approved, on_decision_returned

        from . import workflows  # noqa: F401
        from .services.intentions import intentions_on_decision_approved, intentions_on_decision_returned
        from .services.projects import project_indicators_to_plan

        # Commissioning intentions: approved, or back to draft, as their decision record is.
        on_decision_approved(intentions_on_decision_approved)
        on_decision_returned(intentions_on_decision_returned)
        # Commissioning projects: an agreement from a scheme a project launched starts its monitoring plan with the
        # project's indicators (registered after monitoring's own callback, which makes the plan: INSTALLED_APPS).
        on_agreement_started(project_indicators_to_plan)
