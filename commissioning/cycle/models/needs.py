"""Needs assessments: the need and demand for one or more priorities, with the evidence, the gaps found and what they
imply for commissioning. An assessment is revised by writing a new version; earlier versions stay readable."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NeedsAssessment(models.Model):
    """A needs assessment: its title and priorities; what it says lives in its versions, the latest being current."""

    title = models.CharField(max_length=200)
    priorities = models.ManyToManyField("plans.Priority", related_name="needs_assessments")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now, help_text="When its latest version was written")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class NeedsAssessmentVersion(models.Model):
    """One version of what an assessment says. A revision adds a version; none is changed once written."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    need = models.TextField(
        "The need and demand", help_text="Who needs what, how many, and how demand is changing"
    )
    gaps = models.TextField("Gaps found", help_text="What is not met by the services there are today")
    implications = models.TextField(
        "What this means for commissioning", help_text="What should be commissioned, changed or stopped"
    )
    revision_note = models.TextField(blank=True, help_text="What changed from the earlier version, and why")
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="needs_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="needs_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} (version {self.number})"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    DATA = "data", "Data source"
    CONSULTATION_PROVIDERS = "consultation_providers", "Consultation with providers"
    CONSULTATION_SERVICE_USERS = "consultation_service_users", "Consultation with service users"
    CONSULTATION_PUBLIC = "consultation_public", "Consultation with the public"


class Evidence(models.Model):
    """A piece of evidence a version of an assessment rests on: a document, a data source with its date, or what a
    consultation heard. A revision carries the earlier version's evidence forward as new rows."""

    version = models.ForeignKey(NeedsAssessmentVersion, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="What it shows")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it comes from: a publisher or address"
    )
    dated_on = models.DateField("Date of the evidence", null=True, blank=True)
    file = models.FileField(upload_to="needs/%Y/%m/", blank=True)
    # The file as the person named it, and its checked type and size (core/uploads.py): the stored name is random.
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    # The row of the earlier version this one was carried forward from (the file is shared, never copied).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["version", "kind", "title"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


# What each kind of evidence must carry beyond its title: a document its file, a data source the date of its data,
# a consultation what was heard.
EVIDENCE_NEEDS: dict[str, tuple[str, str]] = {
    EvidenceKind.DOCUMENT: ("upload", "Select the document's file"),
    EvidenceKind.DATA: ("dated_on", "Enter the date of the data"),
    EvidenceKind.CONSULTATION_PROVIDERS: ("summary", "Enter what the consultation heard"),
    EvidenceKind.CONSULTATION_SERVICE_USERS: ("summary", "Enter what the consultation heard"),
    EvidenceKind.CONSULTATION_PUBLIC: ("summary", "Enter what the consultation heard"),
}


def evidence_problems(
    *, kind: str, title: str, summary: str, dated_on: object, has_file: bool
) -> list[tuple[str, str]]:
    """What is missing from a piece of evidence, as (field, message) pairs in GOV.UK voice; none when it is whole.
    The form shows them beside its fields and the service refuses with the first."""
    problems: list[tuple[str, str]] = []
    if kind not in EvidenceKind.values:
        problems.append(("kind", "Select the kind of evidence"))
    if not title.strip():
        problems.append(("title", "Enter the title of the evidence"))
    if kind in EVIDENCE_NEEDS:
        field, message = EVIDENCE_NEEDS[kind]
        present = {"upload": has_file, "dated_on": dated_on is not None, "summary": bool(summary.strip())}[
            field
        ]
        if not present:
            problems.append((field, message))
    return problems
