"""Limiting how often one client may post the public feedback form.

Attempts are rows in the database (FeedbackAttempt), not Django's cache: the default local-memory cache is per
process, so with several server processes a flood would get several allowances. The client is a keyed hash of its
address (never the address itself). Behind a reverse proxy set FEEDBACK_TRUSTED_PROXIES to the number of proxies
that append to X-Forwarded-For, so the address counted is the one the nearest trusted proxy saw.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import FeedbackAttempt

ATTEMPTS_ALLOWED = int(getattr(settings, "FEEDBACK_ATTEMPTS_PER_HOUR", 5))
WINDOW = timedelta(hours=1)
KEEP_FOR = timedelta(days=1)


def client_address(request: HttpRequest) -> str:
    trusted = int(getattr(settings, "FEEDBACK_TRUSTED_PROXIES", 0))
    if trusted > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_key(request: HttpRequest) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()


def is_limited(client: str) -> bool:
    """True when the client has already used its allowance of posts in the last hour."""
    since = timezone.now() - WINDOW
    return (
        FeedbackAttempt.objects.filter(client=client, at__gte=since)[:ATTEMPTS_ALLOWED].count()
        >= ATTEMPTS_ALLOWED
    )


def attempt_record(client: str) -> None:
    now = timezone.now()
    FeedbackAttempt.objects.filter(at__lt=now - KEEP_FOR).delete()
    FeedbackAttempt.objects.create(client=client, at=now)
