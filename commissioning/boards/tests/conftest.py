from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.boards.models import Board, BoardPack, Meeting
from commissioning.boards.services import board_pack_request, meeting_create
from commissioning.organisations.tests.factories import OrganisationFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Packs' PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def generate(django_capture_on_commit_callbacks: Any) -> Callable[..., BoardPack]:
    """Ask for a board pack and run the task it queues, as the commit of a real request would."""

    def run(*, by: User, meeting: Meeting) -> BoardPack:
        with django_capture_on_commit_callbacks(execute=True):
            pack = board_pack_request(by=by, meeting=meeting)
        pack.refresh_from_db()
        return pack

    return run


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def cfo(make_user: Callable[..., User]) -> User:
    return make_user(Role.CHIEF_FINANCE_OFFICER, full_name="Fred Finance")


@pytest.fixture
def board(db: Any) -> Board:
    return Board.objects.create(
        name="Commissioner's Monitoring Board",
        purpose="Holds commissioned services to account",
        chair_role="Police and Crime Commissioner",
    )


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def meeting(board: Board, officer: User) -> Meeting:
    """A meeting in the financial year 2026/27."""
    return meeting_create(
        by=officer, board=board, starts_at=at(date(2026, 12, 8)), location="Police HQ, Devizes"
    )


@pytest.fixture
def organisation(db: Any) -> Any:
    return OrganisationFactory(name="Swindon Victim Support")
