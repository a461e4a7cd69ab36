from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "commissioning.governance"
    label = "governance"
