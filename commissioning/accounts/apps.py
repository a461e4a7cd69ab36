from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # The conditions of accounts' actions in the permission table.
        from . import conditions  # noqa: F401
        from .principals import connect_device_signals

        connect_device_signals()
