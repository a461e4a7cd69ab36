from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "commissioning.decisions"
    label = "decisions"

    def ready(self) -> None:
        # The decision record's workflow on the one workflow primitive.
        from commissioning.agreements.hooks import on_value_varied

        from . import workflows  # noqa: F401
        from .services import decision_draft_for_variation

        # A variation of an agreement's value drafts its decision record above the threshold.
        on_value_varied(decision_draft_for_variation)
