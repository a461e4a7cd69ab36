from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "commissioning.boards"
    label = "boards"

    def ready(self) -> None:
        # The meeting's and the board pack's workflows on the one workflow primitive.
        from . import workflows  # noqa: F401
