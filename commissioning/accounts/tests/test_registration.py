"""People who register themselves: the account, the emailed link, signing in only once verified, and never
telling anyone whether an address already has an account."""

import re
import time

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role, user_roles
from commissioning.accounts.tokens import verification_token
from commissioning.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-passphrase-2026"
LINK = re.compile(r"http://testserver(/account/verify/[^\s]+)")


def register(client, email="dee@example.org", password=PASSWORD, again=None, full_name="Dee Evans", **extra):
    return client.post(
        reverse("accounts:register"),
        {
            "full_name": full_name,
            "email": email,
            "password": password,
            "password_again": password if again is None else again,
            **extra,
        },
    )


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def test_the_registration_page_asks_for_name_email_and_password_twice(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert '<h1 class="govuk-heading-xl">Create an account</h1>' in html
    for label in ("Full name", "Email address", "Create a password", "Confirm your password"):
        assert label in html


def test_a_person_registers_verifies_by_the_emailed_link_and_is_signed_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, email="Dee@Example.org")
    assert response.status_code == 302
    assert response.url == reverse("accounts:check-email")
    page = client.get(response.url).content.decode()
    assert "Check your email" in page
    assert "dee@example.org" in page

    user = User.objects.get(email="dee@example.org")
    assert user.full_name == "Dee Evans"
    assert user.signed_up_at is not None and user.email_verified_at is None
    assert user_roles(user) == {Role.PROVIDER}
    assert AuditEvent.objects.filter(action="register", record_id=str(user.pk)).exists()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dee@example.org"]
    assert "Confirm your email address" in mailoutbox[0].subject

    # Not yet verified: the right password is not enough, and the message offers a new link.
    response = sign_in(client, "dee@example.org")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You need to confirm your email address before you can sign in" in html
    assert reverse("accounts:verify-resend") in html
    assert "_auth_user_id" not in client.session

    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 302
    assert response.url == reverse("my-organisation:start")
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert AuditEvent.objects.filter(action="email verified", record_id=str(user.pk)).exists()
    assert client.get(reverse("my-organisation:start")).status_code == 200

    # The link works once.
    client.post(reverse("accounts:sign-out"))
    response = client.get(link_in(mailoutbox[0]))
    assert "Your email address is already confirmed" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Now sign-in works.
    assert sign_in(client, "dee@example.org").status_code == 302


def test_the_link_sends_the_person_on_to_where_they_were_going(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, next="/organisation/invitations/abc/")
    response = client.get(link_in(mailoutbox[0]))
    assert response.url == "/organisation/invitations/abc/"


def test_a_next_address_on_another_site_is_ignored(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, next="https://evil.example.com/")
    link = link_in(mailoutbox[0])
    assert "evil" not in link
    assert client.get(link).url == reverse("my-organisation:start")


def test_an_expired_link_gives_a_clear_page_offering_a_new_one(client):
    user = User.objects.create_user(email="late@example.org", password=PASSWORD, full_name="Late")
    user.signed_up_at = user.date_joined
    user.save()
    token = verification_token(user)
    with override_settings(EMAIL_VERIFICATION_MAX_AGE=1):
        time.sleep(2)
        response = client.get(reverse("accounts:verify", args=[token]))
    html = response.content.decode()
    assert response.status_code == 410
    assert "The link has expired" in html
    assert reverse("accounts:verify-resend") in html
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "signed-for-something-else"])
def test_an_invalid_link_gives_a_clear_page(client, token):
    if token == "signed-for-something-else":
        token = signing.dumps({"u": 1, "s": "x"}, salt="another purpose")
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400
    assert "The link is not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_link_for_a_changed_password_no_longer_works(client):
    user = User.objects.create_user(email="x@example.org", password=PASSWORD, full_name="X")
    user.signed_up_at = user.date_joined
    user.save()
    token = verification_token(user)
    user.set_password("another-Long-passphrase-99")
    user.save()
    assert client.get(reverse("accounts:verify", args=[token])).status_code == 400


