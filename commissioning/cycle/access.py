"""Who may see and act on the commissioning cycle's records, asked of the permission table (accounts/permissions.py).
Staff views load records only through these functions."""

from django.http import Http404

from commissioning.accounts.permissions import may, require
from commissioning.audit.workflow import MoveOption, allowed_moves

from .models import (
    CommissioningIntentions,
    Evidence,
    IntentionsStatus,
    NeedsAssessment,
    NeedsAssessmentVersion,
    Project,
)
from .selectors.intentions import intentions_detail
from .selectors.needs import needs_assessment
from .selectors.projects import project_with_links

# --- Needs assessments -------------------------------------------------------------------------------------------


def needs_assessment_for(user: object, pk: int) -> NeedsAssessment:
    """The assessment with its priorities and versions, if the person may read needs assessments."""
    require(user, "needs.view")
    assessment = needs_assessment(pk)
    if assessment is None:
        raise Http404("No needs assessment found")
    return assessment


def needs_version_for(user: object, pk: int, number: int) -> tuple[NeedsAssessment, NeedsAssessmentVersion]:
    assessment = needs_assessment_for(user, pk)
    version = next((v for v in assessment.versions.all() if v.number == number), None)
    if version is None:
        raise Http404("No such version of this needs assessment")
    return assessment, version


def needs_evidence_for(user: object, pk: int, evidence_pk: int) -> Evidence:
    """A piece of evidence with a file, of this assessment, for those who may read it."""
    require(user, "needs.view")
    evidence = (
        Evidence.objects.select_related("version")
        .filter(pk=evidence_pk, version__assessment_id=pk)
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404("No evidence file found")
    return evidence


# --- Commissioning intentions ------------------------------------------------------------------------------------


def intentions_for(user: object, pk: int) -> CommissioningIntentions:
    require(user, "intentions.view")
    intentions = intentions_detail(pk)
    if intentions is None:
        raise Http404("No commissioning intentions found")
    return intentions


def may_change_intentions(user: object, intentions: CommissioningIntentions) -> bool:
    """Only a draft is changed: once submitted, the intentions are what the decision-maker is asked to decide."""
    return intentions.status == IntentionsStatus.DRAFT and may(user, "intentions.write", intentions)


# --- Commissioning projects ---------------------------------------------------------------------------------------
# Everyone who reads every record reads projects (`project.view`); officers change them (`project.write`), move
# them between stages (`project.move`) and launch what they chose (`project.launch`).


def project_for(user: object, pk: int) -> Project:
    """The project if the person may read projects; "not found" if there is no such project."""
    require(user, "project.view")
    project = project_with_links(pk)
    if project is None:
        raise Http404("No commissioning project found")
    return project


def may_write_project(user: object, project: Project | None = None) -> bool:
    return may(user, "project.write", project)


def may_launch(user: object, project: Project) -> bool:
    return may(user, "project.launch", project)


def project_moves(user: object, project: Project) -> list[MoveOption]:
    """Every stage the project can move to, each saying whether the person may move it there now and why not."""
    return allowed_moves(project, user)
