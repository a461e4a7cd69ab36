from django.apps import AppConfig


class DecommissioningConfig(AppConfig):
    """Decommissioning: ending or reducing a service openly, citing its latest monitoring report."""

    name = "commissioning.decommissioning"
    label = "decommissioning"
