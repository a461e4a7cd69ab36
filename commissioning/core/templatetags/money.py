"""Money is pounds and pence, shown as £1,234.56."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def format_money(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter(name="money")
def money(value: object) -> str:
    return format_money(value)
