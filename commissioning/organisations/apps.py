from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "commissioning.organisations"
    label = "organisations"

    def ready(self) -> None:
        # The conditions of the organisations' actions in the permission table.
        from . import conditions  # noqa: F401
