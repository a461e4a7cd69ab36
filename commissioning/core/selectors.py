import copy
import threading
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

from .caching import cache_drop
from .models import CommissioningBody

PLACEHOLDER_BODY = CommissioningBody(
    name="Commissioning body (not yet set up)",
    short_name="OpenCommissioning",
    grant_identifier_prefix="",
    organisation_identifier="",
)

# The body is read once per request, not once per call: the header of every page (the context processor) and any
# view, service or row that asks for it share one query. Kept per thread and only between request_started and
# request_finished, so no request sees another's copy and every worker process reads a change on its next request;
# outside a request (commands, tests calling selectors directly) every call reads the database as before.
# Between requests it is kept in the shared cache (settings.CACHE_ROWS), dropped whenever the body is saved.
_request = threading.local()
BODY_CACHE_KEY = "core:commissioning-body"
BODY_CACHE_TIMEOUT = 60 * 60


def commissioning_body() -> CommissioningBody:
    """The one commissioning body this installation serves, or a placeholder until an administrator sets it up."""
    cached = getattr(_request, "body", None)
    if cached is None:
        in_request = getattr(_request, "active", False)
        shared = in_request and settings.CACHE_ROWS
        cached = cache.get(BODY_CACHE_KEY) if shared else None
        if cached is None:
            cached = CommissioningBody.objects.order_by("pk").first() or PLACEHOLDER_BODY
            if shared and cached is not PLACEHOLDER_BODY:
                cache.set(BODY_CACHE_KEY, cached, BODY_CACHE_TIMEOUT)
        if in_request:
            _request.body = cached
    if cached is PLACEHOLDER_BODY:
        return cached
    # A copy each time, so a caller that changes its instance (a form, a service) never changes anyone else's.
    return copy.copy(cached)


def body_as_saved(body: CommissioningBody) -> CommissioningBody | None:
    """The body's row as the database holds it (a fresh instance for a form to change), or None before it is set up."""
    if body.pk is None:
        return None
    return CommissioningBody.objects.filter(pk=body.pk).first()


def _request_started(**kwargs: Any) -> None:
    _request.active = True
    _request.body = None


def _request_finished(**kwargs: Any) -> None:
    _request.active = False
    _request.body = None


def _body_changed(**kwargs: Any) -> None:
    _request.body = None
    cache_drop(BODY_CACHE_KEY)


request_started.connect(_request_started, dispatch_uid="core.selectors.body.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.selectors.body.request_finished")
post_save.connect(_body_changed, sender=CommissioningBody, dispatch_uid="core.selectors.body.saved")
post_delete.connect(_body_changed, sender=CommissioningBody, dispatch_uid="core.selectors.body.deleted")
