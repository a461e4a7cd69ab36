from datetime import date

import pytest

from commissioning.finance import years
from commissioning.finance.models import FinancialYear
from commissioning.finance.services import financial_year_for


@pytest.mark.parametrize(
    ("on", "start_year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2025, 4, 1), 2025),
        (date(2025, 3, 31), 2024),
    ],
)
def test_start_year_of_a_date(on: date, start_year: int):
    assert years.start_year_of(on) == start_year


def test_a_year_is_named_and_bounded():
    year = FinancialYear(start_year=2025)
    assert year.label == "2025/26"
    assert year.slug == "2025-26"
    assert year.starts_on == date(2025, 4, 1)
    assert year.ends_on == date(2026, 3, 31)
    assert year.contains(date(2026, 3, 31))
    assert not year.contains(date(2026, 4, 1))
    assert FinancialYear(start_year=2099).label == "2099/00"


@pytest.mark.parametrize(
    ("slug", "start_year"),
    [("2025-26", 2025), ("2099-00", 2099), ("2025-27", None), ("2025/26", None), ("abc", None), ("", None)],
)
def test_slugs(slug: str, start_year: int | None):
    assert years.start_year_from_slug(slug) == start_year


@pytest.mark.django_db
def test_financial_year_for_creates_the_year_once():
    first = financial_year_for(date(2026, 3, 31))
    again = financial_year_for(date(2025, 4, 1))
    assert first.pk == again.pk
    assert first.label == "2025/26"
    assert financial_year_for(date(2026, 4, 1)).label == "2026/27"
    assert FinancialYear.objects.count() == 2
