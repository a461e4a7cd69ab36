"""Linking to a record's audit history from any page: `{% load audit %}` then `{% history_link object %}`
(a "View full history" link) or `{% history_url object as url %}`. includes/history.html adds the link itself under a
record's recent events (`full_history_link`)."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from commissioning.accounts.permissions import may
from commissioning.audit.models import AuditEvent
from commissioning.audit.presentation import readable_changes as _readable_changes
from commissioning.audit.selectors import record_key

register = template.Library()


@register.simple_tag
def history_url(instance: models.Model) -> str:
    record_type, record_id = record_key(instance)
    return reverse("audit:history", args=[record_type, record_id])


@register.simple_tag
def history_link(instance: models.Model, text: str = "View full history") -> SafeString:
    return format_html('<a class="govuk-link" href="{}">{}</a>', history_url(instance), text)


@register.filter
def readable_changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """`{% for label, before, after in event|readable_changes %}`: changed fields labelled and formatted."""
    return _readable_changes(event)


@register.simple_tag(takes_context=True)
def full_history_link(context: dict[str, Any], events: Iterable[AuditEvent]) -> str:
    """A "View full history" link under a record's recent history (includes/history.html), for those who may read
    it, naming the record of the events shown; nothing on the full history page itself."""
    request = context.get("request")
    if request is None or not may(request.user, "record.history"):
        return ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "audit:history":
        return ""
    first = next(iter(events), None)
    if first is None:
        return ""
    url = reverse("audit:history", args=[first.record_type, first.record_id])
    return format_html('<p class="govuk-body"><a class="govuk-link" href="{}">View full history</a></p>', url)
