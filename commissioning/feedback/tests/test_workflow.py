"""Feedback moderation moves only through the workflow primitive: each move of the table writes one audit event and
one StatusChange row, the trail never holds the public's words or contact details, and the permission table
decides who moderates."""

from typing import Any

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import allowed_moves, history
from commissioning.feedback.models import FEEDBACK_TRANSITIONS, Feedback, FeedbackStatus, Theme
from commissioning.feedback.services import PUBLIC_ACTOR, feedback_approve, feedback_give, feedback_reject

pytestmark = pytest.mark.django_db

PRIVATE = ("Private words about my visit", "Sam Private", "sam.private@example.org", "07700 900123")


def given(service: Any) -> Feedback:
    words, name, email, phone = PRIVATE
    return feedback_give(
        agreement=service,
        what_happened=words,
        name=name,
        email=email,
        phone=phone,
        consent_to_contact=True,
        consent_to_use=True,
    )


def test_each_move_of_the_table_writes_one_event_and_one_history_row_and_no_private_words(
    officer: User, service: Any
) -> None:
    approved, rejected = given(service), given(service)
    feedback_approve(by=officer, feedback=approved, themes=[Theme.objects.get(slug="safety")])
    feedback_reject(by=officer, feedback=rejected, reason="Not about this service")

    walked = {(c.from_status, c.to_status) for f in (approved, rejected) for c in history(f)}
    assert walked == {
        (current, target) for current, targets in FEEDBACK_TRANSITIONS.items() for target in targets
    }
    assert history(rejected).get().reason == "Not about this service"
    assert history(approved).get().changed_by == officer
    for feedback, verb in ((approved, "feedback.approve"), (rejected, "feedback.reject")):
        events = AuditEvent.objects.filter(record_type="feedback.feedback", record_id=str(feedback.pk))
        assert [event.action for event in events] == ["feedback.give", verb]
        for event in events:
            trail = f"{event.before} {event.after} {event.record_label}"
            assert not any(private in trail for private in PRIVATE)
    given_by = AuditEvent.objects.filter(action="feedback.give").values_list("actor_label", flat=True)
    assert set(given_by) == {str(PUBLIC_ACTOR)}


def test_only_moderators_move_feedback_and_the_buttons_say_so(
    make_user: Any, officer: User, service: Any
) -> None:
    feedback = given(service)
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionRefused):
        feedback_reject(by=auditor, feedback=feedback, reason="Spam")
    assert [(m.to, m.label, m.allowed) for m in allowed_moves(feedback, officer)] == [
        (FeedbackStatus.APPROVED, "Approve", True),
        (FeedbackStatus.REJECTED, "Reject", True),
    ]
    assert not any(m.allowed for m in allowed_moves(feedback, auditor))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING and not history(feedback).exists()
