"""The decision record's workflow (DECISION_TRANSITIONS) on the one workflow primitive, with the permission each
move needs: a decision-maker approves a draft, or returns it without a decision, (the service also checks that their delegated limit covers the
amount); those who draft or decide publish an approved record."""

from commissioning.audit.workflow import Workflow, register

from .models import DECISION_TRANSITIONS, DecisionRecord, DecisionStatus

S = DecisionStatus

# Where a record is, in words that finish "Decision 2026/014 is …".
STATE_IN_WORDS: dict[str, str] = {
    S.DRAFT: "still a draft",
    S.APPROVED: "already approved",
    S.PUBLISHED: "already published",
    S.RETURNED: "returned without a decision",
}


def refusal_words(current: str, target: str) -> str:
    """Why a record cannot make a move, to follow its name: "is still a draft, so it cannot be published: it
    must be approved first"."""
    state = STATE_IN_WORDS.get(current, current.replace("_", " "))
    verb = S(target).label.lower() if target in S.values else target.replace("_", " ")
    return f"is {state}, so it cannot be {verb}" + (
        ": it must be approved first" if target == S.PUBLISHED else ""
    )


DECISION_WORKFLOW = register(
    Workflow(
        model=DecisionRecord,
        table=DECISION_TRANSITIONS,
        actions={
            S.APPROVED: "decision.approve",
            S.PUBLISHED: "decision.publish",
            S.RETURNED: "decision.approve",
        },
        noun="decision record",
        choices=DecisionStatus,
        refusal=lambda current, target: f"This decision record {refusal_words(current, target)}",
        verbs={S.APPROVED: "approve", S.PUBLISHED: "publish", S.RETURNED: "return"},
        labels={S.APPROVED: "Approve", S.PUBLISHED: "Publish", S.RETURNED: "Return without a decision"},
    )
)
