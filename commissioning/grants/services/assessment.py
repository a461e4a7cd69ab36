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
from commissioning.accounts.roles import Role, has_role, is_staff_member
from commissioning.audit.services import audit_record, snapshot
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.links import absolute_url
from commissioning.core.selectors import commissioning_body
from commissioning.grants.access import may_manage_scheme
from commissioning.grants.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    CriterionScore,
    ModeratedScore,
)

# Statuses in which assessors may still be added.
ASSIGNABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT)


@dataclass(frozen=True)
class ScoreEntry:
    """One criterion's score as typed: the score (None when left empty) and the comment or reason."""

    score: int | None
    text: str


def application_transition(*, by: Any, application: Application, to: str, action: str) -> Application:
    """Move a locked application to `to` if APPLICATION_TRANSITIONS allows it, saving and auditing the move.
    The caller sets any other fields first; they are saved with the status."""
    current = ApplicationStatus(application.status)
    target = ApplicationStatus(to)
    if target not in APPLICATION_TRANSITIONS[current]:
        raise InvalidTransition(
            f"This application is {current.label.lower()}, so it cannot be {target.label.lower()}"
        )
    before = snapshot(Application.objects.get(pk=application.pk))
    application.status = target
    application.save()
    audit_record(by=by, action=action, instance=application, before=before, after=snapshot(application))
    return application


def locked_application(application: Application) -> Application:
    """The application's row, read afresh under a lock for the rest of the transaction."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme__fund", "organisation")
        .get(pk=application.pk)
    )


def _require_manage(by: Any, application: Application) -> None:
    if not may_manage_scheme(by, application.scheme):
        raise PermissionDenied("You cannot manage the assessment of this application.")


def may_assess(user: Any) -> bool:
    """Who can be asked to assess: people with the assessor role, or staff of the body."""
    return has_role(user, Role.ASSESSOR) or (is_staff_member(user) and not has_role(user, Role.AUDITOR))


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
def assignment_create(*, by: Any, application: Application, assessor: User) -> AssessorAssignment:
    """Ask `assessor` to assess the application. The first assessor moves it from submitted to in assessment."""
    _require_manage(by, application)
    application = locked_application(application)
    if application.status not in ASSIGNABLE:
        status = ApplicationStatus(application.status).label.lower()
        raise DomainError(f"This application is {status}, so assessors can no longer be added")
    if not getattr(assessor, "is_active", False) or not may_assess(assessor):
        raise DomainError(
            "Choose someone who has the assessor role or is a member of staff", field="assessor"
        )
    if AssessorAssignment.objects.filter(application=application, assessor=assessor).exists():
        raise DomainError(f"{assessor} is already assessing this application", field="assessor")
    assignment = AssessorAssignment.objects.create(application=application, assessor=assessor, assigned_by=by)
    audit_record(by=by, action="assign assessor", instance=assignment, after=snapshot(assignment))
    if application.status == ApplicationStatus.SUBMITTED:
        application_transition(
            by=by, application=application, to=ApplicationStatus.IN_ASSESSMENT, action="start assessment"
        )
    transaction.on_commit(
        lambda: _email_assessor(
            AssessorAssignment.objects.select_related("application__scheme", "assessor").get(pk=assignment.pk)
        )
    )
    return assignment


# --- The assessor's work ------------------------------------------------------------------------------------------


def _locked_assignment(by: Any, assignment: AssessorAssignment) -> AssessorAssignment:
    if assignment.assessor_id != getattr(by, "pk", None):
        raise PermissionDenied("Only the assessor asked can declare or score this assessment.")
    return (
        AssessorAssignment.objects.select_for_update(of=("self",))
        .select_related("application__scheme")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def conflict_declare(
    *, by: Any, assignment: AssessorAssignment, has_conflict: bool, details: str = ""
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
    *, by: Any, assignment: AssessorAssignment, scores: dict[int, ScoreEntry]
) -> AssessorAssignment:
    """Save the assessor's scores and comments, keyed by criterion id. Criteria left wholly empty are skipped, so
    an assessor can save and come back; a score needs its comment."""
    assignment = _locked_assignment(by, assignment)
    _require_may_score(assignment)
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
def assessment_complete(*, by: Any, assignment: AssessorAssignment) -> AssessorAssignment:
    """The assessor has scored every criterion, with a comment each, and hands the assessment in."""
    assignment = _locked_assignment(by, assignment)
    _require_may_score(assignment)
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
def moderation_save(*, by: Any, application: Application, scores: dict[int, ScoreEntry]) -> Application:
    """Save the moderated score and reason for each criterion, keyed by criterion id. A reason may be left to
    finish later; `moderation_complete` insists on one for every criterion."""
    _require_manage(by, application)
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
        row.moderated_by = by
        row.save()
        audit_record(by=by, action="moderate", instance=row, before=before, after=snapshot(row))
    return application


@transaction.atomic
def moderation_complete(*, by: Any, application: Application) -> Application:
    """Agree the moderated scores: every criterion needs a score and a reason. The application is then ready for
    a decision."""
    _require_manage(by, application)
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
    application.moderated_at = timezone.now()
    application.moderated_by = by
    return application_transition(
        by=by, application=application, to=ApplicationStatus.MODERATED, action="complete moderation"
    )
