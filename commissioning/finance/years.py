"""Financial years run from 1 April to 31 March and are named by the years they span: 2025/26.

These are calendar facts, so they are plain functions; `FinancialYear` rows exist only so allocations can point
at a year.
"""

import re
from datetime import date

FIRST_START_YEAR = 2000
LAST_START_YEAR = 2099
_SLUG = re.compile(r"^(\d{4})-(\d{2})$")


def start_year_of(on: date) -> int:
    """The calendar year in which the financial year holding `on` began (1 January 2026 is in 2025/26)."""
    return on.year if on.month >= 4 else on.year - 1


def starts_on(start_year: int) -> date:
    return date(start_year, 4, 1)


def ends_on(start_year: int) -> date:
    return date(start_year + 1, 3, 31)


def label_of(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def slug_of(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def start_year_from_slug(slug: str) -> int | None:
    """The start year named by a slug such as "2025-26", or None if the slug does not name a financial year."""
    match = _SLUG.match(slug or "")
    if not match:
        return None
    start_year = int(match.group(1))
    if int(match.group(2)) != (start_year + 1) % 100:
        return None
    if not FIRST_START_YEAR <= start_year <= LAST_START_YEAR:
        return None
    return start_year


class FinancialYearConverter:
    """URL converter for "2025-26": the view receives the start year as an int."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> int:
        start_year = start_year_from_slug(value)
        if start_year is None:
            raise ValueError(f"{value} is not a financial year")
        return start_year

    def to_url(self, value: object) -> str:
        """Accepts a start year, a slug or anything with a `start_year` (a FinancialYear)."""
        if isinstance(value, str):
            start_year = start_year_from_slug(value)
            if start_year is None:
                raise ValueError(f"{value} is not a financial year")
            return value
        return slug_of(int(getattr(value, "start_year", value)))  # type: ignore[call-overload]
