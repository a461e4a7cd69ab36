"""Money: financial years, funding sources, funds with their rules, allocations, commitments and payments.

Each allocation keeps what is committed and paid against it (`committed_total`, `paid_total`), so a budget
position is read from one row whatever the number of commitments and payments. Only `finance.services` changes
them, inside the transaction that writes the commitment or payment and under the allocation's row lock, so they
stay exact; `manage.py budget_verify` proves them against the rows (docs/decisions/0009-budget-totals.md).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Q

from commissioning.core.effective import EffectiveFrom
from commissioning.organisations.sectors import Sector

from . import years


class FinancialYear(models.Model):
    """1 April to 31 March, named by the years it spans ("2025/26")."""

    start_year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(years.FIRST_START_YEAR)],
        help_text="The calendar year in which it starts on 1 April",
    )

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return years.label_of(self.start_year)

    @property
    def slug(self) -> str:
        return years.slug_of(self.start_year)

    @property
    def starts_on(self) -> date:
        return years.starts_on(self.start_year)

    @property
    def ends_on(self) -> date:
        return years.ends_on(self.start_year)

    def contains(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        CENTRAL_GOVERNMENT = "central_government", "Central government allocation"
        PRECEPT = "precept", "Local policing precept"
        OTHER_INCOME = "other_income", "Other income"
        RING_FENCED_GRANT = "ring_fenced_grant", "Ring-fenced government grant"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ring_fenced(self) -> bool:
        return self.kind == self.Kind.RING_FENCED_GRANT


class Fund(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]*$", "Use capital letters and digits only, like PPAF")],
        help_text="A short code in capitals, used as the prefix of grant references, like PPAF",
    )
    description = models.TextField(blank=True)
    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="funds")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _list_of_text(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValidationError("Enter a list of words")


def _list_of_sectors(value: object) -> None:
    _list_of_text(value)
    unknown = sorted(set(value) - set(Sector.values))  # type: ignore[call-overload]
    if unknown:
        raise ValidationError(f"Unknown sectors: {', '.join(unknown)}")


class FundPurpose(models.Model):
    """Something a fund's money may be spent on, in plain words ("Support services for victims of crime"). A fund
    keeps its purposes; which of them its money is ring-fenced to on a date is its rules' (`FundRules.purposes`).
    Whatever commits money names the purpose it serves: a scheme, a grant decision, a variation (through its
    commitments)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="purposes")
    name = models.CharField(max_length=200, help_text="The purpose in a few plain words")
    description = models.TextField(blank=True, help_text="What it covers, in plain words")

    class Meta:
        ordering = ["fund", "name"]
        constraints = [models.UniqueConstraint(fields=["fund", "name"], name="finance_purpose_once_per_fund")]

    def __str__(self) -> str:
        return self.name


class FundRules(EffectiveFrom):
    """A fund's rules from a date (`effective_from`, core.effective). A fund may have several rows; the latest one
    already in effect applies."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="rules")
    eligible_sectors = models.JSONField(
        default=list,
        blank=True,
        validators=[_list_of_sectors],
        help_text="Sector values (see organisations.sectors) that may apply; empty means any sector",
    )
    min_award = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    max_award = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    max_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    one_off = models.BooleanField(default=False, help_text="Funding is given once and not renewed")
    one_off_period_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A second award to the same organisation within this many months needs a recorded reason",
    )
    # The ring-fence: the only purposes the money may be spent on while these rules hold; none means any purpose.
    purposes = models.ManyToManyField(FundPurpose, through="RulesPurpose", blank=True, related_name="rules")
    administering_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administered_fund_rules",
        help_text="A partner that runs the fund on the body's behalf",
    )

    class Meta:
        ordering = ["fund", "-effective_from"]
        verbose_name_plural = "fund rules"
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "effective_from"], name="finance_rules_one_per_fund_and_date"
            ),
            models.CheckConstraint(
                condition=Q(min_award__isnull=True)
                | Q(max_award__isnull=True)
                | Q(min_award__lte=F("max_award")),
                name="finance_rules_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Rules of {self.fund} from {self.effective_from.day} {self.effective_from:%B %Y}"

    @property
    def ring_fence(self) -> list[FundPurpose]:
        """The purposes the money is ring-fenced to, in the order the rules list them (read through the prefetch
        of `purpose_links` where there is one); empty when the money may be spent on any purpose."""
        if self.pk is None:
            return []
        return [link.purpose for link in self.purpose_links.all()]

    @property
    def ring_fenced_purposes(self) -> list[str]:
        """The names of the purposes of the ring-fence."""
        return [purpose.name for purpose in self.ring_fence]

    def clean(self) -> None:
        if self.min_award is not None and self.max_award is not None and self.min_award > self.max_award:
            raise ValidationError({"max_award": "The maximum award must be at least the minimum award"})


class RulesPurpose(models.Model):
    """One purpose of a rules row's ring-fence, in the order the rules list them."""

    rules = models.ForeignKey(FundRules, on_delete=models.CASCADE, related_name="purpose_links")
    purpose = models.ForeignKey(FundPurpose, on_delete=models.PROTECT, related_name="rules_links")

    class Meta:
        ordering = ["rules", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "purpose"], name="finance_rules_purpose_once")
        ]

    def __str__(self) -> str:
        return f"{self.rules}: {self.purpose}"


