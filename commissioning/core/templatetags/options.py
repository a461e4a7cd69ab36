"""`<option>` elements for a select, built in Python: a filter select can hold a hundred or more choices (every
scheme, priority and assessor), and a template loop, or format_html, costs several calls per option on every
request.

    <select ...>{{ field.field.choices|options:field.value }}</select>
"""

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(name="options")
def options(choices: Iterable[tuple[Any, Any]], chosen: Any = None) -> SafeString:
    """Each (value, label) as an option, the one equal to `chosen` (compared as text) selected."""
    selected = "" if chosen is None else str(chosen)
    html = []
    for value, label in choices:
        text = str(value)
        mark = " selected" if text == selected else ""
        html.append(f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>')
    # Safe: every value and label above is escaped (quotes included) by html.escape.
    return mark_safe("".join(html))  # noqa: S308
