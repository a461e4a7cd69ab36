from decimal import Decimal

from django.db import models


class CommissioningBody(models.Model):
    """The body that runs this service. Its name and titles are data so nothing in code names a particular body."""

    name = models.CharField(
        max_length=200, help_text="For example, Office of the Police and Crime Commissioner"
    )
    short_name = models.CharField(max_length=40, help_text="Used in the header and page titles, such as OPCC")
    commissioner_title = models.CharField(max_length=100, default="Commissioner")
    chief_executive_title = models.CharField(max_length=100, default="Chief Executive")
    chief_finance_officer_title = models.CharField(max_length=100, default="Chief Finance Officer")
    grant_identifier_prefix = models.CharField(
        "360Giving publisher prefix",
        max_length=60,
        help_text="The prefix 360Giving issued for your grant identifiers, such as 360G-example",
    )
    organisation_identifier = models.CharField(
        max_length=80, help_text="The body's own identifier in org-id form, such as GB-GOR-PC000123"
    )
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    decision_record_threshold = models.DecimalField(
        "Decision record threshold",
        max_digits=14,
        decimal_places=2,
        default=Decimal("25000.00"),
        help_text="Approving money above this amount starts a draft decision record for publication",
    )

    class Meta:
        verbose_name_plural = "commissioning bodies"

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last number used in a scope and year, taken under a row lock by `services.reference_next`: decision
    records ("decision", 2026 -> 2026/014), application references ("application:PPAF", 2026 -> PPAF-2026-0042)
    and agreement references ("agreement:CON", 2026 -> CON-2026-0007)."""

    scope = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="core_reference_counter_once")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last}"
