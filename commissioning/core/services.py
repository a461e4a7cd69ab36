from django.db import IntegrityError, models, transaction

from .errors import DomainError
from .models import ReferenceCounter


def reference_next(scope: str, year: int) -> int:
    """The next number in `scope` for `year`, counting up from 1. The counter row stays locked until the caller's
    transaction ends, so two callers at the same moment wait for each other and never share a number; it must
    run inside the transaction that saves the reference."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_next must be called inside the transaction that saves the reference")
    counter = ReferenceCounter.objects.select_for_update().filter(scope=scope, year=year).first()
    if counter is None:
        try:
            # The first number of a year: another caller may create the row at the same moment.
            with transaction.atomic():
                ReferenceCounter.objects.create(scope=scope, year=year, last=0)
        except IntegrityError:
            pass
        counter = ReferenceCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def reference_counter_raise(scope: str, year: int, last: int) -> None:
    """Move the counter for `scope` and `year` on to at least `last`, for numbers given without `reference_next`
    (generated data), so a number taken later never repeats one of them."""
    counter, _ = ReferenceCounter.objects.get_or_create(scope=scope, year=year)
    if counter.last < last:
        counter.last = last
        counter.save(update_fields=["last"])


def refuse_name_in_use(
    model: type[models.Model], name: str, *, instance: models.Model | None, what: str
) -> None:
    """Refuse a name another row of `model` already has, whatever its case ("There is already a board called
    ..."): for data people name themselves, where two of one name would be told apart by no one."""
    others = model._default_manager.filter(name__iexact=name)
    if instance is not None and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise DomainError(f"There is already {what} called {name}", field="name")