def test_registering_an_address_that_has_an_account_reveals_nothing(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    existing = make_user(Role.COMMISSIONING_OFFICER, email="officer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, email="OFFICER@example.org")
    assert response.status_code == 302
    assert response.url == reverse("accounts:check-email")
    assert User.objects.filter(email__iexact="officer@example.org").count() == 1
    existing.refresh_from_db()
    assert existing.full_name != "Dee Evans"
    assert user_roles(existing) == {Role.COMMISSIONING_OFFICER}
    # The owner of the address is told instead, with no link that signs anyone in.
    assert len(mailoutbox) == 1
    assert "You already have an account" in mailoutbox[0].subject
    assert "/account/verify/" not in mailoutbox[0].body
    assert "/account/sign-in/" in mailoutbox[0].body


def test_registering_again_before_verifying_sends_a_new_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    User.objects.filter(email="dee@example.org").update(verification_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, full_name="Someone Else")
    assert len(mailoutbox) == 2
    assert "Confirm your email address" in mailoutbox[1].subject
    assert User.objects.get(email="dee@example.org").full_name == "Dee Evans"


def test_a_new_link_can_be_asked_for_and_the_page_reveals_nothing(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    User.objects.filter(email="dee@example.org").update(verification_sent_at=None)
    assert "Send the link" in client.get(reverse("accounts:verify-resend")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify-resend"), {"email": "dee@example.org"})
    assert response.url == reverse("accounts:check-email")
    assert len(mailoutbox) == 2
    assert client.get(link_in(mailoutbox[1])).status_code == 302

    # Unknown and already-verified addresses get the same page and no email.
    make_user(Role.PROVIDER, email="known@example.org")
    for email in ("nobody@example.org", "known@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:verify-resend"), {"email": email})
        assert response.url == reverse("accounts:check-email")
    assert len(mailoutbox) == 2


def test_links_are_not_sent_more_than_once_a_minute(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
        for _ in range(5):
            client.post(reverse("accounts:verify-resend"), {"email": "dee@example.org"})
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"full_name": "   "}, "Enter your full name"),
        ({"email": ""}, "Enter your email address"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.org"),
        ({"password": "", "again": ""}, "Enter a password"),
        ({"password": "short-1A"}, "Your password must be 12 characters or more"),
        ({"password": "password1234"}, "Your password is too easy to guess. Choose a different one"),
        ({"password": "938475610293847"}, "Your password must include letters or symbols, not only numbers"),
        ({"password": "dee@example.org1"}, "Your password must not be like your name or email address"),
        ({"again": "something-else-entirely"}, "The passwords do not match. Enter the same password twice"),
        ({"password": PASSWORD, "again": ""}, "Confirm your password"),
    ],
)
def test_bad_answers_are_explained_in_the_error_summary(client, data, message):
    response = register(client, **data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not User.objects.exists()


def test_a_signed_in_person_is_not_asked_to_register(client_as):
    response = client_as(Role.PROVIDER).get(reverse("accounts:register"))
    assert response.status_code == 302


def test_accounts_made_by_staff_sign_in_without_verifying(client, make_user):
    make_user(Role.PROVIDER, email="staffmade@example.org", password=PASSWORD)
    assert sign_in(client, "staffmade@example.org").status_code == 302


def test_the_sign_in_page_offers_to_create_an_account(client):
    html = client.get(reverse("accounts:sign-in") + "?next=/organisation/invitations/x/").content.decode()
    assert reverse("accounts:register") + "?next=/organisation/invitations/x/" in html


def test_hostile_input_gets_a_page_not_a_server_error(client):
    response = register(client, full_name="<script>alert(1)</script>" * 3, next="javascript:alert(1)" * 200)
    assert response.status_code == 302
    assert "<script>alert(1)</script>" not in client.get(reverse("accounts:check-email")).content.decode()
    assert register(client, email="x" * 300 + "@example.org").status_code == 200
    assert client.get(reverse("accounts:verify", args=["." + "A" * 5000])).status_code == 400
    assert client.post(reverse("accounts:verify-resend"), {"email": "\x00"}).status_code == 200
