"""Fixtures shared by every app's tests: people with roles, and clients signed in as them."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(*roles: str, email: str | None = None, full_name: str | None = None, password: str = "x") -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            email=email or f"person{counter['n']}@example.org",
            password=password,
            full_name=full_name or f"Person {counter['n']}",
        )
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
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
