"""Needs assessments through their services: versions keep earlier ones unchanged, a priority is required, evidence
of each kind carries what it must, and only officers write."""

from datetime import date
from typing import Any

import pytest

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.core.uploads import UploadRefused
from commissioning.cycle.models import Evidence, EvidenceKind, NeedsAssessmentVersion
from commissioning.cycle.selectors.needs import (
    needs_assessment_choices,
    needs_assessments,
    needs_for_priorities,
)
from commissioning.cycle.services.needs import EvidenceInput, needs_assessment_revise
from commissioning.plans.tests.factories import PriorityFactory

from .needs_support import every_kind_of_evidence, write_assessment

pytestmark = pytest.mark.django_db


def test_an_assessment_is_written_with_evidence_of_every_kind(officer, priorities, media):
    assessment = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    version = assessment.versions.get()
    assert version.number == 1 and version.written_by == officer
    kinds = sorted(version.evidence.values_list("kind", flat=True))
    assert kinds == sorted(EvidenceKind.values)
    document = version.evidence.get(kind=EvidenceKind.DOCUMENT)
    assert document.original_name == "Victims survey.pdf" and document.content_type == "application/pdf"
    assert document.file.name.startswith("needs/") and not document.file.name.endswith("Victims survey.pdf")
    event = AuditEvent.objects.get(action="write", record_id=str(assessment.pk))
    assert event.after["version"] == 1 and len(event.after["evidence"]) == 5


def test_a_revision_writes_a_new_version_and_leaves_the_earlier_one_as_it_was(officer, priorities, media):
    assessment = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    first = assessment.versions.get()
    first_evidence = {row.pk: (row.title, row.file.name) for row in first.evidence.all()}
    dropped = first.evidence.get(kind=EvidenceKind.CONSULTATION_PUBLIC)
    kept = [row.pk for row in first.evidence.all() if row.pk != dropped.pk]
    second = needs_assessment_revise(
        by=officer,
        assessment=assessment,
        need="Referrals up 20% since the last assessment.",
        gaps=first.gaps,
        implications=first.implications,
        revision_note="New police data for 2026; the public survey is out of date.",
        keep_evidence=kept,
        evidence=[
            EvidenceInput(kind=EvidenceKind.DATA, title="Referrals 2026", dated_on=date(2026, 9, 30)),
        ],
    )
    assert second.number == 2
    first.refresh_from_db()
    assert first.need == "About 9,000 incidents a year; referrals up 12%."
    assert {row.pk: (row.title, row.file.name) for row in first.evidence.all()} == first_evidence
    titles = set(second.evidence.values_list("title", flat=True))
    assert "Public survey" not in titles and "Referrals 2026" in titles and len(titles) == 5
    carried = second.evidence.get(kind=EvidenceKind.DOCUMENT)
    assert carried.carried_from_id == first.evidence.get(kind=EvidenceKind.DOCUMENT).pk
    assert carried.file.name == first.evidence.get(kind=EvidenceKind.DOCUMENT).file.name
    assessment.refresh_from_db()
    assert assessment.updated_at == second.written_at
    assert needs_assessments().get(pk=assessment.pk).current_number == 2


def test_a_revision_needs_its_reason_and_evidence_from_the_version_revised(officer, priorities):
    assessment = write_assessment(officer, priorities)
    arguments: dict[str, Any] = {"need": "n", "gaps": "g", "implications": "i"}
    with pytest.raises(DomainError, match="Enter what changed"):
        needs_assessment_revise(by=officer, assessment=assessment, revision_note=" ", **arguments)
    other = write_assessment(
        officer, priorities, evidence=[EvidenceInput(kind="data", title="x", dated_on=date(2026, 1, 1))]
    )
    foreign = Evidence.objects.get(version__assessment=other)
    with pytest.raises(DomainError, match="Choose evidence from the version being revised"):
        needs_assessment_revise(
            by=officer, assessment=assessment, revision_note="r", keep_evidence=[foreign.pk], **arguments
        )
    assert NeedsAssessmentVersion.objects.filter(assessment=assessment).count() == 1


def test_a_priority_is_required(officer, priorities):
    with pytest.raises(DomainError, match="Select at least one priority") as refused:
        write_assessment(officer, priorities, priority_ids=[])
    assert refused.value.field == "priorities"
    with pytest.raises(DomainError, match="Select at least one priority"):
        write_assessment(officer, priorities, priority_ids=[priorities[0].pk, 999_999])


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (EvidenceInput(kind=EvidenceKind.DOCUMENT, title="Report"), "Select the document's file"),
        (EvidenceInput(kind=EvidenceKind.DATA, title="Crime data"), "Enter the date of the data"),
        (
            EvidenceInput(kind=EvidenceKind.CONSULTATION_PUBLIC, title="Survey"),
            "Enter what the consultation heard",
        ),
        (EvidenceInput(kind="rumour", title="Gossip"), "Select the kind of evidence"),
        (EvidenceInput(kind=EvidenceKind.DATA, title=" ", dated_on=date(2026, 1, 1)), "Enter the title"),
    ],
)
def test_each_kind_of_evidence_carries_what_it_must(officer, priorities, evidence, message):
    with pytest.raises(DomainError, match=message):
        write_assessment(officer, priorities, evidence=[evidence])
    assert not NeedsAssessmentVersion.objects.exists()


def test_evidence_files_are_checked_by_their_content(officer, priorities, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    disguised = SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(UploadRefused):
        write_assessment(
            officer,
            priorities,
            evidence=[EvidenceInput(kind=EvidenceKind.DOCUMENT, title="Report", upload=disguised)],
        )
    assert not NeedsAssessmentVersion.objects.exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ASSESSOR, Role.CHIEF_EXECUTIVE, Role.PROVIDER])
def test_only_officers_write_assessments(make_user, priorities, role):
    with pytest.raises(PermissionRefused):
        write_assessment(make_user(role), priorities)


def test_the_project_helpers_reads(officer, priorities):
    first = write_assessment(officer, priorities, title="Domestic abuse", priority_ids=[priorities[0].pk])
    second = write_assessment(
        officer, priorities, title="Youth violence", priority_ids=[priorities[1].pk, priorities[2].pk]
    )
    write_assessment(officer, priorities, title="Rural crime", priority_ids=[priorities[2].pk])
    found = list(needs_for_priorities([priorities[1].pk, priorities[0].pk]))
    assert {row.pk for row in found} == {first.pk, second.pk}
    assert all(row.current_number == 1 for row in found)
    assert [title for _, title in needs_assessment_choices()] == [
        "Domestic abuse",
        "Rural crime",
        "Youth violence",
    ]
    other_plan_priority = PriorityFactory.create()
    assert list(needs_for_priorities([other_plan_priority.pk])) == []
