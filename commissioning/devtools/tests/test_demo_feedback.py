"""The feedback demo: on top of the other demos it leaves approved, rejected and waiting feedback on the running
services, and a second run writes nothing."""

from importlib import import_module

import pytest

from commissioning.accounts.models import User
from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.devtools.demo.accounts import load as load_accounts
from commissioning.feedback.models import Feedback, FeedbackStatus

pytestmark = pytest.mark.django_db

APPS = ["core", "plans", "organisations", "finance", "governance", "agreements", "grants", "feedback"]


def _load_all() -> User:
    administrator = load_accounts(by=DEMO_LOADER)
    for app in APPS:
        try:
            module = import_module(f"commissioning.devtools.demo.{app}")
        except ModuleNotFoundError:
            continue
        module.load(by=administrator)
    return administrator


def test_demo_has_every_state_and_loads_twice_without_new_events(mailoutbox: list[object]) -> None:
    administrator = _load_all()
    assert set(Feedback.objects.values_list("status", flat=True)) == set(FeedbackStatus.values)
    assert Feedback.objects.filter(status=FeedbackStatus.APPROVED, themes__isnull=False).exists()
    assert Feedback.objects.filter(name="", email="", phone="").exists()
    events, feedback = AuditEvent.objects.count(), Feedback.objects.count()
    import_module("commissioning.devtools.demo.feedback").load(by=administrator)
    assert (AuditEvent.objects.count(), Feedback.objects.count()) == (events, feedback)
