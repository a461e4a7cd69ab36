"""The commissioning cycle's workflows on the one workflow primitive (audit/workflow.py)."""

# --- Commissioning projects: the live stages analyse, plan, do and review ----------------------------------------

from commissioning.audit.workflow import Workflow, register  # noqa: E402

from .models import PROJECT_TRANSITIONS, Project, ProjectStage  # noqa: E402
from .selectors.projects import do_refusal  # noqa: E402

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
