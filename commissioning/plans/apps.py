from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "commissioning.plans"
    label = "plans"
