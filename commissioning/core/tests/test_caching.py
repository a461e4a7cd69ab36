"""Cached lists are read once and dropped whenever a row they come from changes."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

from commissioning.accounts.models import User
from commissioning.core.caching import CachedList
from commissioning.core.models import CommissioningBody

BODIES: CachedList[str] = CachedList("test:bodies", sources=[CommissioningBody])
PEOPLE: CachedList[str] = CachedList("test:people", sources=[User.groups.through, Group])


def body_names() -> list[str]:
    return list(CommissioningBody.objects.order_by("pk").values_list("name", flat=True))


def people_in_roles() -> list[str]:
    return list(User.objects.filter(groups__isnull=False).order_by("email").values_list("email", flat=True))


@pytest.mark.django_db
def test_the_list_is_read_once_then_dropped_when_a_row_is_saved_or_deleted(django_assert_num_queries):
    body = CommissioningBody.objects.create(name="First", short_name="F")
    with django_assert_num_queries(1):
        assert BODIES.get(body_names) == ["First"]
    with django_assert_num_queries(0):
        assert BODIES.get(body_names) == ["First"]
    body.name = "Renamed"
    body.save()
    assert BODIES.get(body_names) == ["Renamed"]
    body.delete()
    assert BODIES.get(body_names) == []


@pytest.mark.django_db
def test_many_to_many_changes_drop_the_list(make_user):
    person = make_user("assessor")
    assert PEOPLE.get(people_in_roles) == [person.email]
    person.groups.clear()
    assert PEOPLE.get(people_in_roles) == []
    Group.objects.get(name="assessor").user_set.add(person)
    assert PEOPLE.get(people_in_roles) == [person.email]


@pytest.mark.django_db
@override_settings(CACHE_ROWS=False)
def test_without_a_shared_cache_every_call_reads_the_database(django_assert_num_queries):
    CommissioningBody.objects.create(name="First", short_name="F")
    for _ in range(2):
        with django_assert_num_queries(1):
            BODIES.get(body_names)


@pytest.mark.django_db
def test_a_change_drops_the_list_again_when_it_commits(django_capture_on_commit_callbacks):
    body = CommissioningBody.objects.create(name="First", short_name="F")
    BODIES.get(body_names)
    with django_capture_on_commit_callbacks(execute=True):
        body.name = "Renamed"
        body.save()
        # Before the change commits, a request elsewhere reads the old row and caches it again.
        cache.set(BODIES.key, ["First"])
    assert BODIES.get(body_names) == ["Renamed"]
