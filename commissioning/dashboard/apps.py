from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Where each person starts: the front page, the staff dashboard (the work waiting for them, which each app
    offers from its selectors) and the commissioning body's settings. It reads across the apps below it."""

    name = "commissioning.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
