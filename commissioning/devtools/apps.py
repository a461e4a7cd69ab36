from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """What a developer runs and nothing a user sees: the demo loaders (`seed_demo`) and the data generator
    (`generate_data`). It stands above every other app and nothing imports it."""

    name = "commissioning.devtools"
    label = "devtools"
    verbose_name = "Developer tools"
