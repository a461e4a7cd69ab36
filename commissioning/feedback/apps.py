from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "commissioning.feedback"
    label = "feedback"
    verbose_name = "Feedback"
