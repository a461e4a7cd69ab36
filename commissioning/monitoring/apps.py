from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "commissioning.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
