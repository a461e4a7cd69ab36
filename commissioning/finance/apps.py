from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    label = "finance"

    def ready(self) -> None:
        # Connects the signals that drop the cached fund rules, in every process (see core/caching.py).
        from . import selectors  # noqa: F401
