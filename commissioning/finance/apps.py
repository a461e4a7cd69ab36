from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    label = "finance"

    def ready(self) -> None:
        # The conditions of money's actions in the permission table and the commitment's workflow; the selectors
        # connect the signals that drop the cached fund rules, in every process (see core/caching.py).
        from . import conditions, selectors, workflows  # noqa: F401
