from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "commissioning.publication"
    label = "publication"

    def ready(self) -> None:
        # Connects the signals that drop the cached register filters, in every process (see core/caching.py).
        from . import selectors  # noqa: F401
