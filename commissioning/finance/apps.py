from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    label = "finance"
