from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "commissioning.boards"
    label = "boards"
