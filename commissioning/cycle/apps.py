from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The commissioning cycle: needs assessments, commissioning intentions and commissioning projects."""

    name = "commissioning.cycle"
    label = "cycle"

    def ready(self) -> None:
        # Commissioning projects: an agreement from a scheme a project launched starts its monitoring plan with the
        # project's indicators (registered after monitoring's own callback, which makes the plan: INSTALLED_APPS).
        from commissioning.agreements.hooks import on_agreement_started

        from . import workflows  # noqa: F401
        from .services.projects import project_indicators_to_plan

        on_agreement_started(project_indicators_to_plan)
