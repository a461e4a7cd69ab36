from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "commissioning.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # Feedback moderation's workflow.
        from . import workflows  # noqa: F401
