"""Decommissioning: a proposal to end an agreement (a published service is an agreement) or reduce it, for one of
the strategy's four reasons, citing the latest monitoring report on record, with the impact on service users, the
equality impact assessment, the exit or transition plan, the notice and the provider's response; decided by someone
whose delegated limit covers the agreement's remaining value, through a published decision record.

The minimum notice is data with a date of effect (`NoticePeriod`, three months from the start as shipped).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from commissioning.core.effective import EffectiveFrom


class DecommissioningStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The only moves a proposal makes (audit.workflow.transition checks this table; workflows.py).
DECOMMISSIONING_TRANSITIONS: dict[str, frozenset[str]] = {
    DecommissioningStatus.DRAFT: frozenset({DecommissioningStatus.PROPOSED, DecommissioningStatus.WITHDRAWN}),
    DecommissioningStatus.PROPOSED: frozenset(
        {DecommissioningStatus.DECIDED, DecommissioningStatus.REFUSED, DecommissioningStatus.WITHDRAWN}
    ),
    DecommissioningStatus.DECIDED: frozenset(),
    DecommissioningStatus.REFUSED: frozenset(),
    DecommissioningStatus.WITHDRAWN: frozenset(),
}

# Proposals still open: their parts may be changed (a proposed one is changed before its decision).
OPEN_STATUSES = frozenset({DecommissioningStatus.DRAFT, DecommissioningStatus.PROPOSED})

# What the provider of the agreement sees: a proposal once put to it, and how it was decided.
PROVIDER_SEES = frozenset(
    {DecommissioningStatus.PROPOSED, DecommissioningStatus.DECIDED, DecommissioningStatus.REFUSED}
)

STATUS_TAG_CLASSES: dict[str, str] = {
    DecommissioningStatus.DRAFT: "govuk-tag--grey",
    DecommissioningStatus.PROPOSED: "govuk-tag--blue",
    DecommissioningStatus.DECIDED: "govuk-tag--green",
    DecommissioningStatus.REFUSED: "govuk-tag--red",
    DecommissioningStatus.WITHDRAWN: "govuk-tag--orange",
}


class Reason(models.TextChoices):
    """The strategy's four reasons for decommissioning a service ("Decommissioning of Services")."""

    NOT_REQUIRED = "not_required", "The service is no longer required"
    ANOTHER_PROVIDER = (
        "another_provider",
        "The service can be delivered more efficiently and effectively by another provider",
    )
    ALTERNATIVES = "alternatives", "More effective alternatives are available"
    FUNDING = "funding", "Funding is no longer required or available"


class Kind(models.TextChoices):
    END = "end", "End the agreement"
    REDUCE = "reduce", "Reduce the agreement's value"


class NoticePeriod(EffectiveFrom):
    """The least notice a provider is given before its agreement ends or is reduced, from a date: the rule in
    effect on the day notice is given applies."""

    months = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["effective_from"], name="decommissioning_notice_once_per_date"),
            models.CheckConstraint(
                condition=Q(months__gte=1), name="decommissioning_notice_at_least_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months} months' notice from {self.effective_from:%d %B %Y}"


class Decommissioning(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="decommissionings"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.END)
    reason = models.CharField(max_length=30, choices=Reason.choices, db_index=True)
    reason_detail = models.TextField(blank=True, help_text="Why, in the proposer's words")
    # A reduction: the agreement's new value.
    new_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # The impact and the assessment of equality impact.
    service_user_impact = models.TextField(blank=True)
    equality_impact = models.TextField(blank=True)
    # The assessment as a document, optionally: stored under a random name, handed back only through the staff view.
    equality_document = models.FileField(upload_to="decommissioning/%Y/%m/", blank=True)
    equality_document_name = models.CharField("File name", max_length=255, blank=True)
    equality_document_type = models.CharField(max_length=100, blank=True)
    # The exit or transition plan.
    people_supported = models.PositiveIntegerField(null=True, blank=True)
    transition_plan = models.TextField(blank=True, help_text="Where the people supported now will go")
    assets = models.TextField(blank=True)
    data_handling = models.TextField(blank=True)
    # The notice: given on, and the day the agreement ends (or the reduction applies).
    notice_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # The provider's response, recorded by staff or given by the provider.
    provider_response = models.TextField(blank=True)
    provider_response_on = models.DateField(null=True, blank=True)
    provider_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The monitoring report cited: fixed when proposed, refreshed at the decision if a newer one arrived.
    cited_return = models.ForeignKey(
        "monitoring.MonitoringReturn", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=DecommissioningStatus.choices,
        default=DecommissioningStatus.DRAFT,
        db_index=True,
    )
    decision_record = models.OneToOneField(
        "decisions.DecisionRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "decommissioning"
        indexes = [
            models.Index(fields=["created_at", "id"], name="decommissioning_newest"),
            models.Index(fields=["status", "created_at", "id"], name="decommissioning_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_value__isnull=True) | Q(new_value__gte=0),
                name="decommissioning_new_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(notice_on__isnull=True)
                | Q(ends_on__gte=F("notice_on")),
                name="decommissioning_ends_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.agreement.reference}" if self.agreement_id else self.reference

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "govuk-tag--grey")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
