"""Addresses built outside a template: full addresses for messages read outside the site (emails sent from
services and scheduled commands, which have no request to take the host from; they start with SITE_URL), and the
addresses of every row of a table for the cost of one `reverse`."""

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: object) -> str:
    """The full address of the URL named `name`, e.g. https://commissioning.example.org/my/agreements/4/."""
    return settings.SITE_URL + reverse(name, args=args or None)


# Links in every row of a table, for the cost of one `reverse` a page: the address around a stand-in, filled in
# for each row.
_ID_STAND_IN = 987654321
_REFERENCE_STAND_IN = "REFERENCE"
_URL_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse leaves unquoted (RFC 3986 sub-delimiters and /~:@)


def pk_address(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for any pk, reversed once."""
    before, after = reverse(name, args=[_ID_STAND_IN]).rsplit(str(_ID_STAND_IN), 1)
    return lambda pk: f"{before}{pk}{after}"


def reference_address(name: str) -> Callable[[str], str]:
    """`reverse(name, args=[reference])` for any reference, reversed once, each quoted as `reverse` quotes it."""
    before, after = reverse(name, args=[_REFERENCE_STAND_IN]).rsplit(_REFERENCE_STAND_IN, 1)
    return lambda reference: f"{before}{quote(reference, safe=_URL_SAFE)}{after}"
