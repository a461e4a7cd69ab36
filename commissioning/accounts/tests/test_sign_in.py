"""Signing in and out, lockout after repeated failures, two-factor sign-in for staff, and password rules."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.accounts.services import user_create
from commissioning.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-passphrase-2026"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password, **extra})


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{code:06d}"


def test_a_person_signs_in_and_out(client, make_user):
    make_user(Role.COMMISSIONING_OFFICER, email="officer@example.org", password=PASSWORD)
    response = sign_in(client, "Officer@Example.org".lower())
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 200
    assert "signed out" in response.content.decode().lower()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_a_wrong_password_is_explained_in_the_error_summary(client, make_user):
    make_user(Role.AUDITOR, email="auditor@example.org", password=PASSWORD)
    response = sign_in(client, "auditor@example.org", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html


def test_empty_sign_in_asks_for_both_fields(client):
    html = client.post(reverse("accounts:sign-in"), {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_sign_in_is_locked_after_five_failures_even_with_the_right_password(client, make_user):
    make_user(Role.AUDITOR, email="auditor@example.org", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "auditor@example.org", "wrong-password")
    response = sign_in(client, "auditor@example.org")
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert client.get(reverse("dashboard:home")).status_code == 302


# Throttling (a growing wait after each wrong code) is django-otp's; switched off here to test without sleeping.
@override_settings(OTP_REQUIRED_FOR_STAFF=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_staff_set_up_an_authenticator_then_must_give_a_code_each_time(client, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER, email="officer@example.org", password=PASSWORD)
    response = sign_in(client, "officer@example.org")
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    # Until the second factor is given, staff pages send the person back to it.
    assert client.get(reverse("dashboard:home"))["Location"].startswith(reverse("accounts:two-factor"))

    setup = client.get(reverse("accounts:two-factor"))
    assert "QR code for your authenticator app" in setup.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post(
        reverse("accounts:two-factor"), {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "The security code is not right" in wrong.content.decode()
    client.post(reverse("accounts:two-factor"), {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert AuditEvent.objects.filter(
        record_type="accounts.user", record_id=str(officer.pk), action="two-factor set up"
    ).exists()

    client.post(reverse("accounts:sign-out"))
    sign_in(client, "officer@example.org")
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "QR code" not in page, "a person with a device is asked for a code, not to set up again"
    assert client.get(reverse("dashboard:home")).status_code == 302
    device.refresh_from_db()
    replayed = client.post(reverse("accounts:two-factor"), {"token": current_code(device)})
    assert "The security code is not right" in replayed.content.decode(), "a used code cannot be replayed"
    # The next code (the device allows one step of clock drift) is accepted.
    client.post(reverse("accounts:two-factor"), {"token": current_code(device, steps_ahead=1)})
    assert client.get(reverse("dashboard:home")).status_code == 200


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_provider_users_are_not_asked_for_a_second_factor(client, make_user):
    make_user(Role.PROVIDER, email="provider@example.org", password=PASSWORD)
    response = sign_in(client, "provider@example.org")
    assert not response["Location"].startswith(reverse("accounts:two-factor"))


def test_two_factor_is_required_whenever_debug_is_off():
    import subprocess
    import sys

    script = "import django, os; django.setup(); from django.conf import settings; print(settings.OTP_REQUIRED_FOR_STAFF)"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "commissioning.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "OTP_REQUIRED": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-1A", "too short"),
        ("password123456", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(admin_user, password, message):
    with pytest.raises(ValidationError) as refused:
        user_create(by=admin_user, email="new@example.org", full_name="New Person", password=password)
    assert message in " ".join(refused.value.messages)
    assert not User.objects.filter(email="new@example.org").exists()


def test_creating_a_person_records_their_roles_but_never_the_password_hash(admin_user):
    user = user_create(
        by=admin_user,
        email="New@Example.org",
        full_name="New Person",
        password=PASSWORD,
        roles=(Role.AUDITOR,),
    )
    assert user.email == "new@example.org"
    event = AuditEvent.objects.get(record_type="accounts.user", record_id=str(user.pk))
    assert event.after["roles"] == [Role.AUDITOR]
    assert "password" not in event.after
