"""Addresses for messages read outside the site: emails sent from services and scheduled commands, which have no
request to take the host from. They start with SITE_URL (a setting)."""

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: object) -> str:
    """The full address of the URL named `name`, e.g. https://commissioning.example.org/my/agreements/4/."""
    return settings.SITE_URL + reverse(name, args=args or None)
