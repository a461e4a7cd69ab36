"""Signed, time-limited links that confirm a new account's email address.

A token names the account and a fingerprint of its state (email address, password hash, whether verified), so it
stops working once used, or once the address or password changes; `django.core.signing` dates it, so it expires
after settings.EMAIL_VERIFICATION_MAX_AGE seconds.
"""

import hashlib
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

from .models import User

SALT = "commissioning.accounts.verify-email"


class TokenProblem(Enum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class TokenCheck:
    user: User | None
    problem: TokenProblem | None


def _state(user: User) -> str:
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    raw = f"{user.pk}|{user.email}|{user.password}|{verified}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT, compress=True)


def check_verification_token(token: str) -> TokenCheck:
    """The account a link confirms, or why the link cannot be used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        return TokenCheck(None, TokenProblem.EXPIRED)
    except (signing.BadSignature, ValueError, TypeError):
        return TokenCheck(None, TokenProblem.INVALID)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return TokenCheck(None, TokenProblem.INVALID)
    user = User.objects.filter(pk=payload["u"]).first()
    if user is None:
        return TokenCheck(None, TokenProblem.INVALID)
    if not constant_time_compare(str(payload.get("s", "")), _state(user)):
        # Already used (the account is verified) or overtaken by a newer state: say which, kindly.
        return TokenCheck(
            user if user.email_verified_at else None,
            TokenProblem.USED if user.email_verified_at else TokenProblem.INVALID,
        )
    return TokenCheck(user, None)


def link_lifetime_in_words() -> str:
    """How long a verification link works, for pages and emails: "3 days", "1 day", "12 hours"."""
    seconds = settings.EMAIL_VERIFICATION_MAX_AGE
    if seconds >= 86400 and seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, round(seconds / 3600))
    return f"{hours} hour{'s' if hours != 1 else ''}"
