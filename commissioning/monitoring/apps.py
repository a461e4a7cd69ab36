from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "commissioning.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # An agreement that starts gets its monitoring plan: the hub calls what the spokes register.
        from commissioning.agreements.hooks import on_agreement_started

        from .services.plans import monitoring_plan_create

        on_agreement_started(monitoring_plan_create)
