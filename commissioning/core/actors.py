"""Who acts: a person who signed in, or a named part of the system (a scheduled job, an import, the demo loader).

Every write service takes `by: Actor`. A string or `None` is never an actor: what the audit trail says acted is
always a person's account or one of the system actors named here.
"""

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser

from .errors import DomainError


@dataclass(frozen=True)
class SystemActor:
    """A part of the system that acts without a person: the trail shows its name."""

    name: str

    # Shaped like an anonymous user where code asks, so no role and no organisation is ever read from it.
    is_authenticated = False
    is_active = False

    def __str__(self) -> str:
        return self.name


Person: TypeAlias = AbstractBaseUser
Actor: TypeAlias = AbstractBaseUser | SystemActor

# The system actors there are. Each is allowed only the actions the permission table names it for.
SCHEDULER = SystemActor("scheduled job")
DEMO_LOADER = SystemActor("demo data")
DATA_GENERATOR = SystemActor("data generator")
IMPORTER = SystemActor("import")
BACKGROUND_TASK = SystemActor("background task")

SYSTEM_ACTORS = frozenset({SCHEDULER, DEMO_LOADER, DATA_GENERATOR, IMPORTER, BACKGROUND_TASK})


def is_person(by: object) -> bool:
    """A signed-in, active person (not a system actor, not the anonymous user)."""
    return bool(getattr(by, "is_authenticated", False)) and not isinstance(by, SystemActor)


def person_or_none(by: object) -> AbstractBaseUser | None:
    """The person who acted, for a `changed_by`-style foreign key; None when the system acted."""
    return by if is_person(by) and isinstance(by, AbstractBaseUser) else None


def person_id(by: object) -> int | None:
    """The id of the person who acted, for a `…_by_id` column; None when the system acted."""
    person = person_or_none(by)
    return int(person.pk) if person is not None else None


def acting_person(by: object) -> AbstractBaseUser:
    """The person acting, where only a person may act (they join, they are named on the record); a system actor
    is refused."""
    person = person_or_none(by)
    if person is None:
        raise DomainError(f"The {by} cannot do this: a person who has signed in must")
    return person


def acting_person_id(by: object) -> int:
    """The id of the person acting, where only a person may act (the record names who did it); a system actor is
    refused."""
    return int(acting_person(by).pk)


def actor_label(by: object) -> str:
    """How the trail and history name who acted."""
    person = person_or_none(by)
    if person is not None:
        return str(getattr(person, "email", "") or person.pk)
    return str(by) if by else "system"
