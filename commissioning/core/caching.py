"""Short lists (and small values) that many pages read and few actions change - the choices of filter forms (every scheme, priority
and assessor) - kept in the shared cache and dropped whenever a row they are read from is saved or deleted.

Declare one at module level, where the signals are connected once per process, and make sure the module is imported
when the app is ready (so a worker that only ever saves the rows still drops the list every worker shares):

    SCHEME_CHOICES = CachedList("grants:scheme-choices", sources=[Scheme])
    schemes = SCHEME_CHOICES.get(lambda: Scheme.objects.only("pk", "name"))

Only with a cache every process shares (settings.CACHE_ROWS); otherwise `get` reads the database every time. Bulk
writes that send no signals (`generate_data`) clear the cache when they finish.
"""

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

TIMEOUT = 60 * 60  # every change drops the list at once; this only bounds what a missed signal could leave


def cache_drop(*keys: str) -> None:
    """Drop cached entries now and again when the current transaction commits: a change is saved (and its signal
    sent) before it commits, so a request elsewhere may read the old rows from the database in between and cache
    them again; the second drop clears that."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class CachedValue(Generic[T]):
    """One value read from the database, kept in the shared cache until a row of `sources` is saved or deleted."""

    def __init__(self, key: str, *, sources: Iterable[type[models.Model]]) -> None:
        self.key = f"value:{key}"
        for model in sources:
            uid = f"core.caching.{self.key}.{model._meta.label}"
            if model._meta.auto_created:  # a many-to-many table: rows are added and removed, not saved
                m2m_changed.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)
            else:
                post_save.connect(self._changed, sender=model, dispatch_uid=uid + ".saved", weak=False)
                post_delete.connect(self._changed, sender=model, dispatch_uid=uid + ".deleted", weak=False)

    def get(self, read: Callable[[], T]) -> T:
        if not settings.CACHE_ROWS:
            return read()
        value = cache.get(self.key, _MISSING)
        if value is _MISSING:
            value = read()
            cache.set(self.key, value, TIMEOUT)
        return value

    def _changed(self, sender: Any, **kwargs: Any) -> None:
        cache_drop(self.key)


_MISSING = object()


class CachedList(CachedValue[list[T]]):
    """A list of rows (or of values read from them), kept like a CachedValue."""

    def get(self, read: Callable[[], Iterable[T]]) -> list[T]:  # type: ignore[override]
        return super().get(lambda: list(read()))
