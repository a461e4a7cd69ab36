from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "commissioning.publication"
    label = "publication"
