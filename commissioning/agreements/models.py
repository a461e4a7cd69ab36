"""Agreements: the hub where every mechanism (grant, contract, accreditation, partnership) meets after award.

Monitoring, payments, decommissioning and publication work on agreements, whatever the mechanism, so nothing
here is specific to grants: a grant decision creates an agreement through `services.agreement_create`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commissioning.core.effective import EffectiveFrom


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

# The grant default, as shipped (payment plan defaults, migration 0009): below this value an agreement paid in
# advance is paid in one instalment. Each agreement's own plan (PaymentPlan) is what the services read.
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
    # The lead fund: the fund of its first funding line, kept for readers that want one fund (the list and its
    # filter, a partner running the fund, publication). Every fund the agreement draws on, with each fund's share
    # by financial year, is a FundingLine; the money is always read from those.
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


class FundingLine(models.Model):
    """One fund's share of an agreement in one financial year, and the finance Commitment that holds it.

    An agreement draws on one or more funds (a pooled or multi-fund agreement has a line per fund and year); the
    budget position of each fund and year follows from the commitments of its lines. A line whose money has been
    released (the offer declined or withdrawn, the agreement ended early or re-planned) stays, with its released
    commitment, so the agreement's money can always be read back.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="funding")
    fund = models.ForeignKey("finance.Fund", on_delete=models.PROTECT, related_name="funding_lines")
    financial_year = models.ForeignKey(
        "finance.FinancialYear", on_delete=models.PROTECT, related_name="funding_lines"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    commitment = models.OneToOneField(
        "finance.Commitment", on_delete=models.PROTECT, related_name="agreement_funding"
    )

    class Meta:
        ordering = ["agreement", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="agreements_funding_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference}: {self.fund} {self.financial_year}"


class Acceptance(models.Model):
    """How an agreement was offered and answered: the offer (sent on, to be answered by) and the named person who
    accepted or declined it for the organisation, or signed it when it was recorded as already agreed. One record
    for every mechanism, so the hub keeps no offer columns of its own."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="acceptance")
    offered_on = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["offered_on"], name="agreements_acceptance_offered")]

    def __str__(self) -> str:
        return f"Acceptance of {self.agreement.reference}"


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


# --- How an agreement is paid ------------------------------------------------------------------------------------


class PaymentPlanKind(models.TextChoices):
    IN_ADVANCE = "in_advance", "In advance by instalment"
    IN_ARREARS = "in_arrears", "In arrears against invoices"
    PER_UNIT = "per_unit", "Per unit delivered"
    CONTRIBUTIONS = "contributions", "Contributions received"


# Plans paid against invoices: nothing is paid before an invoice for the work is recorded and approved.
INVOICED_KINDS = frozenset({PaymentPlanKind.IN_ARREARS, PaymentPlanKind.PER_UNIT})


class PaymentPlanDefault(EffectiveFrom):
    """How agreements of a mechanism are paid, from a date: the plan a new agreement starts with (staff may change
    an agreement's own plan before payments start)."""

    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    kind = models.CharField(max_length=20, choices=PaymentPlanKind.choices)
    interval_months = models.PositiveSmallIntegerField(
        default=3, help_text="Months between instalments or invoices"
    )
    single_payment_below = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Paid in advance: below this value, one instalment at the start",
    )

    class Meta:
        ordering = ["mechanism", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "effective_from"], name="agreements_plan_default_one_per_date"
            ),
            models.CheckConstraint(condition=Q(interval_months__gte=1), name="agreements_default_interval"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mechanism_display()}: {self.get_kind_display()} from {self.effective_from}"


class PaymentPlan(models.Model):
    """How one agreement is paid: in advance by instalment, in arrears against invoices, per unit delivered, or
    from contributions received. Made from its mechanism's default when the agreement is made."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="payment_plan")
    kind = models.CharField(max_length=20, choices=PaymentPlanKind.choices)
    interval_months = models.PositiveSmallIntegerField(default=3)
    single_payment_below = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        max_length=100, blank=True, help_text="What one unit is, like 'a counselling session'"
    )
    unit_price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(interval_months__gte=1), name="agreements_plan_interval"),
            models.CheckConstraint(
                condition=Q(unit_price__isnull=True) | Q(unit_price__gt=0), name="agreements_plan_unit_price"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference}: {self.get_kind_display()}"

    @property
    def is_invoiced(self) -> bool:
        return self.kind in INVOICED_KINDS


class InvoiceStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    REJECTED = "rejected", "Rejected"


# The only moves an invoice makes (audit.workflow.transition checks this table; workflows.py).
INVOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    InvoiceStatus.RECEIVED: frozenset({InvoiceStatus.APPROVED, InvoiceStatus.REJECTED}),
    InvoiceStatus.APPROVED: frozenset({InvoiceStatus.PAID, InvoiceStatus.REJECTED}),
    InvoiceStatus.PAID: frozenset(),
    InvoiceStatus.REJECTED: frozenset(),
}

INVOICE_TAG_CLASSES: dict[str, str] = {
    InvoiceStatus.RECEIVED: "govuk-tag--blue",
    InvoiceStatus.APPROVED: "govuk-tag--turquoise",
    InvoiceStatus.PAID: "govuk-tag--green",
    InvoiceStatus.REJECTED: "govuk-tag--red",
}


class Invoice(models.Model):
    """A provider's invoice for work delivered in a period, under an agreement paid in arrears (or per unit). It is
    approved before it can be paid; paying it records the finance Payments against the agreement's commitments for
    the financial year the period ends in."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="invoices")
    number = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=100, help_text="The provider's own invoice number")
    period_start = models.DateField()
    period_end = models.DateField()
    units = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    received_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.RECEIVED, db_index=True
    )
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_invoice_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="agreements_invoice_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="agreements_invoice_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number} ({self.reference}) of {self.agreement.reference}"

    @property
    def status_tag_class(self) -> str:
        return INVOICE_TAG_CLASSES.get(self.status, "govuk-tag--grey")


class InvoicePayment(models.Model):
    """One finance Payment made for an invoice: an invoice of a multi-fund agreement is paid from each fund's
    commitment for the year, in proportion to what each still has to pay."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    payment = models.OneToOneField(
        "finance.Payment", on_delete=models.PROTECT, related_name="invoice_payment"
    )

    class Meta:
        ordering = ["invoice", "pk"]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.payment}"
