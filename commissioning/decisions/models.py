"""Decision records: the body's formal record of what it decided, numbered per financial year (2026/014), drafted,
approved by someone whose delegated limit covers the amount, and published on the public site.

What the public sees depends on the confidentiality (docs/decisions/0011-decision-records.md): a public decision
in full; a part-exempt decision without its exempt part; an exempt decision only as its reference, its dates and
the exemption that withholds it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    # Sent back by the decision-maker without a decision, with the reason in its history; the record it was about
    # is told (decisions/hooks.py) and may come back with a new record.
    RETURNED = "returned", "Returned"


# The only moves a decision record can make, through the workflow primitive (workflows.py).
DECISION_TRANSITIONS: dict[str, frozenset[str]] = {
    DecisionStatus.DRAFT: frozenset({DecisionStatus.APPROVED, DecisionStatus.RETURNED}),
    DecisionStatus.APPROVED: frozenset({DecisionStatus.PUBLISHED}),
    DecisionStatus.PUBLISHED: frozenset(),
    DecisionStatus.RETURNED: frozenset(),
}

STATUS_TAG_CLASSES: dict[str, str] = {
    DecisionStatus.DRAFT: "govuk-tag--grey",
    DecisionStatus.APPROVED: "govuk-tag--blue",
    DecisionStatus.PUBLISHED: "govuk-tag--green",
    DecisionStatus.RETURNED: "govuk-tag--orange",
}


# The fields a draft holds, set by decision_create and decision_update. Public reads load
# all of them but `exempt_part`.
DRAFT_FIELDS = (
    "title",
    "summary",
    "background",
    "options_considered",
    "financial_implications",
    "amount",
    "decision",
    "declarations_of_interest",
    "confidentiality",
    "exemption",
    "exempt_part",
)


# The kinds of decision the public list can be filtered to, by the record they are about: key -> (source type,
# words of the filter).
PUBLIC_SOURCES = {"decommissioning": ("decommissioning.decommissioning", "Decommissioning of services")}


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "Public"
    PART_EXEMPT = "part_exempt", "Part exempt"
    EXEMPT = "exempt", "Exempt"


class Exemption(models.TextChoices):
    """The usual grounds for withholding information: the Freedom of Information Act 2000 and Schedule 12A of the
    Local Government Act 1972."""

    FOI_S22 = "foi-22", "Information intended for future publication (FOI Act section 22)"
    FOI_S24 = "foi-24", "National security (FOI Act section 24)"
    FOI_S30 = "foi-30", "Investigations and proceedings (FOI Act section 30)"
    FOI_S31 = "foi-31", "Law enforcement (FOI Act section 31)"
    FOI_S36 = "foi-36", "Prejudice to the effective conduct of public affairs (FOI Act section 36)"
    FOI_S38 = "foi-38", "Health and safety (FOI Act section 38)"
    FOI_S40 = "foi-40", "Personal information (FOI Act section 40)"
    FOI_S41 = "foi-41", "Information provided in confidence (FOI Act section 41)"
    FOI_S42 = "foi-42", "Legal professional privilege (FOI Act section 42)"
    FOI_S43 = "foi-43", "Commercial interests (FOI Act section 43)"
    LGA_1 = "lga-12a-1", "Information relating to any individual (LGA 1972 Schedule 12A paragraph 1)"
    LGA_2 = (
        "lga-12a-2",
        "Information likely to reveal the identity of an individual (Schedule 12A paragraph 2)",
    )
    LGA_3 = "lga-12a-3", "Financial or business affairs of any particular person (Schedule 12A paragraph 3)"
    LGA_5 = "lga-12a-5", "Legal professional privilege (Schedule 12A paragraph 5)"
    LGA_7 = "lga-12a-7", "Prevention, investigation or prosecution of crime (Schedule 12A paragraph 7)"


class DecisionRecord(models.Model):
    # Numbered per financial year (its start year): 2026/014 is the 14th record of 2026/27.
    reference = models.CharField(max_length=12, unique=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    summary = models.TextField()
    background = models.TextField(blank=True)
    options_considered = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    decision = models.TextField(help_text="What was decided, in the words of the decision")
    declarations_of_interest = models.TextField(blank=True)
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.PUBLIC, db_index=True
    )
    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True)
    # Withheld from the public: never read by a public selector (see selectors.PublicDecision).
    exempt_part = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What it decided, when it came from another record: e.g. ("grants.application", "42").
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "-number"]
        indexes = [
            models.Index(fields=["year", "number"], name="decisions_newest"),
            models.Index(fields=["status", "year", "number"], name="decisions_status_newest"),
            models.Index(fields=["status", "published_at"], name="decisions_published"),
            models.Index(fields=["source_type", "source_id"], name="decisions_source"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="decisions_number_once_a_year"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="decisions_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(confidentiality="public") | ~Q(exemption=""),
                name="decisions_exemption_named_when_withheld",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.reference}"

    @property
    def slug(self) -> str:
        """The reference as it appears in addresses: 2026/014 is 2026-014."""
        return self.reference.replace("/", "-")

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "govuk-tag--grey")


def reference_format(year: int, number: int) -> str:
    return f"{year}/{number:03d}"
