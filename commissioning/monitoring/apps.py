from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "commissioning.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # The conditions of monitoring's actions in the permission table, and the workflows of returns and
        # remedial plans.
        from commissioning.agreements.hooks import on_agreement_ended, on_agreement_started

        from . import conditions, workflows  # noqa: F401
        from .services.plans import monitoring_plan_create, monitoring_stop_at_end

        # An agreement that starts gets its monitoring plan: the hub calls what the spokes register.
        on_agreement_started(monitoring_plan_create)
        # An agreement that ends owes no returns for periods after it ended.
        on_agreement_ended(monitoring_stop_at_end)
