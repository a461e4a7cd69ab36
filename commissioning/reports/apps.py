from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "commissioning.reports"
    label = "reports"
