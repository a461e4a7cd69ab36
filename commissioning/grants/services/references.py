"""Application references such as PPAF-2026-0042: the scheme's prefix, the calendar year of submission and a
number that counts up from 1 for each prefix and year.

The number comes from the core reference counter under the scope "application:<PREFIX>" (see
`core.services.reference_next`), which keeps it locked until the submission is saved, so two submissions at the
same moment never share one.
"""

from commissioning.core import services as core_services

SCOPE_PREFIX = "application:"


def reference_scope(prefix: str) -> str:
    """The core reference counter's scope for applications with this prefix."""
    return f"{SCOPE_PREFIX}{prefix}"


def reference_format(*, prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def reference_next(*, prefix: str, year: int) -> str:
    """Take the next reference for `prefix` in `year`. Must run inside the transaction that uses it."""
    number = core_services.reference_next(reference_scope(prefix), year)
    return reference_format(prefix=prefix, year=year, number=number)
