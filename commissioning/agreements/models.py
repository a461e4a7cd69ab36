"""Agreements: the hub where every mechanism (grant, contract, accreditation, partnership) meets after award.

Monitoring, payments, decommissioning and publication work on agreements, whatever the mechanism, so nothing
here is specific to grants: a grant decision creates an agreement through `services.agreement_create`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Mechanism(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    ACCREDITATION = "accreditation", "Any Qualified Provider accreditation"
    PARTNERSHIP = "partnership", "Partnership agreement"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OFFERED = "offered", "Offered"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Ended early"


# The only moves an agreement can make: audit.workflow.transition checks this table (workflows.py).
AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset(
        {AgreementStatus.OFFERED, AgreementStatus.ACTIVE, AgreementStatus.WITHDRAWN}
    ),
    AgreementStatus.OFFERED: frozenset(
        {AgreementStatus.ACTIVE, AgreementStatus.DECLINED, AgreementStatus.WITHDRAWN}
    ),
    AgreementStatus.ACTIVE: frozenset({AgreementStatus.ENDED, AgreementStatus.TERMINATED}),
    AgreementStatus.DECLINED: frozenset(),
    AgreementStatus.WITHDRAWN: frozenset(),
    AgreementStatus.ENDED: frozenset(),
    AgreementStatus.TERMINATED: frozenset(),
}


# An agreement may be varied until it stops running, and paid under while it runs or once it has ended on time.
VARIABLE_STATUSES = frozenset({AgreementStatus.DRAFT, AgreementStatus.OFFERED, AgreementStatus.ACTIVE})
PAYABLE_STATUSES = frozenset({AgreementStatus.ACTIVE, AgreementStatus.ENDED})

# Agreements worth less than this are paid in one instalment; larger ones quarterly in advance (the schedule,
# services.schedule_dates; the offer letter says which).
SINGLE_PAYMENT_BELOW = Decimal("10000.00")


STATUS_TAG_CLASSES: dict[str, str] = {
    AgreementStatus.DRAFT: "govuk-tag--grey",
    AgreementStatus.OFFERED: "govuk-tag--blue",
    AgreementStatus.ACTIVE: "govuk-tag--green",
    AgreementStatus.DECLINED: "govuk-tag--red",
    AgreementStatus.WITHDRAWN: "govuk-tag--orange",
    AgreementStatus.ENDED: "govuk-tag--grey",
    AgreementStatus.TERMINATED: "govuk-tag--red",
}


class Agreement(models.Model):
    """What the body agreed with one or more organisations: value, dates, conditions, money and status."""

    reference = models.CharField(max_length=40, unique=True)
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices, db_index=True)
    title = models.CharField(max_length=250)
    purpose = models.TextField(help_text="What the agreement is for, in plain words; published with grants")
    # The lead organisation; every party, including the lead, is also an AgreementParty row.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="agreements"
    )
    fund = models.ForeignKey(
        "finance.Fund", on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    priorities = models.ManyToManyField("plans.Priority", related_name="agreements")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    conditions = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, db_index=True
    )
    # The offer: sent, to be answered by a date, answered by a named person.
    offered_on = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    response_name = models.CharField(max_length=200, blank=True)
    response_role = models.CharField(max_length=200, blank=True)
    response_on = models.DateField(null=True, blank=True)
    response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    # Where it came from: e.g. ("grants.application", "42"), so each mechanism can find its agreement.
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "reference"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["mechanism", "status", "starts_on"]),
            # The staff list pages newest first, alone or within one fund or status.
            models.Index(fields=["starts_on", "id"], name="agreements_newest"),
            models.Index(fields=["fund", "starts_on", "id"], name="agreements_fund_newest"),
            models.Index(fields=["status", "starts_on", "id"], name="agreements_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="agreements_value_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="agreements_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def status_tag_class(self) -> str:
        """The GOV.UK tag colour for the status."""
        return STATUS_TAG_CLASSES.get(self.status, "govuk-tag--grey")


class AgreementParty(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead provider"
        PROVIDER = "provider", "Provider"
        PARTNER = "partner", "Partner"
        CONTRIBUTOR = "contributor", "Contributor"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEAD)

    class Meta:
        ordering = ["agreement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreements_party_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class AgreementFunding(models.Model):
    """Money committed to an agreement: one finance Commitment per fund allocation (financial year) it draws on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="funding")
    commitment = models.OneToOneField(
        "finance.Commitment", on_delete=models.PROTECT, related_name="agreement_funding"
    )

    class Meta:
        ordering = ["agreement", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement.reference}: {self.commitment}"


class Instalment(models.Model):
    """One payment due under an agreement's schedule; paid when the finance officer records the Payment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    commitment = models.ForeignKey("finance.Commitment", on_delete=models.PROTECT, related_name="instalments")
    payment = models.OneToOneField(
        "finance.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="instalment"
    )

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_instalment_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="agreements_instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"Instalment {self.number} of {self.agreement.reference}"

    @property
    def is_paid(self) -> bool:
        return self.payment_id is not None


class Variation(models.Model):
    """A recorded change to an agreement's value, dates or conditions, with its reason."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="variations")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()
    made_on = models.DateField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_variation_number_once")
        ]

    def __str__(self) -> str:
        return f"Variation {self.number} of {self.agreement.reference}"
