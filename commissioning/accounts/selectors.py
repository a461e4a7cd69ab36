"""Reads for people's accounts."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def has_confirmed_device(user: User) -> bool:
    """Whether the person has set up an authenticator app (a confirmed TOTP device)."""
    confirmed: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return confirmed
