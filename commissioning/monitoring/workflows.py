"""Monitoring's workflows on the one workflow primitive (audit.workflow), with the permission each move needs.

A return (RETURN_TRANSITIONS): the provider saves answers (due to draft) and submits it; an officer reviews it
with a rating or sends it back for changes, and the provider submits it again. A remedial plan (REMEDIAL_PLAN_TRANSITIONS)
is open until its last action is done, when it closes.
"""

from commissioning.audit.workflow import Workflow, register

from .models import (
    REMEDIAL_PLAN_TRANSITIONS,
    RETURN_TRANSITIONS,
    MonitoringReturn,
    RemedialPlan,
    ReturnStatus,
)

S = ReturnStatus


RETURN_WORKFLOW = register(
    Workflow(
        model=MonitoringReturn,
        table=RETURN_TRANSITIONS,
        actions={
            S.DRAFT: "return.submit",
            S.SUBMITTED: "return.submit",
            S.REVIEWED: "monitoring.manage",
            S.CHANGES_REQUESTED: "monitoring.manage",
        },
        noun="monitoring return",
        choices=ReturnStatus,
        refusal="A return that is {current} cannot become {target}",
        verbs={
            S.DRAFT: "start",
            S.SUBMITTED: "submit",
            S.REVIEWED: "rate",
            S.CHANGES_REQUESTED: "request_changes",
        },
        labels={
            S.DRAFT: "Save answers",
            S.SUBMITTED: "Submit the return",
            S.REVIEWED: "Rate the return",
            S.CHANGES_REQUESTED: "Ask for changes",
        },
    )
)

REMEDIAL_PLAN_WORKFLOW = register(
    Workflow(
        model=RemedialPlan,
        table=REMEDIAL_PLAN_TRANSITIONS,
        actions={RemedialPlan.Status.CLOSED: "monitoring.manage"},
        noun="remedial plan",
        choices=RemedialPlan.Status,
        verbs={RemedialPlan.Status.CLOSED: "close"},
        labels={RemedialPlan.Status.CLOSED: "Close the plan"},
    )
)
