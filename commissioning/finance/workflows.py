"""The commitment's workflow on the one workflow primitive: money committed (active) is released once, giving back
to its allocation whatever has not been paid (`services.commitment_release`)."""

from commissioning.audit.workflow import Workflow, register

from .models import COMMITMENT_TRANSITIONS, Commitment

COMMITMENT_WORKFLOW = register(
    Workflow(
        model=Commitment,
        table=COMMITMENT_TRANSITIONS,
        actions={Commitment.Status.RELEASED: "commitment.release"},
        noun="commitment",
        choices=Commitment.Status,
        refusal="This commitment has already been released",
        verbs={Commitment.Status.RELEASED: "release"},
        labels={Commitment.Status.RELEASED: "Release the money"},
    )
)
