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
