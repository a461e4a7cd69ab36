"""The signed-in person (user, roles, verified device) comes from the cache between requests, and every change to
them is seen on the very next request."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning.accounts.roles import Role

PAGE = "governance:delegation"  # a staff page for the roles that read everything


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    return client


def test_the_second_request_reads_neither_the_user_nor_their_roles(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(PAGE)).status_code == 200
    sql = [query["sql"] for query in second.captured_queries]
    assert not [q for q in sql if '"accounts_user"."password"' in q], "the user was read from the database"
    assert not [q for q in sql if "auth_group" in q], "the roles were read from the database"


def test_a_role_taken_away_is_refused_on_the_next_request(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    officer.groups.clear()
    assert client.get(reverse(PAGE)).status_code == 403


def test_a_role_taken_away_from_the_group_side_is_refused_on_the_next_request(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    Group.objects.get(name=Role.COMMISSIONING_OFFICER).user_set.remove(officer)
    assert client.get(reverse(PAGE)).status_code == 403


def test_a_group_emptied_from_its_side_is_seen_on_the_next_request(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    Group.objects.get(name=Role.COMMISSIONING_OFFICER).user_set.clear()
    assert client.get(reverse(PAGE)).status_code == 403


def test_a_renamed_or_deleted_group_changes_the_roles_of_its_members(officer, make_user):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    group = Group.objects.get(name=Role.COMMISSIONING_OFFICER)
    group.name = "former officers"
    group.save()
    assert client.get(reverse(PAGE)).status_code == 403

    other = make_user(Role.AUDITOR)
    client = signed_in(other)
    assert client.get(reverse(PAGE)).status_code == 200
    Group.objects.get(name=Role.AUDITOR).delete()
    assert client.get(reverse(PAGE)).status_code == 403


def test_a_deactivated_person_is_signed_out_on_the_next_request(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    officer.is_active = False
    officer.save()
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_a_changed_password_ends_other_sessions(officer):
    client = signed_in(officer)
    assert client.get(reverse(PAGE)).status_code == 200
    officer.set_password("a-new-Password-2026")
    officer.save()
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_a_removed_device_must_be_set_up_again_on_the_next_request(officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = signed_in(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(reverse(PAGE)).status_code == 200
    assert client.get(reverse(PAGE)).status_code == 200  # now from the cache
    device.delete()
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor")


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_an_unconfirmed_device_does_not_verify_even_when_cached(officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = signed_in(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(reverse(PAGE)).status_code == 200
    device.confirmed = False
    device.save()
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor")


@override_settings(CACHE_ROWS=False)
def test_without_a_shared_cache_every_request_reads_the_database(officer):
    client = signed_in(officer)
    client.get(reverse(PAGE))
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(PAGE)).status_code == 200
    assert any("auth_group" in query["sql"] for query in second.captured_queries)
