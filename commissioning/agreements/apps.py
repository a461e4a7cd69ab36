from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "commissioning.agreements"
    label = "agreements"
