from django.apps import AppConfig


class DecommissioningConfig(AppConfig):
    """Decommissioning: ending or reducing a service openly, citing its latest monitoring report."""

    name = "commissioning.decommissioning"
    label = "decommissioning"

    def ready(self) -> None:
        # The proposal's workflow on the one primitive, its conditions in the permission table, and the link the
        # agreement page offers (the hub calls what the spokes register).
        from commissioning.agreements.hooks import on_agreement_page

        from . import conditions, workflows  # noqa: F401
        from .access import agreement_page_links

        on_agreement_page(agreement_page_links)
