"""Separation of duties and the access rules the permission table makes true (issue 10, points 3 and 4): each
refusal names its rule, and the pages answer "not found" where the table says a person may not see."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.core.errors import DomainError
from commissioning.core.uploads import check_upload
from commissioning.governance.models import DelegatedLimit
from commissioning.grants.models import ApplicationStatus, Decision
from commissioning.grants.services import applications as services
from commissioning.grants.services.assessment import assignment_create, moderation_save
from commissioning.grants.services.decisions import decision_make
from commissioning.grants.services.documents import application_document_reuse
from commissioning.organisations.models import DueDiligenceKind
from commissioning.organisations.sectors import Sector
from commissioning.organisations.services import due_diligence_add, due_diligence_update
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import (
    AssignmentFactory,
    complete_application,
    current_plan_priorities,
    police_property_act_scheme,
    provider_for,
    scheme_with_criteria,
    score_all,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def limits(db):
    for role, amount in [(Role.COMMISSIONING_OFFICER, Decimal("5000.00")), (Role.CHIEF_EXECUTIVE, None)]:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def scheme():
    return scheme_with_criteria(reference_prefix="PCF")


def in_assessment(scheme):
    return submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)


def test_the_person_who_scores_an_application_may_not_moderate_it(scheme, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    application = in_assessment(scheme)
    score_all(AssignmentFactory(application=application, assessor=officer))
    with pytest.raises(PermissionRefused, match="You scored this application, so you cannot moderate it"):
        moderation_save(by=officer, application=application, scores={})
    # Another officer, who did not score it, may.
    moderation_save(by=make_user(Role.COMMISSIONING_OFFICER), application=application, scores={})


def test_the_person_who_scores_or_moderates_may_not_decide(limits, scheme, make_user):
    scorer = make_user(Role.CHIEF_EXECUTIVE)
    moderator = make_user(Role.CHIEF_EXECUTIVE, Role.COMMISSIONING_OFFICER)
    application = submitted_application(
        scheme=scheme, status=ApplicationStatus.MODERATED, moderated_by=moderator, moderated_at=timezone.now()
    )
    score_all(AssignmentFactory(application=application, assessor=scorer))
    for person, rule in [
        (scorer, "You scored this application"),
        (moderator, "You moderated this application"),
    ]:
        with pytest.raises(PermissionRefused, match=f"{rule}, so you cannot decide it"):
            decision_make(by=person, application=application, outcome=Decision.Outcome.DECLINE, reasons="No")
    assert not Decision.objects.exists()
    decision_make(
        by=make_user(Role.CHIEF_EXECUTIVE),
        application=application,
        outcome=Decision.Outcome.DECLINE,
        reasons="No",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED


def test_nobody_assesses_or_decides_for_an_organisation_they_declared_an_interest_in(
    limits, scheme, make_user
):
    organisation = OrganisationFactory()
    interested = make_user(Role.CHIEF_EXECUTIVE)
    first = submitted_application(
        scheme=scheme, organisation=organisation, status=ApplicationStatus.IN_ASSESSMENT
    )
    AssignmentFactory(application=first, assessor=interested, has_conflict=True, declared_at=timezone.now())
    # A second application from the same organisation: the interest declared stands for it too.
    second = submitted_application(scheme=scheme, organisation=organisation)
    officer = make_user(Role.COMMISSIONING_OFFICER)
    with pytest.raises(DomainError, match="has declared an interest in this organisation") as refused:
        assignment_create(by=officer, application=second, assessor=interested)
    assert refused.value.field == "assessor"
    moderated = submitted_application(
        scheme=scheme, organisation=organisation, status=ApplicationStatus.MODERATED, moderated_by=officer
    )
    with pytest.raises(PermissionRefused, match="You have declared an interest in this organisation"):
        decision_make(by=interested, application=moderated, outcome=Decision.Outcome.DECLINE, reasons="No")


def test_an_officer_may_not_assign_themselves_as_the_only_assessor(scheme, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    application = submitted_application(scheme=scheme)
    with pytest.raises(PermissionRefused, match="You cannot assign yourself as the only assessor"):
        assignment_create(by=officer, application=application, assessor=officer)
    assert not application.assignments.exists()
    # Beside another assessor, they may assess it too.
    assignment_create(by=officer, application=application, assessor=make_user(Role.ASSESSOR))
    assignment_create(by=officer, application=application, assessor=officer)
    assert application.assignments.count() == 2


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER, Role.AUDITOR, Role.COMMISSIONER]
)
def test_no_staff_role_opens_a_draft_by_its_address(client_as, scheme, role):
    draft = submitted_application(scheme=scheme, status=ApplicationStatus.DRAFT, submitted_at=None)
    page = reverse("grants-staff:application", args=[draft.pk])
    assert client_as(role).get(page).status_code == 404
    sent = submitted_application(scheme=scheme)
    assert client_as(role).get(reverse("grants-staff:application", args=[sent.pk])).status_code == 200


def test_an_assessor_who_declared_a_conflict_no_longer_opens_the_application(client_as, scheme, make_user):
    assessor = make_user(Role.ASSESSOR)
    application = in_assessment(scheme)
    assignment = AssignmentFactory(application=application, assessor=assessor)
    page = reverse("grants-staff:application", args=[application.pk])
    client = client_as(user=assessor)
    assert client.get(page).status_code == 200
    assignment.has_conflict = True
    assignment.declared_at = timezone.now()
    assignment.save()
    assert client.get(page).status_code == 404


def test_a_submitted_application_keeps_the_document_it_was_sent_with(client_as):
    priorities = current_plan_priorities()
    organisation = OrganisationFactory(sector=Sector.COMMUNITY_GROUP)
    provider = provider_for(organisation)
    item = due_diligence_add(
        by=provider,
        organisation=organisation,
        kind=DueDiligenceKind.INSURANCE,
        title="Insurance",
        dated=timezone.localdate() - timedelta(days=30),
        document=check_upload(SimpleUploadedFile("insurance.pdf", b"%PDF-1.4 first\n", "application/pdf")),
    )
    application = services.application_start(by=provider, scheme=police_property_act_scheme())
    document = application_document_reuse(by=provider, application=application, item=item)
    application = complete_application(application, by=provider, priorities=priorities[:1])
    services.application_submit(by=provider, application=application)
    # The organisation replaces its insurance certificate afterwards.
    due_diligence_update(
        by=provider,
        item=item,
        kind=item.kind,
        title=item.title,
        dated=item.dated,
        expires_on=item.expires_on,
        document=check_upload(SimpleUploadedFile("renewed.pdf", b"%PDF-1.4 second\n", "application/pdf")),
    )
    response = client_as(Role.AUDITOR).get(reverse("documents:application-document", args=[document.pk]))
    assert response.status_code == 200
    assert "insurance.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 first\n"
