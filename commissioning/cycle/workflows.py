"""The commissioning cycle's workflows on the one workflow primitive (audit/workflow.py)."""

from commissioning.audit.workflow import Workflow, register

from .models import (
    INTENTIONS_TRANSITIONS,
    PROJECT_TRANSITIONS,
    CommissioningIntentions,
    IntentionsStatus,
    Project,
    ProjectStage,
)
from .selectors.intentions import submit_problem
from .selectors.projects import do_refusal

# --- Commissioning intentions ------------------------------------------------------------------------------------
INTENTIONS = IntentionsStatus
DECIDED_BY_THE_RECORD = (
    "Commissioning intentions are approved, or returned to draft, as their decision record is"
)


INTENTIONS_WORKFLOW = register(
    Workflow(
        model=CommissioningIntentions,
        table=INTENTIONS_TRANSITIONS,
        actions={
            INTENTIONS.AWAITING_DECISION: "intentions.submit",
            INTENTIONS.APPROVED: "intentions.decide",
            (INTENTIONS.AWAITING_DECISION, INTENTIONS.DRAFT): "intentions.decide",
            INTENTIONS.PUBLISHED: "intentions.publish",
        },
        noun="commissioning intentions",
        choices=IntentionsStatus,
        refusal="These commissioning intentions are {current}, so they cannot be {target}",
        verbs={
            INTENTIONS.AWAITING_DECISION: "submit for decision",
            INTENTIONS.APPROVED: "approve",
            INTENTIONS.DRAFT: "return to draft",
            INTENTIONS.PUBLISHED: "publish",
        },
        labels={INTENTIONS.AWAITING_DECISION: "Submit for decision", INTENTIONS.PUBLISHED: "Publish"},
        guards={
            INTENTIONS.AWAITING_DECISION: submit_problem,
            INTENTIONS.APPROVED: lambda intentions: DECIDED_BY_THE_RECORD,
            INTENTIONS.DRAFT: lambda intentions: DECIDED_BY_THE_RECORD,
        },
    )
)


# --- Commissioning projects: the live stages analyse, plan, do and review ----------------------------------------


PROJECT_WORKFLOW = register(
    Workflow(
        model=Project,
        table=PROJECT_TRANSITIONS,
        actions={stage: "project.move" for stage in ProjectStage.values},
        noun="project",
        status_field="stage",
        choices=ProjectStage,
        refusal="This project is already at {current}, so it cannot move to {target}",
        verbs={stage: f"move to {stage}" for stage in ProjectStage.values},
        labels={stage: f"Move to {label.lower()}" for stage, label in ProjectStage.choices},
        guards={ProjectStage.DO: do_refusal},
    )
)
