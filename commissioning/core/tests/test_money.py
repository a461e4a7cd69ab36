"""Money, one way (core.money): one parser of what people type, one check of what a service is given, and the
two ways money is shown (£1,234.56 in tables, £3,000 in sentences), byte for byte as before they were shared."""

import ast
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.errors import DomainError
from commissioning.core.forms import MoneyField
from commissioning.core.money import NotMoney, amount_of_money, format_money, parse_money, pounds
from commissioning.core.templatetags.money import money


def _format_money_as_it_was(value: object) -> str:
    """core.templatetags.money.format_money before core.money."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def _pounds_as_it_was(amount: Decimal) -> str:
    """finance.rules.pounds before core.money."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


AMOUNTS = [
    Decimal("0"),
    Decimal("0.00"),
    Decimal("-0.001"),
    Decimal("0.004"),
    Decimal("0.005"),
    Decimal("1"),
    Decimal("3000"),
    Decimal("3000.50"),
    Decimal("1234.567"),
    Decimal("-20"),
    Decimal("-1234.5"),
    Decimal("999999999999.99"),
    Decimal("1E+3"),
    5000,
    -7,
]


@pytest.mark.parametrize("amount", AMOUNTS)
def test_money_is_shown_exactly_as_before(amount):
    assert format_money(amount) == _format_money_as_it_was(amount)
    assert money(amount) == _format_money_as_it_was(amount)
    assert pounds(amount) == _pounds_as_it_was(amount)


@pytest.mark.parametrize("value", [None, "", "12.5", "not a number", 3.25])
def test_the_table_format_takes_what_templates_give_it(value):
    assert format_money(value) == _format_money_as_it_was(value)


def test_the_two_ways_of_showing_money():
    assert format_money(Decimal("1234.56")) == "£1,234.56"
    assert format_money(Decimal("3000")) == "£3,000.00"
    assert format_money(Decimal("-20")) == "-£20.00"
    assert format_money(None) == ""
    assert pounds(Decimal("3000")) == "£3,000"
    assert pounds(Decimal("3000.5")) == "£3,000.50"
    assert pounds(Decimal("-20")) == "-£20"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.5")),
        ("1,234", Decimal("1234")),
        (" £ 12 ", Decimal("12")),
        ("0", Decimal("0")),
        ("-5", Decimal("-5")),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert parse_money(typed) == amount


@pytest.mark.parametrize("typed", ["", "   ", "£", " , "])
def test_nothing_typed_is_no_amount(typed):
    assert parse_money(typed) is None


@pytest.mark.parametrize("typed", ["ten pounds", "12.3.4", "NaN", "Infinity", "£-"])
def test_anything_else_is_not_money(typed):
    with pytest.raises(NotMoney):
        parse_money(typed)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("ten pounds", "Amount must be an amount of money, like 1,250.00"),
        ("NaN", "Amount must be an amount of money, like 1,250.00"),
        ("1.234", "Amount must be in pounds and pence, like 1,250.50"),
        ("-1", "Amount must be £0.00 or more"),
        ("£1,000,000,000,000", "Amount must be £999,999,999,999 or less"),
        ("", "Enter amount"),
    ],
)
def test_the_money_field_reads_with_the_one_parser_and_refuses_in_plain_words(typed, error):
    field = MoneyField(label="Amount")
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [error]
    assert field.clean("£1,250.50") == Decimal("1250.50")


def test_a_service_is_given_pounds_and_pence():
    assert amount_of_money("1250.5") == Decimal("1250.50")
    assert amount_of_money(Decimal("3")) == Decimal("3.00")
    assert amount_of_money(7) == Decimal("7.00")
    for value, message in (
        ("lots", "The fee must be an amount of money, like 1,250.00"),
        (None, "The fee must be an amount of money, like 1,250.00"),
        ("1.234", "The fee must be in pounds and pence, like 1,250.50"),
        ("NaN", "The fee must be in pounds and pence, like 1,250.50"),
    ):
        with pytest.raises(DomainError) as refused:
            amount_of_money(value, what="The fee", field="fee")
        assert (refused.value.message, refused.value.field) == (message, "fee")


@pytest.mark.parametrize(
    "module", ["money.py", "pdf.py", "charts.py", "forms.py", "databases.py", "templatetags/money.py"]
)
def test_money_and_what_shows_it_import_no_domain_app(module):
    tree = ast.parse((Path(__file__).resolve().parent.parent / module).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    outside = {name for name in imported if name.startswith("commissioning.")}
    assert {name for name in outside if not name.startswith("commissioning.core")} == set()
