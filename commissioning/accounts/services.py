"""Writes for people's accounts: made by an administrator (or the demo loader), or by an applicant who registers
themselves; roles, passwords and two-factor sign-in. Each is one audited transaction."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning.audit.services import audit_record
from commissioning.core.actors import Actor
from commissioning.core.selectors import commissioning_body

from .models import User
from .permissions import require
from .roles import Role
from .tokens import link_lifetime_in_words, verification_token


@transaction.atomic
def totp_device_unconfirmed(*, by: Actor, user: User) -> TOTPDevice:
    """The device being set up: made once and kept until confirmed, so reloading the page keeps the same key."""
    require(by, "account.two_factor", user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, by: Actor, device: TOTPDevice) -> TOTPDevice:
    require(by, "account.two_factor", device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(by=by, action="two-factor set up", instance=device.user, after={"device": device.name})
    return device


@transaction.atomic
def user_create(
    *, by: Actor, email: str, full_name: str, password: str, job_title: str = "", roles: tuple[str, ...] = ()
) -> User:
    """A new person with the given roles; the password is checked against the password rules first."""
    require(by, "account.create")
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name, job_title=job_title)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(role_groups(roles))
    audit_record(
        by=by, action="create", instance=user, after={**_public_snapshot(user), "roles": sorted(roles)}
    )
    return user


@transaction.atomic
def user_set_roles(*, by: Actor, user: User, roles: tuple[str, ...]) -> User:
    require(by, "account.manage", user)
    before = sorted(user.groups.values_list("name", flat=True))
    if before != sorted(roles):
        user.groups.set(role_groups(roles))
        user._role_cache = None  # type: ignore[attr-defined]  # user_roles keeps the roles read on the instance
        audit_record(
            by=by,
            action="roles changed",
            instance=user,
            before={"roles": before},
            after={"roles": sorted(roles)},
        )
    return user


@transaction.atomic
def user_set_password(*, by: Actor, user: User, password: str) -> User:
    require(by, "account.manage", user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The hash itself never goes into the trail.
    audit_record(by=by, action="password changed", instance=user)
    return user


def role_groups(roles: tuple[str, ...]) -> list[Group]:
    """The groups that hold these roles. A migration creates them; they are made again here if a database was
    emptied since (as transactional tests do), so a role is never silently dropped."""

    return [Group.objects.get_or_create(name=Role(role).value)[0] for role in roles]


def _give_roles(user: User, *, roles: tuple[str, ...]) -> list[str]:
    """Add the roles given to a new account (data, not a permission); returns them as the trail records them."""
    user.groups.add(*role_groups(roles))
    return sorted(roles)


def _public_snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "is_active": user.is_active,
    }


# People who register themselves (applicants). Their account cannot sign in until the email address is verified.

# At most one verification email per account in this many seconds, so a form cannot flood someone's inbox.
RESEND_INTERVAL_SECONDS = 60


def _send_email(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    body = commissioning_body()
    message = render_to_string(template, {"body": body, **context})
    send_mail(f"{subject} – {body.short_name}", message, None, [to])


def _send_verification_link(*, user: User, base_url: str, next_url: str = "") -> None:
    now = timezone.now()
    if (
        user.verification_sent_at
        and (now - user.verification_sent_at).total_seconds() < RESEND_INTERVAL_SECONDS
    ):
        return
    user.verification_sent_at = now
    user.save(update_fields=["verification_sent_at"])
    link = base_url.rstrip("/") + reverse("accounts:verify", args=[verification_token(user)])
    if next_url:
        link += "?" + urlencode({"next": next_url})
    email, name = user.email, user.full_name
    transaction.on_commit(
        lambda: _send_email(
            to=email,
            subject="Confirm your email address",
            template="accounts/email/verify.txt",
            context={"name": name, "link": link, "link_lifetime": link_lifetime_in_words()},
        )
    )


def _send_already_registered(*, email: str, base_url: str) -> None:
    sign_in = base_url.rstrip("/") + reverse("accounts:sign-in")
    transaction.on_commit(
        lambda: _send_email(
            to=email,
            subject="You already have an account",
            template="accounts/email/already_registered.txt",
            context={"sign_in": sign_in},
        )
    )


@transaction.atomic
def applicant_register(
    *, email: str, full_name: str, password: str, base_url: str, next_url: str = ""
) -> User | None:
    """A person registers to apply for funding: a provider user who cannot sign in until they follow the link
    emailed to them. An address already registered gets an email saying so instead, and the caller shows the
    same page either way, so the form never reveals who has an account. Returns the new account, or None."""
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is not None:
        if existing.awaits_email_verification and existing.is_active:
            _send_verification_link(user=existing, base_url=base_url, next_url=next_url)
        else:
            _send_already_registered(email=email, base_url=base_url)
        return None
    user = User(email=email, full_name=full_name.strip(), signed_up_at=timezone.now())
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone registered the same address a moment ago.
        _send_already_registered(email=email, base_url=base_url)
        return None
    roles = _give_roles(user, roles=(Role.PROVIDER,))
    audit_record(by=user, action="register", instance=user, after={**_public_snapshot(user), "roles": roles})
    _send_verification_link(user=user, base_url=base_url, next_url=next_url)
    return user


@transaction.atomic
def verification_resend(*, email: str, base_url: str, next_url: str = "") -> None:
    """Send a new link to an account that registered itself and is not yet verified; otherwise do nothing, so the
    page that asks cannot be used to find out who has an account."""
    user = (
        User.objects.select_for_update()
        .filter(email__iexact=email.strip(), signed_up_at__isnull=False, email_verified_at__isnull=True)
        .first()
    )
    if user is not None and user.is_active:
        _send_verification_link(user=user, base_url=base_url, next_url=next_url)


@transaction.atomic
def email_verify(*, user: User) -> User:
    """The person followed the link: the account may sign in from now on."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_record(by=user, action="email verified", instance=user, after={"email": user.email})
    return user
