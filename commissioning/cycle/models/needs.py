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

    class Meta:
        ordering = ["version", "kind", "title"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title
