"""Linking to a record's audit history from any page: `{% load audit %}` then `{% history_link object %}`
(a "View full history" link) or `{% history_url object as url %}`. Also `page|page_numbers` for pagination."""

from collections.abc import Iterator

from django import template
from django.core.paginator import Page
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
def page_numbers(page: Page) -> Iterator[int | str]:
    """The page numbers to offer around the current one, with the paginator's ellipsis for gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@register.filter
def readable_changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """`{% for label, before, after in event|readable_changes %}`: changed fields labelled and formatted."""
    return _readable_changes(event)
