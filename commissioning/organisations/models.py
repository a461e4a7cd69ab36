from django.db import models

from .sectors import Sector


class Organisation(models.Model):
    """A provider, partner or applicant. Identifiers, due diligence and members hang off it."""

    name = models.CharField(max_length=250)
    sector = models.CharField(max_length=40, choices=Sector.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
