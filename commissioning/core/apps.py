from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commissioning.core"
    label = "core"
    verbose_name = "Core"
