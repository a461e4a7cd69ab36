"""Feedback moderation (FEEDBACK_TRANSITIONS) on the one workflow primitive: feedback waits, then a moderator
approves it (it counts) or rejects it (it does not). The move's audit event keeps only what moderation decides,
never the public's words or contact details, which stay in the feedback row."""

from typing import Any

from commissioning.audit.workflow import Workflow, register

from .models import FEEDBACK_TRANSITIONS, Feedback, FeedbackStatus

S = FeedbackStatus


def moderation_record(feedback: Feedback) -> dict[str, Any]:
    """What the trail keeps of a moderation: never the text or contact details, which stay in the feedback row."""
    return {
        "status": feedback.status,
        "rejection_reason": feedback.rejection_reason,
        "themes": sorted(theme.slug for theme in feedback.themes.all()) if feedback.pk else [],
    }


FEEDBACK_WORKFLOW = register(
    Workflow(
        model=Feedback,
        table=FEEDBACK_TRANSITIONS,
        actions={S.APPROVED: "feedback.moderate", S.REJECTED: "feedback.moderate"},
        noun="feedback",
        choices=FeedbackStatus,
        refusal="This feedback has already been {current}, so it cannot be moderated again",
        verbs={S.APPROVED: "feedback.approve", S.REJECTED: "feedback.reject"},
        labels={S.APPROVED: "Approve", S.REJECTED: "Reject"},
        audit_view=moderation_record,
    )
)
