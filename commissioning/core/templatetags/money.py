"""The templates' `money` filter: money is pounds and pence, shown as £1,234.56 (core.money)."""

from django import template

from commissioning.core.money import format_money

register = template.Library()

__all__ = ["format_money", "money"]


@register.filter(name="money")
def money(value: object) -> str:
    return format_money(value)
