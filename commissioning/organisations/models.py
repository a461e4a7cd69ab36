from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .identifiers import SCHEME_CHOICES, SCHEME_PRIORITY, SCHEMES_BY_CODE, format_org_id
from .sectors import Sector, SectorGroup, sector_group

# A due-diligence item "expires soon" when it runs out within this many days.
EXPIRY_WARNING_DAYS = 30


def publisher_org_id(pk: int | None, publisher_prefix: str) -> str:
    """360Giving practice for an organisation with no registered identifier: an id under the publisher's prefix."""
    prefix = publisher_prefix.strip().strip("-")
    if prefix and not prefix.upper().startswith("360G-"):
        prefix = f"360G-{prefix}"
    return f"{prefix or '360G'}-ORG-{pk}"


class Organisation(models.Model):
    """A provider, partner or applicant. Identifiers, due diligence and members hang off it."""

    name = models.CharField(max_length=250)
    sector = models.CharField(max_length=40, choices=Sector.choices)
    address_line_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField("Email address", blank=True)
    phone = models.CharField("Telephone number", max_length=30, blank=True)
    website = models.URLField(max_length=300, blank=True)
    notes = models.TextField(
        blank=True, help_text="Anything staff should know; not shown to the organisation"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            # The staff register lists organisations in this order, a page at a time.
            models.Index(Lower("name"), "id", name="organisations_register_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_group(self) -> SectorGroup:
        return sector_group(self.sector)

    @property
    def address(self) -> list[str]:
        return [part for part in (self.address_line_1, self.address_line_2, self.town, self.postcode) if part]

    @property
    def preferred_identifier(self) -> "OrganisationIdentifier | None":
        """The identifier to publish: the one marked preferred, else the first by scheme priority (the same rule
        as a column of a query: `organisations.selectors.preferred_org_id`).

        Reads `identifiers.all()`, so a prefetched list costs no query."""
        identifiers = list(self.identifiers.all())
        if not identifiers:
            return None
        return min(
            identifiers, key=lambda i: (not i.is_preferred, SCHEME_PRIORITY.get(i.scheme, 99), i.pk or 0)
        )

    def org_id_for_publisher(self, publisher_prefix: str) -> str:
        preferred = self.preferred_identifier
        return preferred.org_id if preferred else publisher_org_id(self.pk, publisher_prefix)

    @property
    def org_id(self) -> str:
        """One org-id for open data (360Giving `Recipient Org:Identifier`). Exports of many organisations should
        call `org_id_for_publisher` with the prefix read once, so that no query is made per row."""
        preferred = self.preferred_identifier
        if preferred:
            return preferred.org_id
        from commissioning.core.selectors import commissioning_body

        return publisher_org_id(self.pk, commissioning_body().grant_identifier_prefix)


class OrganisationIdentifier(models.Model):
    """An official identifier (charity number, company number, ...). A value is on the register only once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField("Type of identifier", max_length=10, choices=SCHEME_CHOICES)
    value = models.CharField("Identifier", max_length=40)
    is_preferred = models.BooleanField("Preferred for open data", default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="organisation_identifier_unique"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_preferred=True),
                name="organisation_one_preferred_identifier",
            ),
        ]

    def __str__(self) -> str:
        return self.org_id

    @property
    def org_id(self) -> str:
        return format_org_id(self.scheme, self.value)

    @property
    def scheme_label(self) -> str:
        found = SCHEMES_BY_CODE.get(self.scheme)
        return found.label if found else self.scheme

    @property
    def noun(self) -> str:
        found = SCHEMES_BY_CODE.get(self.scheme)
        return found.noun if found else "identifier"


class OrganisationMembership(models.Model):
    """A person who acts for an organisation: a provider user or a partner administrator belongs to exactly one."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="membership", verbose_name="person"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    is_administrator = models.BooleanField(
        default=False, help_text="May invite colleagues and manage the organisation's details."
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class DueDiligenceKind(models.TextChoices):
    GOVERNING_DOCUMENT = "governing_document", "Governing document"
    SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding policy"
    INSURANCE = "insurance", "Insurance"
    LATEST_ACCOUNTS = "latest_accounts", "Latest accounts"
    EQUALITY_POLICY = "equality_policy", "Equality policy"
    OTHER = "other", "Other"


class DueDiligenceStatus(models.TextChoices):
    CURRENT = "current", "Current"
    EXPIRES_SOON = "expires_soon", "Expires soon"
    EXPIRED = "expired", "Expired"


class DueDiligenceItem(models.Model):
    """A document an organisation has shown the body, with its date and expiry. Kept once and reused across
    applications instead of being uploaded again."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="due_diligence_items"
    )
    kind = models.CharField("Type of document", max_length=30, choices=DueDiligenceKind.choices)
    title = models.CharField(max_length=200)
    dated = models.DateField("Date of the document")
    expires_on = models.DateField("Expiry date", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(null=True, blank=True)
    # The document itself, checked by content when uploaded (core/uploads.py) and stored under a random name;
    # read only through the documents:due-diligence view, which checks access. Older items may have none.
    document = models.FileField(upload_to="due-diligence/%Y/%m/", blank=True)
    original_name = models.CharField("File name", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "-dated", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("dated")),
                name="due_diligence_expires_after_dated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def status(self, on: date | None = None) -> DueDiligenceStatus:
        today = on or timezone.localdate()
        if self.expires_on is None:
            return DueDiligenceStatus.CURRENT
        if self.expires_on < today:
            return DueDiligenceStatus.EXPIRED
        if self.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
            return DueDiligenceStatus.EXPIRES_SOON
        return DueDiligenceStatus.CURRENT

    @property
    def current_status(self) -> DueDiligenceStatus:
        return self.status()

    @property
    def status_tag_class(self) -> str:
        return {
            DueDiligenceStatus.CURRENT: "govuk-tag--green",
            DueDiligenceStatus.EXPIRES_SOON: "govuk-tag--yellow",
            DueDiligenceStatus.EXPIRED: "govuk-tag--red",
        }[self.status()]


# An invitation to join an organisation works for this many days.
INVITATION_DAYS = 14


class Invitation(models.Model):
    """An organisation's administrator asks a colleague, by email, to act for the organisation too.

    Only a hash of the token in the emailed link is kept, so the table alone cannot be used to accept anything."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("Email address")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "accepted_at"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to join {self.organisation}"

    def is_open(self, at: "datetime | None" = None) -> bool:
        return self.accepted_at is None and self.expires_at > (at or timezone.now())
