"""Assessment and moderation through the services: assigning, conflicts, scores, weighted totals, moderation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.audit.selectors import history_for
from commissioning.core.errors import DomainError
from commissioning.grants.models import ApplicationStatus, CriterionScore, ModeratedScore
from commissioning.grants.selectors.staff import (
    application_in_full_for_staff,
    assessment_summary,
    weighted_total,
)
from commissioning.grants.services.assessment import (
    ScoreEntry,
    assessment_complete,
    assignment_create,
    conflict_declare,
    moderation_complete,
    moderation_save,
    scores_save,
)

from .factories import scheme_with_criteria, score_all, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def assessor(make_user):
    return make_user(Role.ASSESSOR, full_name="Sam Assessor")


@pytest.fixture
def application():
    return submitted_application(scheme=scheme_with_criteria())


def _entries(application, scores, text="Evidence is clear"):
    criteria = list(application.scheme.criteria.order_by("number"))
    return {criterion.pk: ScoreEntry(score, text) for criterion, score in zip(criteria, scores, strict=True)}


def test_first_assessor_moves_the_application_into_assessment(
    officer, assessor, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_create(by=officer, application=application, assessor=assessor)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_ASSESSMENT
    assert assignment.assigned_by == officer
    assert [message.to for message in mailoutbox] == [[assessor.email]]
    assert application.reference in mailoutbox[0].subject
    assert (
        f"http://127.0.0.1:8000{reverse('grants-staff:assessment', args=[assignment.pk])}"
        in mailoutbox[0].body
    )
    assert history_for(application).first().action == "start assessment"
    with pytest.raises(DomainError, match="already assessing"):
        assignment_create(by=officer, application=application, assessor=assessor)


def test_only_managers_assign_and_only_assessors_or_staff_are_assigned(make_user, officer, application):
    with pytest.raises(PermissionDenied):
        assignment_create(
            by=make_user(Role.ASSESSOR), application=application, assessor=make_user(Role.ASSESSOR)
        )
    with pytest.raises(DomainError, match="assessor role"):
        assignment_create(by=officer, application=application, assessor=make_user(Role.PROVIDER))


def test_drafts_and_decided_applications_cannot_be_assigned(officer, assessor):
    for status in (ApplicationStatus.DRAFT, ApplicationStatus.MODERATED, ApplicationStatus.DECLINED):
        application = submitted_application(scheme=scheme_with_criteria(), status=status)
        with pytest.raises(DomainError, match="assessors can no longer be added"):
            assignment_create(by=officer, application=application, assessor=assessor)


def test_a_conflict_blocks_scoring_and_is_recorded(officer, assessor, application):
    assignment = assignment_create(by=officer, application=application, assessor=assessor)
    with pytest.raises(DomainError, match="Declare whether you have a conflict of interest"):
        scores_save(by=assessor, assignment=assignment, scores=_entries(application, [3, 3, 3]))
    with pytest.raises(DomainError, match="Enter the details"):
        conflict_declare(by=assessor, assignment=assignment, has_conflict=True, details=" ")
    conflict_declare(by=assessor, assignment=assignment, has_conflict=True, details="I chair its trustees")
    assignment.refresh_from_db()
    assert assignment.has_conflict is True
    assert assignment.conflict_details == "I chair its trustees"
    assert history_for(assignment).first().action == "declare conflict"
    with pytest.raises(
        DomainError, match="declared a conflict of interest in this application, so you cannot score it"
    ):
        scores_save(by=assessor, assignment=assignment, scores=_entries(application, [3, 3, 3]))
    with pytest.raises(DomainError, match="cannot score it"):
        assessment_complete(by=assessor, assignment=assignment)
    with pytest.raises(DomainError, match="already declared"):
        conflict_declare(by=assessor, assignment=assignment, has_conflict=False)
    assert not CriterionScore.objects.exists()


def test_only_the_assessor_declares_and_scores(make_user, officer, assessor, application):
    assignment = assignment_create(by=officer, application=application, assessor=assessor)
    with pytest.raises(PermissionDenied):
        conflict_declare(by=officer, assignment=assignment, has_conflict=False)
    conflict_declare(by=assessor, assignment=assignment, has_conflict=False)
    with pytest.raises(PermissionDenied):
        scores_save(
            by=make_user(Role.ASSESSOR), assignment=assignment, scores=_entries(application, [1, 1, 1])
        )


def test_scores_need_comments_and_must_be_in_range(officer, assessor, application):
    assignment = assignment_create(by=officer, application=application, assessor=assessor)
    conflict_declare(by=assessor, assignment=assignment, has_conflict=False)
    with pytest.raises(DomainError, match="between 0 and 5") as refused:
        scores_save(by=assessor, assignment=assignment, scores=_entries(application, [6, 3, 3]))
    assert refused.value.field.startswith("score_")
    with pytest.raises(DomainError, match="Enter a comment on the score for criterion 1"):
        scores_save(by=assessor, assignment=assignment, scores=_entries(application, [4, 3, 3], text=" "))
    # Saving part of the way is allowed; completing is not.
    first = application.scheme.criteria.get(number=1)
    scores_save(by=assessor, assignment=assignment, scores={first.pk: ScoreEntry(4, "Strong need")})
    with pytest.raises(DomainError, match="Score criterion 2: Delivery and value for money, with a comment"):
        assessment_complete(by=assessor, assignment=assignment)
    scores_save(by=assessor, assignment=assignment, scores=_entries(application, [4, 3, 5]))
    assessment_complete(by=assessor, assignment=assignment)
    with pytest.raises(DomainError, match="completed this assessment"):
        scores_save(by=assessor, assignment=assignment, scores=_entries(application, [1, 1, 1]))


def test_weighted_totals_per_assessor_and_averaged(make_user, officer, application):
    first, second, conflicted = (make_user(Role.ASSESSOR) for _ in range(3))
    for person, scores in ((first, [5, 5, 5]), (second, [4, 3, 2])):
        assignment = assignment_create(by=officer, application=application, assessor=person)
        conflict_declare(by=person, assignment=assignment, has_conflict=False)
        scores_save(by=person, assignment=assignment, scores=_entries(application, scores))
        assessment_complete(by=person, assignment=assignment)
    assignment = assignment_create(by=officer, application=application, assessor=conflicted)
    conflict_declare(by=conflicted, assignment=assignment, has_conflict=True, details="My sister runs it")

    summary = assessment_summary(application_in_full_for_staff(application))
    totals = [column.total for column in summary.columns]
    # 50×4/5 + 30×3/5 + 20×2/5 = 40 + 18 + 8 = 66
    assert totals == [Decimal("100.00"), Decimal("66.00"), None]
    assert summary.average_total == Decimal("83.00")
    assert [row.average for row in summary.rows] == [Decimal("4.50"), Decimal("4.00"), Decimal("3.50")]


def test_weighted_total_needs_every_criterion():
    application = submitted_application(scheme=scheme_with_criteria())
    criteria = list(application.scheme.criteria.all())
    assert weighted_total(criteria, {criteria[0].pk: 5}) is None


def _assessed(officer, assessor, application):
    assignment = assignment_create(by=officer, application=application, assessor=assessor)
    score_all(assignment, 4)
    return assignment


def test_moderation_cannot_finish_without_a_reason_for_each_criterion(officer, assessor, application):
    _assessed(officer, assessor, application)
    criteria = list(application.scheme.criteria.order_by("number"))
    with pytest.raises(DomainError, match="Enter the moderated score for criterion 1: Need for the project"):
        moderation_complete(by=officer, application=application)
    moderation_save(
        by=officer,
        application=application,
        scores={
            criteria[0].pk: ScoreEntry(4, "Agreed with the assessors"),
            criteria[1].pk: ScoreEntry(3, "  "),
            criteria[2].pk: ScoreEntry(4, "Strong links to priority 2"),
        },
    )
    with pytest.raises(DomainError) as refused:
        moderation_complete(by=officer, application=application)
    assert refused.value.message == (
        "Enter the reason for the moderated score for criterion 2: Delivery and value for money"
    )
    assert refused.value.field == f"reason_{criteria[1].pk}"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_ASSESSMENT

    moderation_save(
        by=officer,
        application=application,
        scores={criteria[1].pk: ScoreEntry(3, "Costs are high for the reach")},
    )
    moderation_complete(by=officer, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MODERATED
    assert application.moderated_by == officer
    assert application.moderated_at is not None
    assert ModeratedScore.objects.filter(application=application).count() == 3
    summary = assessment_summary(application_in_full_for_staff(application))
    # 50×4/5 + 30×3/5 + 20×4/5 = 40 + 18 + 16
    assert summary.moderated_total == Decimal("74.00")


def test_moderation_waits_for_a_completed_assessment(officer, assessor, application):
    assignment = assignment_create(by=officer, application=application, assessor=assessor)
    with pytest.raises(DomainError, match="No assessor has completed"):
        moderation_save(by=officer, application=application, scores=_entries(application, [3, 3, 3]))
    score_all(assignment, 3)
    with pytest.raises(DomainError, match="between 0 and 5"):
        moderation_save(by=officer, application=application, scores=_entries(application, [9, 3, 3]))


def test_assessors_cannot_moderate(officer, assessor, application):
    _assessed(officer, assessor, application)
    with pytest.raises(PermissionDenied):
        moderation_save(by=assessor, application=application, scores=_entries(application, [3, 3, 3]))
