"""Rules with a date of effect: which rule held on a date, and refusing a back-dated or same-date rule."""

from dataclasses import dataclass
from datetime import date

import pytest

from commissioning.core.effective import in_effect, refuse_backdated, refuse_same_date, rule_on
from commissioning.core.errors import DomainError


@dataclass
class Row:
    pk: int
    scope: str
    effective_from: date


ROWS = [
    Row(1, "fund a", date(2025, 4, 1)),
    Row(2, "fund a", date(2026, 4, 1)),
    Row(3, "fund b", date(2026, 1, 1)),
    Row(4, "fund a", date(2027, 4, 1)),
]


def test_the_newest_row_that_has_started_holds_in_each_scope():
    held = in_effect(ROWS, on=date(2026, 6, 1), scope=lambda row: row.scope)
    assert {key: row.pk for key, row in held.items()} == {"fund a": 2, "fund b": 3}


def test_a_rule_holds_from_its_first_day_and_not_the_day_before():
    fund_a = [row for row in ROWS if row.scope == "fund a"]
    assert rule_on(fund_a, on=date(2026, 3, 31)).pk == 1
    assert rule_on(fund_a, on=date(2026, 4, 1)).pk == 2
    assert rule_on(fund_a, on=date(2027, 4, 1)).pk == 4


def test_before_the_first_rule_nothing_holds():
    assert rule_on(ROWS, on=date(2024, 1, 1)) is None
    assert in_effect(ROWS, on=date(2024, 1, 1), scope=lambda row: row.scope) == {}


def test_the_order_rows_arrive_in_does_not_matter():
    assert rule_on(list(reversed(ROWS)), on=date(2026, 6, 1)).pk == 2


def test_a_backdated_rule_is_refused_with_the_callers_words():
    with pytest.raises(DomainError) as refused:
        refuse_backdated(
            date(2026, 1, 1),
            today=date(2026, 2, 1),
            message="The rule must take effect today ({today}) or later",
        )
    assert refused.value.message == "The rule must take effect today (1 February 2026) or later"
    assert refused.value.field == "effective_from"
    refuse_backdated(date(2026, 2, 1), today=date(2026, 2, 1), message="unused")


def test_a_second_rule_from_the_same_date_is_refused():
    with pytest.raises(DomainError) as refused:
        refuse_same_date(True, effective_from=date(2026, 4, 1), message="There is already a rule from {date}")
    assert refused.value.message == "There is already a rule from 1 April 2026"
    refuse_same_date(False, effective_from=date(2026, 4, 1), message="unused")
