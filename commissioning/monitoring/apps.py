from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "commissioning.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # The conditions of monitoring's actions in the permission table, and the workflows of returns and
        # remedial plans.
        from . import conditions, workflows  # noqa: F401
