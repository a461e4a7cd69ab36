"""The agreement's workflow (AGREEMENT_TRANSITIONS) on the one workflow primitive, with the permission each move
needs: whoever makes an agreement offers it (or records it as already agreed); the lead organisation answers the
offer; officers, or the partner running the fund, withdraw a draft or an offer and end an agreement, on time or
early."""

from commissioning.audit.workflow import Workflow, register

from .models import AGREEMENT_TRANSITIONS, Agreement, AgreementStatus

S = AgreementStatus

# How the refusal words where an agreement is and where it cannot go: "This agreement was declined, so it
# cannot be ended early".
STATE_WORDS = {
    S.DRAFT: "is a draft",
    S.OFFERED: "is on offer",
    S.ACTIVE: "is active",
    S.DECLINED: "was declined",
    S.WITHDRAWN: "was withdrawn",
    S.ENDED: "has ended",
    S.TERMINATED: "was ended early",
}
MOVE_WORDS = {
    S.DRAFT: "made a draft again",
    S.OFFERED: "offered",
    S.ACTIVE: "made active",
    S.DECLINED: "declined",
    S.WITHDRAWN: "withdrawn",
    S.ENDED: "ended",
    S.TERMINATED: "ended early",
}


def refusal(current: str, target: str) -> str:
    return f"This agreement {STATE_WORDS[S(current)]}, so it cannot be {MOVE_WORDS[S(target)]}"


AGREEMENT_WORKFLOW = register(
    Workflow(
        model=Agreement,
        table=AGREEMENT_TRANSITIONS,
        actions={
            S.OFFERED: "agreement.offer",
            (S.DRAFT, S.ACTIVE): "agreement.create",
            (S.OFFERED, S.ACTIVE): "agreement.answer_offer",
            S.DECLINED: "agreement.answer_offer",
            S.WITHDRAWN: "agreement.manage",
            S.ENDED: "agreement.end",
            S.TERMINATED: "agreement.end",
        },
        noun="agreement",
        choices=AgreementStatus,
        refusal=refusal,
        verbs={
            S.OFFERED: "offer",
            S.ACTIVE: "accept",
            S.DECLINED: "decline",
            S.WITHDRAWN: "withdraw",
            S.ENDED: "end",
            S.TERMINATED: "end early",
        },
        labels={
            S.OFFERED: "Offer",
            S.ACTIVE: "Accept the offer",
            S.DECLINED: "Decline the offer",
            S.WITHDRAWN: "Withdraw",
            S.ENDED: "End the agreement",
            S.TERMINATED: "End the agreement early",
        },
    )
)
