import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from commissioning.core.models import CommissioningBody
from commissioning.core.selectors import PLACEHOLDER_BODY, commissioning_body

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Office of the Mayor for Somewhere",
    "short_name": "Mayor's Office",
    "grant_identifier_prefix": "360G-somewhere",
    "organisation_identifier": "GB-GOR-PC000999",
}


def send(signal):
    # As Django's test client does: without closing the test's database connection.
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None)
    finally:
        signal.connect(close_old_connections)


@pytest.fixture
def in_request():
    send(request_started)
    yield
    send(request_finished)


def test_outside_a_request_every_call_reads_the_database(django_assert_num_queries):
    CommissioningBody.objects.create(**BODY)
    with django_assert_num_queries(2):
        commissioning_body()
        commissioning_body()


def test_within_a_request_the_body_is_read_once(in_request, django_assert_num_queries):
    CommissioningBody.objects.create(**BODY)
    with django_assert_num_queries(1):
        first = commissioning_body()
        second = commissioning_body()
    assert first.name == second.name == BODY["name"]


def test_each_caller_gets_its_own_copy(in_request):
    CommissioningBody.objects.create(**BODY)
    mine = commissioning_body()
    mine.name = "Changed but not saved"
    assert commissioning_body().name == BODY["name"]


def test_saving_or_deleting_the_body_is_seen_within_the_same_request(in_request):
    body = CommissioningBody.objects.create(**BODY)
    assert commissioning_body().name == BODY["name"]
    body.name = "New name"
    body.save()
    assert commissioning_body().name == "New name"
    body.delete()
    assert commissioning_body() is PLACEHOLDER_BODY


def test_the_next_request_reads_a_change_made_elsewhere(client):
    body = CommissioningBody.objects.create(**BODY)
    assert BODY["name"] in client.get(reverse("front:home")).content.decode()
    # As another worker process would: it saves its own copy, which drops the entry in the cache every worker shares.
    elsewhere = CommissioningBody.objects.get(pk=body.pk)
    elsewhere.name = "Renamed elsewhere"
    elsewhere.save()
    assert "Renamed elsewhere" in client.get(reverse("front:home")).content.decode()


def test_between_requests_the_body_comes_from_the_shared_cache(client, django_assert_num_queries):
    CommissioningBody.objects.create(**BODY)
    client.get(reverse("front:home"))
    with django_assert_num_queries(0):
        response = client.get(reverse("front:home"))
    assert BODY["name"] in response.content.decode()


def test_the_placeholder_is_used_until_the_body_is_set_up(in_request):
    assert commissioning_body() is PLACEHOLDER_BODY
    CommissioningBody.objects.create(**BODY)
    assert commissioning_body().name == BODY["name"]
