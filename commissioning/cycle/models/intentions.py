"""Commissioning intentions: for a financial year, the projects the body plans to start, with their priorities,
indicative value and timing; approved through a decision record and then published, where providers look first."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from commissioning.agreements.models import Mechanism


class IntentionsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


# The only moves a year's intentions can make, through the workflow primitive (cycle/workflows.py).
INTENTIONS_TRANSITIONS: dict[str, frozenset[str]] = {
    IntentionsStatus.DRAFT: frozenset({IntentionsStatus.AWAITING_DECISION}),
    IntentionsStatus.AWAITING_DECISION: frozenset({IntentionsStatus.APPROVED, IntentionsStatus.DRAFT}),
    IntentionsStatus.APPROVED: frozenset({IntentionsStatus.PUBLISHED}),
    IntentionsStatus.PUBLISHED: frozenset(),
}

STATUS_TAG_CLASSES: dict[str, str] = {
    IntentionsStatus.DRAFT: "govuk-tag--grey",
    IntentionsStatus.AWAITING_DECISION: "govuk-tag--yellow",
    IntentionsStatus.APPROVED: "govuk-tag--blue",
    IntentionsStatus.PUBLISHED: "govuk-tag--green",
}


class CommissioningIntentions(models.Model):
    """A financial year's commissioning intentions, one set per year."""

    financial_year = models.OneToOneField(
        "finance.FinancialYear", on_delete=models.PROTECT, related_name="commissioning_intentions"
    )
    summary = models.TextField(blank=True, help_text="What the body means to commission this year, and why")
    status = models.CharField(
        max_length=20, choices=IntentionsStatus.choices, default=IntentionsStatus.DRAFT, editable=False
    )
    decision = models.ForeignKey(
        "decisions.DecisionRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-financial_year__start_year"]
        verbose_name_plural = "commissioning intentions"

    def __str__(self) -> str:
        return f"Commissioning intentions {self.financial_year}"

    @property
    def reference(self) -> str:
        """How a decision record names them: "Commissioning intentions 2026/27"."""
        return self.financial_year.label

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "govuk-tag--grey")


class Intention(models.Model):
    """One project the body plans to start in the year: what, for which priorities, roughly how much, and when."""

    intentions = models.ForeignKey(CommissioningIntentions, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    description = models.TextField()
    priorities = models.ManyToManyField("plans.Priority", related_name="intentions")
    indicative_value = models.DecimalField(max_digits=14, decimal_places=2)
    starts_on = models.DateField("Expected start", help_text="When the project is expected to start")
    mechanism = models.CharField(
        "Likely mechanism",
        max_length=20,
        blank=True,
        choices=Mechanism.choices,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["intentions", "position", "starts_on", "title"]

    def __str__(self) -> str:
        return self.title
