"""Money, one way for the whole product: read from what people type, checked where a service is given it, and shown
as £1,234.56.

- `parse_money` reads an amount as people type it: "£1,234.56", "1234.5", "1,234", " £ 12 ".
- `amount_of_money` is a service's check of an amount it is given, refused in plain words.
- `format_money` shows money in tables, summaries and the audit trail: always pounds and pence (£1,234.56,
  -£20.00), nothing for no value. It is the templates' `money` filter.
- `pounds` shows money in sentences, the GOV.UK style: £3,000 for whole pounds, £3,000.50 otherwise.

Core: imports no domain app.
"""

from decimal import Decimal, InvalidOperation

from .errors import DomainError

PENNY = Decimal("0.01")


class NotMoney(ValueError):
    """What was typed is not an amount of money."""


def parse_money(text: str) -> Decimal | None:
    """An amount as people type it, with or without the pound sign, commas and spaces; None when nothing is left.
    Raises NotMoney for anything else (words, "NaN", "Infinity"). The amount is as typed: checking its pence and
    its size is the caller's."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise NotMoney(text) from None
    if not amount.is_finite():
        raise NotMoney(text)
    return amount


def amount_of_money(value: object, *, what: str = "The amount", field: str = "amount") -> Decimal:
    """`value` (a Decimal, a whole number or a string of digits) as pounds and pence, or a DomainError in the
    words of `what`: "The amount must be an amount of money, like 1,250.00", "... must be in pounds and pence,
    like 1,250.50"."""
    try:
        amount = Decimal(value)  # type: ignore[arg-type]
    except (ArithmeticError, TypeError, ValueError):
        raise DomainError(f"{what} must be an amount of money, like 1,250.00", field=field) from None
    if not amount.is_finite() or amount != amount.quantize(PENNY):
        raise DomainError(f"{what} must be in pounds and pence, like 1,250.50", field=field)
    return amount.quantize(PENNY)


def _shown(amount: Decimal, *, pence: bool) -> str:
    """An amount already rounded to the penny, with its sign before the pound sign: -£20.00."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if not pence and amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


def format_money(value: object) -> str:
    """£1,234.56 for tables and summaries; "" for None or ""; anything that is not a number as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(PENNY)
    except (InvalidOperation, ValueError):
        return str(value)
    return _shown(amount, pence=True)


def pounds(amount: Decimal | int) -> str:
    """£3,000 for whole pounds, £3,000.50 otherwise: the GOV.UK style for money in sentences."""
    return _shown(Decimal(amount).quantize(PENNY), pence=False)
