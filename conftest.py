"""Fixtures shared by every app's tests: people with roles, and clients signed in as them."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` need PostgreSQL: skip them when the suite runs on another database."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database lets pytest-django TRUNCATE the audit table (refused everywhere else on PostgreSQL)."""
    from django.db import connections

    from commissioning.audit.testing import allow_truncate_in_test_database

    with django_db_blocker.unblock():
        for alias in connections:
            allow_truncate_in_test_database(connections[alias])


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(
        *roles: str, email: str | None = None, full_name: str | None = None, password: str = "x"
    ) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            email=email or f"person{counter['n']}@example.org",
            password=password,
            full_name=full_name or f"Person {counter['n']}",
        )
        for role in roles:
            # get_or_create: a transactional test's flush empties the groups that a migration made.
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture
def client_as(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A test client signed in as a new person holding the given roles: `client_as(Role.AUDITOR)`."""

    def make(*roles: str, user: User | None = None) -> Client:
        client = Client()
        client.force_login(user or make_user(*roles))
        return client

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATOR, full_name="Ada Admin")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rows cached by an earlier test (whose database rows were rolled back
    or flushed, and whose ids may come again) must not be read by the next."""
    from django.core.cache import cache

    cache.clear()
