from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning.audit.services import audit_record

from .models import User


def totp_device_unconfirmed(*, user: User) -> TOTPDevice:
    """The device being set up: made once and kept until confirmed, so reloading the page keeps the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, by: Any, device: TOTPDevice) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(by=by, action="two-factor set up", instance=device.user, after={"device": device.name})
    return device


@transaction.atomic
def user_create(
    *, by: Any, email: str, full_name: str, password: str, job_title: str = "", roles: tuple[str, ...] = ()
) -> User:
    """A new person with the given roles; the password is checked against the password rules first."""
    from django.contrib.auth.models import Group
    from django.contrib.auth.password_validation import validate_password

    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name, job_title=job_title)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit_record(
        by=by, action="create", instance=user, after={**_public_snapshot(user), "roles": sorted(roles)}
    )
    return user


@transaction.atomic
def user_set_roles(*, by: Any, user: User, roles: tuple[str, ...]) -> User:
    from django.contrib.auth.models import Group

    before = sorted(user.groups.values_list("name", flat=True))
    if before != sorted(roles):
        user.groups.set(Group.objects.filter(name__in=roles))
        user._role_cache = None  # type: ignore[attr-defined]
        audit_record(
            by=by,
            action="roles changed",
            instance=user,
            before={"roles": before},
            after={"roles": sorted(roles)},
        )
    return user


@transaction.atomic
def user_set_password(*, by: Any, user: User, password: str) -> User:
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The hash itself never goes into the trail.
    audit_record(by=by, action="password changed", instance=user)
    return user


def _public_snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "is_active": user.is_active,
    }
