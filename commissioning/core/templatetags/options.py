"""`<option>` elements for a select, built in Python: a filter select can hold a hundred or more choices (every
scheme, priority and assessor), and a template loop costs several variable lookups per option on every request.

    <select ...>{{ field.field.choices|options:field.value }}</select>
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(name="options")
def options(choices: Iterable[tuple[Any, Any]], chosen: Any = None) -> SafeString:
    """Each (value, label) as an option, the one equal to `chosen` (compared as text) selected."""
    selected = "" if chosen is None else str(chosen)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    " selected" if str(value) == selected else "",
                    label,
                ),
            )
            for value, label in choices
        ),
    )
