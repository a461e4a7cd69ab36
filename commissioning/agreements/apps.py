from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "commissioning.agreements"
    label = "agreements"

    def ready(self) -> None:
        # The conditions of agreements' actions in the permission table, and the agreement's workflow.
        from . import conditions, workflows  # noqa: F401
