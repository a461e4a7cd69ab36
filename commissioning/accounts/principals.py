"""The signed-in person, read from the cache instead of the database on every request.

Every signed-in page needs the person (the user row), their roles (their groups) and, for staff, the TOTP device
that verified their session. Read from the database that is three queries - a fifth of a simple page's cost. Here
they are kept in Django's cache and dropped whenever one of them changes: a user saved or deleted, their groups
changed, a group renamed or deleted, a device saved (each verification saves it) or deleted.

Only where every process sees the same cache (`settings.CACHE_ROWS`: Redis via REDIS_URL, or a single process in
development and tests): with a cache per process, a role taken away in one worker would linger in the others.
Without it these classes behave exactly like Django's and django-otp's own.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from commissioning.core.caching import cache_drop

from .models import User
from .roles import user_roles

TIMEOUT = (
    60 * 60
)  # an hour; every change drops the entry at once, this only bounds what an outage could leave


def _user_key(pk: Any) -> str:
    return f"principal:user:{pk}"


def _device_key(persistent_id: str) -> str:
    return f"principal:device:{persistent_id}"


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` (run on every signed-in request) reads the cache first. The user is
    cached with their roles already read, so `user_roles` costs nothing either."""

    def get_user(self, user_id: Any) -> Any:
        if not settings.CACHE_ROWS:
            return super().get_user(user_id)
        key = _user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            user_roles(user)  # read once, kept on the instance that is cached
            cache.set(key, user, TIMEOUT)
        return user


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the session's verified device from the cache first."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        if not settings.CACHE_ROWS:
            return super()._device_from_persistent_id(persistent_id)
        key = _device_key(persistent_id)
        device = cache.get(key)
        if device is None:
            device = super()._device_from_persistent_id(persistent_id)
            if device is not None:
                cache.set(key, device, TIMEOUT)
        return device


@receiver(post_save, sender=User, dispatch_uid="principals.user_saved")
@receiver(post_delete, sender=User, dispatch_uid="principals.user_deleted")
def _user_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    cache_drop(_user_key(instance.pk))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="principals.groups_changed")
def _groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not action.startswith("post_") and action != "pre_clear":
        return
    if not reverse:  # user.groups.add/remove/set/clear
        cache_drop(_user_key(instance.pk))
    elif pk_set:  # group.user_set.add/remove
        cache_drop(*[_user_key(pk) for pk in pk_set])
    else:  # group.user_set.clear(): pre_clear still knows who was in it
        cache_drop(*[_user_key(pk) for pk in instance.user_set.values_list("pk", flat=True)])


@receiver(post_save, sender=Group, dispatch_uid="principals.group_saved")
@receiver(pre_delete, sender=Group, dispatch_uid="principals.group_deleted")
def _group_changed(sender: Any, instance: Group, **kwargs: Any) -> None:
    """A renamed or deleted group changes the roles of everyone in it (read before a deletion empties it)."""
    members = User.groups.through.objects.filter(group_id=instance.pk).values_list("user_id", flat=True)
    cache_drop(*[_user_key(pk) for pk in members])


def _device_changed(sender: Any, instance: Device, **kwargs: Any) -> None:
    cache_drop(_device_key(instance.persistent_id))


def connect_device_signals() -> None:
    """Called from the app's ready(): every kind of django-otp device that is installed."""
    for model in apps.get_models():
        if issubclass(model, Device):
            post_save.connect(
                _device_changed, sender=model, dispatch_uid=f"principals.saved.{model._meta.label}"
            )
            post_delete.connect(
                _device_changed, sender=model, dispatch_uid=f"principals.deleted.{model._meta.label}"
            )
