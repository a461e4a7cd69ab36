"""Feedback from the public and service users about a commissioned service, moderated before it counts.

Themes are data (officers add and retire them); feedback is stored exactly as typed and only ever shown escaped.
"""

from django.conf import settings
from django.db import models


class Theme(models.Model):
    """What a piece of feedback is about, e.g. "Access and waiting times"; summaries count approved feedback by it."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# The moderation workflow (services check this table): feedback waits, then is approved (it counts) or rejected (it does not). Both are final;
# a mistake is put right by giving the feedback again, so the trail of what counted stays simple.
FEEDBACK_TRANSITIONS: dict[str, frozenset[str]] = {
    FeedbackStatus.PENDING: frozenset({FeedbackStatus.APPROVED, FeedbackStatus.REJECTED}),
    FeedbackStatus.APPROVED: frozenset(),
    FeedbackStatus.REJECTED: frozenset(),
}


class Feedback(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="feedback")
    what_happened = models.TextField()
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    consent_to_use = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING, db_index=True
    )
    themes = models.ManyToManyField(Theme, related_name="feedback", blank=True)
    rejection_reason = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name_plural = "feedback"
        indexes = [
            models.Index(fields=["status", "received_at", "id"], name="feedback_queue"),
            models.Index(fields=["agreement", "status"], name="feedback_by_service"),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on {self.agreement_id}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.email or self.phone)

    @property
    def status_tag_class(self) -> str:
        return {
            FeedbackStatus.PENDING: "govuk-tag--blue",
            FeedbackStatus.APPROVED: "govuk-tag--green",
            FeedbackStatus.REJECTED: "govuk-tag--red",
        }[FeedbackStatus(self.status)]


class FeedbackAttempt(models.Model):
    """One accepted (or honeypot-caught) post of the public feedback form, kept to limit posts per client.

    The client is a keyed hash of its address, never the address itself; rows older than a day are deleted.
    """

    client = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client", "at"], name="feedback_attempts_by_client")]

    def __str__(self) -> str:
        return f"{self.client[:8]} at {self.at:%Y-%m-%d %H:%M}"
