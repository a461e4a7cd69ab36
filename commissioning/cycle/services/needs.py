"""Writes for needs assessments: write one (its first version), and revise it (a new version, with the earlier
one's evidence carried forward, some of it left out, and new evidence added). A version is never changed once
written. Each write asks the permission table, runs in one transaction and writes its audit event."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.uploads import check_upload
from commissioning.plans.models import Priority

from ..models import Evidence, NeedsAssessment, NeedsAssessmentVersion
from ..models.needs import evidence_problems

# Evidence files: the house's allowed kinds (documents, spreadsheets, images, text) and size (UPLOAD_MAX_BYTES).
TEXT_FIELDS = {
    "need": "Enter the need and demand",
    "gaps": "Enter the gaps found",
    "implications": "Enter what this means for commissioning",
}


@dataclass(frozen=True)
class EvidenceInput:
    """A new piece of evidence for a version: its kind, title and what it shows, where it comes from, its date,
    and a file (an upload, checked by its content)."""

    kind: str
    title: str
    summary: str = ""
    source: str = ""
    dated_on: date | None = None
    upload: Any = None


def _priorities(priority_ids: Iterable[int | str]) -> list[Priority]:
    ids = {int(pk) for pk in priority_ids}
    priorities = list(Priority.objects.filter(pk__in=ids).order_by("plan_id", "number"))
    if not priorities or len(priorities) != len(ids):
        raise DomainError("Select at least one priority the assessment is for", field="priorities")
    return priorities


def _texts(values: dict[str, str]) -> dict[str, str]:
    texts = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    for name, message in TEXT_FIELDS.items():
        if not texts[name]:
            raise DomainError(message, field=name)
    return texts


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError("Enter the title of the needs assessment", field="title")
    if len(title) > 200:
        raise DomainError("The title must be 200 characters or fewer", field="title")
    return title


def _add_evidence(version: NeedsAssessmentVersion, items: Sequence[EvidenceInput]) -> list[Evidence]:
    rows = []
    for item in items:
        problems = evidence_problems(
            kind=item.kind,
            title=item.title,
            summary=item.summary,
            dated_on=item.dated_on,
            has_file=item.upload is not None,
        )
        if problems:
            field, message = problems[0]
            raise DomainError(message, field=field)
        evidence = Evidence(
            version=version,
            kind=item.kind,
            title=item.title.strip()[:200],
            summary=item.summary.strip(),
            source=item.source.strip()[:300],
            dated_on=item.dated_on,
        )
        if item.upload is not None:
            checked = check_upload(item.upload)
            evidence.original_name = checked.original_name
            evidence.content_type = checked.content_type
            evidence.size = checked.size
            evidence.file.save(checked.stored_name, checked.file, save=False)
        evidence.save()
        rows.append(evidence)
    return rows


def _carry_forward(version: NeedsAssessmentVersion, earlier: Iterable[Evidence]) -> list[Evidence]:
    """New rows for the evidence kept from the earlier version; a file is shared with the earlier row."""
    rows = [
        Evidence(
            version=version,
            kind=row.kind,
            title=row.title,
            summary=row.summary,
            source=row.source,
            dated_on=row.dated_on,
            file=row.file.name,
            original_name=row.original_name,
            content_type=row.content_type,
            size=row.size,
            carried_from=row,
        )
        for row in earlier
    ]
    return Evidence.objects.bulk_create(rows)


def _version_record(version: NeedsAssessmentVersion, evidence: Iterable[Evidence]) -> dict[str, Any]:
    return {
        "version": version.number,
        "need": version.need,
        "gaps": version.gaps,
        "implications": version.implications,
        "revision_note": version.revision_note,
        "evidence": [{"kind": row.kind, "title": row.title, "file": row.original_name} for row in evidence],
    }


def _assessment_record(assessment: NeedsAssessment, priorities: Iterable[Priority]) -> dict[str, Any]:
    return {"title": assessment.title, "priorities": sorted(priority.pk for priority in priorities)}


@transaction.atomic
def needs_assessment_create(
    *,
    by: Actor,
    title: str,
    priority_ids: Iterable[int | str],
    need: str,
    gaps: str,
    implications: str,
    evidence: Sequence[EvidenceInput] = (),
) -> NeedsAssessment:
    """Write a needs assessment for one or more priorities: its first version, with its evidence."""
    require(by, "needs.write")
    title = _title(title)
    priorities = _priorities(priority_ids)
    texts = _texts({"need": need, "gaps": gaps, "implications": implications})
    now = timezone.now()
    person = acting_person_id(by)
    assessment = NeedsAssessment.objects.create(
        title=title, created_at=now, created_by_id=person, updated_at=now
    )
    assessment.priorities.set(priorities)
    version = NeedsAssessmentVersion.objects.create(
        assessment=assessment, number=1, written_at=now, written_by_id=person, **texts
    )
    rows = _add_evidence(version, evidence)
    audit_record(
        by=by,
        action="write",
        instance=assessment,
        after={**_assessment_record(assessment, priorities), **_version_record(version, rows)},
    )
    return assessment


@transaction.atomic
def needs_assessment_revise(
    *,
    by: Actor,
    assessment: NeedsAssessment,
    need: str,
    gaps: str,
    implications: str,
    revision_note: str,
    keep_evidence: Iterable[int | str] = (),
    evidence: Sequence[EvidenceInput] = (),
    title: str | None = None,
    priority_ids: Iterable[int | str] | None = None,
) -> NeedsAssessmentVersion:
    """Revise an assessment: a new version after the latest, carrying forward the latest version's evidence named
    in `keep_evidence` and adding `evidence`. Every earlier version stays as it was written."""
    assessment = NeedsAssessment.objects.select_for_update().get(pk=assessment.pk)
    require(by, "needs.write", assessment)
    texts = _texts({"need": need, "gaps": gaps, "implications": implications})
    revision_note = (revision_note or "").strip()
    if not revision_note:
        raise DomainError("Enter what changed from the earlier version, and why", field="revision_note")
    before_priorities = list(assessment.priorities.all())
    before = _assessment_record(assessment, before_priorities)
    if title is not None:
        assessment.title = _title(title)
    priorities = _priorities(priority_ids) if priority_ids is not None else before_priorities
    latest = assessment.versions.order_by("-number").first()
    number = latest.number + 1 if latest is not None else 1
    kept_ids = {int(pk) for pk in keep_evidence}
    earlier = list(latest.evidence.filter(pk__in=kept_ids)) if latest is not None else []
    if len(earlier) != len(kept_ids):
        raise DomainError("Choose evidence from the version being revised", field="keep_evidence")
    now = timezone.now()
    version = NeedsAssessmentVersion.objects.create(
        assessment=assessment,
        number=number,
        revision_note=revision_note,
        written_at=now,
        written_by_id=acting_person_id(by),
        **texts,
    )
    rows = _carry_forward(version, earlier) + _add_evidence(version, evidence)
    assessment.updated_at = now
    assessment.save(update_fields=["title", "updated_at"])
    assessment.priorities.set(priorities)
    audit_record(
        by=by,
        action="revise",
        instance=assessment,
        before=before,
        after={**_assessment_record(assessment, priorities), **_version_record(version, rows)},
    )
    return version
