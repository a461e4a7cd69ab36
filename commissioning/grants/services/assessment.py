"""Writes for assessment and moderation.

Officers (or the fund's partner administrator) assign assessors; the first assignment moves the application into
assessment. Each assessor declares any conflict of interest before anything else: a conflict is recorded and
blocks scoring. Assessors score every criterion with a comment, then complete. An officer then agrees a moderated
score for each criterion, with the reason for each, and completes moderation, which readies it for a decision.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.permissions import check, require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id, person_id
from commissioning.core.errors import DomainError
from commissioning.core.links import absolute_url
from commissioning.core.selectors import commissioning_body
from commissioning.grants.access import ASSIGNABLE
from commissioning.grants.conditions import AssessorSelection
from commissioning.grants.models import (
    Application,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    CriterionScore,
    ModeratedScore,
)


@dataclass(frozen=True)
class ScoreEntry:
    """One criterion's score as typed: the score (None when left empty) and the comment or reason."""

    score: int | None
    text: str


def locked_application(application: Application) -> Application:
    """The application's row, read afresh under a lock for the rest of the transaction."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme__fund", "organisation")
        .get(pk=application.pk)
    )


def may_assess(user: Any, application: Application | None = None) -> bool:
    """Who can be asked to assess (the permission table's `application.assess`): people with the assessor role,
    or staff of the body other than the auditor; for an application, not someone who declared an interest in its
    organisation."""
    return check(user, "application.assess", application).allowed


# --- Assigning assessors ------------------------------------------------------------------------------------------


def _email_assessor(assignment: AssessorAssignment) -> None:
    body = commissioning_body()
    link = absolute_url("grants-staff:assessment", assignment.pk)
    send_mail(
        subject=f"Please assess {assignment.application.reference}",
        message=(
            f"You have been asked to assess application {assignment.application.reference} to "
            f"{assignment.application.scheme.name}.\n\n"
            f"First declare whether you have any conflict of interest, then score it:\n{link}\n\n{body.name}"
        ),
        from_email=None,
        recipient_list=[assignment.assessor.email],
    )


@transaction.atomic
def assignment_create(*, by: Actor, application: Application, assessor: User) -> AssessorAssignment:
    """Ask `assessor` to assess the application. The first assessor moves it from submitted to in assessment.
    The person assigning may not make themselves its only assessor, and nobody who declared an interest in the
    applying organisation is asked."""
    require(by, "application.assign", application)
    application = locked_application(application)
    if application.status not in ASSIGNABLE:
        status = ApplicationStatus(application.status).label.lower()
        raise DomainError(f"This application is {status}, so assessors can no longer be added")
    verdict = check(assessor, "application.assess", application)
    if not getattr(assessor, "is_active", False) or verdict.rule == "role":
        raise DomainError(
            "Choose someone who has the assessor role or is a member of staff", field="assessor"
        )
    if not verdict:
        raise DomainError(
            f"{assessor} has declared an interest in this organisation, so they cannot assess its applications",
            field="assessor",
        )
    assessors = set(
        AssessorAssignment.objects.filter(application=application).values_list("assessor", flat=True)
    )
    if assessor.pk in assessors:
        raise DomainError(f"{assessor} is already assessing this application", field="assessor")
    require(by, "application.assign", AssessorSelection(application, frozenset({*assessors, assessor.pk})))
    assignment = AssessorAssignment.objects.create(
        application=application, assessor=assessor, assigned_by_id=acting_person_id(by)
    )
    audit_record(by=by, action="assign assessor", instance=assignment, after=snapshot(assignment))
    if application.status == ApplicationStatus.SUBMITTED:
        transition(by=by, record=application, to=ApplicationStatus.IN_ASSESSMENT)
    transaction.on_commit(
        lambda: _email_assessor(
            AssessorAssignment.objects.select_related("application__scheme", "assessor").get(pk=assignment.pk)
        )
    )
    return assignment


# --- The assessor's work ------------------------------------------------------------------------------------------


def _locked_assignment(by: Actor, assignment: AssessorAssignment) -> AssessorAssignment:
    require(by, "application.assess")
    if assignment.assessor_id != getattr(by, "pk", None):
        raise PermissionDenied("Only the assessor asked can declare or score this assessment.")
    return (
        AssessorAssignment.objects.select_for_update(of=("self",))
        .select_related("application__scheme")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def conflict_declare(
    *, by: Actor, assignment: AssessorAssignment, has_conflict: bool, details: str = ""
) -> AssessorAssignment:
    """The assessor says whether they have a conflict of interest. Declared once; a conflict blocks scoring and
    stays on the record for the officers to see."""
    assignment = _locked_assignment(by, assignment)
    if assignment.has_conflict is not None:
        raise DomainError("You have already declared whether you have a conflict of interest")
    if has_conflict is None:
        raise DomainError("Select yes if you have a conflict of interest", field="has_conflict")
    details = (details or "").strip()
    if has_conflict and not details:
        raise DomainError("Enter the details of your conflict of interest", field="conflict_details")
    before = snapshot(assignment)
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_details = details if has_conflict else ""
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["has_conflict", "conflict_details", "declared_at"])
    audit_record(
        by=by,
        action="declare conflict" if has_conflict else "declare no conflict",
        instance=assignment,
        before=before,
        after=snapshot(assignment),
    )
    return assignment


def _require_may_score(assignment: AssessorAssignment) -> None:
    if assignment.has_conflict is None:
        raise DomainError("Declare whether you have a conflict of interest before you score this application")
    if assignment.has_conflict:
        raise DomainError(
            "You declared a conflict of interest in this application, so you cannot score it. "
            "An officer will ask someone else to assess it"
        )
    if assignment.completed_at is not None:
        raise DomainError("You have completed this assessment, so its scores can no longer be changed")
    if assignment.application.status != ApplicationStatus.IN_ASSESSMENT:
        status = ApplicationStatus(assignment.application.status).label.lower()
        raise DomainError(f"This application is {status}, so it can no longer be scored")


def _criteria(application: Application) -> list[AssessmentCriterion]:
    return list(AssessmentCriterion.objects.filter(scheme=application.scheme_id).order_by("number"))


def _check_score(criterion: AssessmentCriterion, score: int | None, field: str) -> None:
    if score is None:
        return
    if not 0 <= int(score) <= criterion.max_score:
        raise DomainError(
            f"The score for criterion {criterion.number} must be between 0 and {criterion.max_score}",
            field=field,
        )


@transaction.atomic
def scores_save(
    *, by: Actor, assignment: AssessorAssignment, scores: dict[int, ScoreEntry]
) -> AssessorAssignment:
    """Save the assessor's scores and comments, keyed by criterion id. Criteria left wholly empty are skipped, so
    an assessor can save and come back; a score needs its comment."""
    assignment = _locked_assignment(by, assignment)
    _require_may_score(assignment)
    require(by, "application.assess", assignment.application)
    existing = {row.criterion_id: row for row in CriterionScore.objects.filter(assignment=assignment)}
    for criterion in _criteria(assignment.application):
        entry = scores.get(criterion.pk)
        if entry is None or (entry.score is None and not entry.text.strip()):
            continue
        field = f"score_{criterion.pk}"
        if entry.score is None:
            raise DomainError(
                f"Select a score for criterion {criterion.number}: {criterion.title}", field=field
            )
        _check_score(criterion, entry.score, field)
        comment = entry.text.strip()
        if not comment:
            raise DomainError(
                f"Enter a comment on the score for criterion {criterion.number}: {criterion.title}",
                field=f"comment_{criterion.pk}",
            )
        row = existing.get(criterion.pk)
        if row is not None and row.score == entry.score and row.comment == comment:
            continue
        before = snapshot(row) if row is not None else None
        row = row or CriterionScore(assignment=assignment, criterion=criterion)
        row.score = int(entry.score)
        row.comment = comment
        row.save()
        audit_record(by=by, action="score", instance=row, before=before, after=snapshot(row))
    return assignment


@transaction.atomic
def assessment_complete(*, by: Actor, assignment: AssessorAssignment) -> AssessorAssignment:
    """The assessor has scored every criterion, with a comment each, and hands the assessment in."""
    assignment = _locked_assignment(by, assignment)
    _require_may_score(assignment)
    require(by, "application.assess", assignment.application)
    scored = {
        row.criterion_id: row
        for row in CriterionScore.objects.filter(assignment=assignment)
        if row.comment.strip()
    }
    for criterion in _criteria(assignment.application):
        if criterion.pk not in scored:
            raise DomainError(
                f"Score criterion {criterion.number}: {criterion.title}, with a comment, before you complete "
                "the assessment",
                field=f"score_{criterion.pk}",
            )
    before = snapshot(assignment)
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    audit_record(
        by=by, action="complete assessment", instance=assignment, before=before, after=snapshot(assignment)
    )
    return assignment


# --- Moderation ---------------------------------------------------------------------------------------------------


def _require_moderatable(application: Application) -> None:
    if application.status != ApplicationStatus.IN_ASSESSMENT:
        status = ApplicationStatus(application.status).label.lower()
        raise DomainError(f"This application is {status}, so it cannot be moderated")
    if not AssessorAssignment.objects.filter(
        application=application, has_conflict=False, completed_at__isnull=False
    ).exists():
        raise DomainError("No assessor has completed an assessment of this application yet")


@transaction.atomic
def moderation_save(*, by: Actor, application: Application, scores: dict[int, ScoreEntry]) -> Application:
    """Save the moderated score and reason for each criterion, keyed by criterion id. A reason may be left to
    finish later; `moderation_complete` insists on one for every criterion."""
    require(by, "application.moderate", application)
    application = locked_application(application)
    _require_moderatable(application)
    existing = {row.criterion_id: row for row in ModeratedScore.objects.filter(application=application)}
    for criterion in _criteria(application):
        entry = scores.get(criterion.pk)
        if entry is None or entry.score is None:
            continue
        _check_score(criterion, entry.score, f"score_{criterion.pk}")
        reason = entry.text.strip()
        row = existing.get(criterion.pk)
        if row is not None and row.score == entry.score and row.reason == reason:
            continue
        before = snapshot(row) if row is not None else None
        row = row or ModeratedScore(application=application, criterion=criterion)
        row.score = int(entry.score)
        row.reason = reason
        row.moderated_by_id = acting_person_id(by)
        row.save()
        audit_record(by=by, action="moderate", instance=row, before=before, after=snapshot(row))
    return application


@transaction.atomic
def moderation_complete(*, by: Actor, application: Application) -> Application:
    """Agree the moderated scores: every criterion needs a score and a reason. The application is then ready for
    a decision."""
    require(by, "application.moderate", application)
    application = locked_application(application)
    _require_moderatable(application)
    moderated = {row.criterion_id: row for row in ModeratedScore.objects.filter(application=application)}
    for criterion in _criteria(application):
        row = moderated.get(criterion.pk)
        if row is None:
            raise DomainError(
                f"Enter the moderated score for criterion {criterion.number}: {criterion.title}",
                field=f"score_{criterion.pk}",
            )
        if not row.reason.strip():
            raise DomainError(
                f"Enter the reason for the moderated score for criterion {criterion.number}: {criterion.title}",
                field=f"reason_{criterion.pk}",
            )
    return transition(
        by=by,
        record=application,
        to=ApplicationStatus.MODERATED,
        changes={"moderated_at": timezone.now(), "moderated_by_id": person_id(by)},
    )