class Allocation(models.Model):
    """The money a fund has for one financial year. Only the Chief Finance Officer or an administrator sets it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    # Kept by finance.services under this row's lock; never set them anywhere else.
    committed_total = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        default=Decimal("0"),
        editable=False,
        help_text="What the commitments against it still promise: their amounts less what releases gave back",
    )
    paid_total = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        default=Decimal("0"),
        editable=False,
        help_text="Every payment made against its commitments",
    )

    class Meta:
        ordering = ["fund__name", "financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "financial_year"], name="finance_one_allocation_per_fund_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_allocation_not_negative"),
            # The last line of defence behind the services' checks: never over-committed, never over-paid.
            models.CheckConstraint(
                condition=Q(committed_total__lte=F("amount")), name="finance_allocation_not_over_committed"
            ),
            models.CheckConstraint(
                condition=Q(paid_total__gte=0) & Q(paid_total__lte=F("committed_total")),
                name="finance_allocation_paid_within_committed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.financial_year}"


class Commitment(models.Model):
    """Money promised from an allocation, usually when an agreement is approved.

    Releasing a commitment gives back what has not been paid: `released_amount` records it, so the amount still
    committed is always `amount - released_amount`.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        RELEASED = "released", "Released"

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="commitments")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    released_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    description = models.CharField(max_length=300)
    committed_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    released_on = models.DateField(null=True, blank=True)
    # The fund purpose the money serves (the ring-fence), when the commitment named one.
    purpose = models.ForeignKey(
        FundPurpose, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    # What the money is for, so agreements and grants can point at it without finance knowing about them.
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["committed_on", "pk"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            # An allocation's commitments in page order, read a page at a time.
            models.Index(fields=["allocation", "committed_on", "id"], name="finance_commitment_page"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_commitment_positive"),
            models.CheckConstraint(
                condition=Q(released_amount__gte=0) & Q(released_amount__lte=F("amount")),
                name="finance_commitment_release_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def committed_amount(self) -> Decimal:
        return self.amount - self.released_amount


# The only move a commitment makes: released once (audit.workflow.transition checks this table).
COMMITMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    Commitment.Status.ACTIVE: frozenset({Commitment.Status.RELEASED}),
    Commitment.Status.RELEASED: frozenset(),
}


# What a commitment still commits, in a query (the property `Commitment.committed_amount` in SQL): sum it for the
# money committed by a group of commitments.
STILL_COMMITTED = ExpressionWrapper(
    F("amount") - F("released_amount"), output_field=models.DecimalField(max_digits=16, decimal_places=2)
)


class Payment(models.Model):
    """An instalment paid against a commitment. The payments of a commitment never exceed its amount."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    paid_on = models.DateField()
    reference = models.CharField(max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.paid_on.day} {self.paid_on:%B %Y})"
