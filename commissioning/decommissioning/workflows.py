"""The decommissioning proposal's workflow (DECOMMISSIONING_TRANSITIONS) on the one workflow primitive: an officer
proposes a draft (it must cite a monitoring report on record and be complete, the notice long enough) or withdraws
it; a decision-maker decides a proposal (the service asks the scheme of delegation about the agreement's
remaining value) or refuses it. Every move carries its reason."""

from commissioning.audit.workflow import Workflow, register

from .models import DECOMMISSIONING_TRANSITIONS, Decommissioning, DecommissioningStatus
from .selectors import why_not_decided, why_not_proposed

S = DecommissioningStatus

DECOMMISSIONING_WORKFLOW = register(
    Workflow(
        model=Decommissioning,
        table=DECOMMISSIONING_TRANSITIONS,
        actions={
            S.PROPOSED: "decommissioning.propose",
            S.WITHDRAWN: "decommissioning.propose",
            S.DECIDED: "decommissioning.decide",
            S.REFUSED: "decommissioning.decide",
        },
        noun="decommissioning",
        choices=DecommissioningStatus,
        refusal="This decommissioning is {current}, so it cannot be {target}",
        verbs={S.PROPOSED: "propose", S.WITHDRAWN: "withdraw", S.DECIDED: "decide", S.REFUSED: "refuse"},
        labels={
            S.PROPOSED: "Propose for decision",
            S.WITHDRAWN: "Withdraw",
            S.DECIDED: "Decide",
            S.REFUSED: "Refuse",
        },
        guards={S.PROPOSED: why_not_proposed, S.DECIDED: why_not_decided},
    )
)
