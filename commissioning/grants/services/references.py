"""Application references such as PPAF-2026-0042: the scheme's prefix, the calendar year of submission and a
number that counts up from 1 for each prefix and year.

The counter row is taken under `select_for_update`, so two submissions at the same moment wait for each other and
never share a number. The caller's transaction holds the lock until the submission is saved.
"""

from django.db import IntegrityError, transaction

from commissioning.grants.models import ReferenceCounter


def reference_format(*, prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def reference_next(*, prefix: str, year: int) -> str:
    """Take the next reference for `prefix` in `year`. Must run inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_next must be called inside the transaction that saves the reference")
    counter = ReferenceCounter.objects.select_for_update().filter(prefix=prefix, year=year).first()
    if counter is None:
        try:
            # The first reference of a year: another submission may create the row at the same moment.
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last_number=0)
        except IntegrityError:
            pass
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return reference_format(prefix=prefix, year=year, number=counter.last_number)
