"""Addresses reversed once and filled in per row give what `reverse` gives; full addresses start with SITE_URL."""

from django.test import override_settings
from django.urls import reverse

from commissioning.core.links import absolute_url, pk_address, reference_address


def test_pk_address_is_reverse_for_any_id():
    address = pk_address("agreements:detail")
    for pk in (1, 42, 987654321, 10**12):
        assert address(pk) == reverse("agreements:detail", args=[pk])


def test_reference_address_quotes_as_reverse_does():
    address = reference_address("public:grant")
    for reference in ("GRANT-2026-0001", "PPAF 2026 1", "A&B:ü?#%"):
        assert address(reference) == reverse("public:grant", args=[reference])


@override_settings(SITE_URL="https://commissioning.example.org")
def test_absolute_url_starts_with_the_site():
    assert absolute_url("agreements:detail", 7) == "https://commissioning.example.org" + reverse(
        "agreements:detail", args=[7]
    )
