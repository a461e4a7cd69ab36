"""The statutory monthly publication: which grants were published in which month, and when.

The public registers and the open data are live (a grant appears as soon as it is published, see
`selectors.published_grants`). The law asks the body to publish its grants monthly and to be able to show that it
did: a `MonthlyPublication` is that record. `services.month_publish` makes one per month, once, with every
published grant awarded up to the end of that month that no earlier publication contained. A grant's
"published on" date is the `published_at` of the one publication that contains it.
"""

from django.conf import settings
from django.db import models


class MonthlyPublication(models.Model):
    month = models.DateField(unique=True, help_text="The first day of the month the publication covers")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grant_count = models.PositiveIntegerField(default=0)
    amount_total = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Publication for {self.month:%B %Y}"


class PublishedGrant(models.Model):
    """One grant in the publication that first published it. A grant is published once only."""

    publication = models.ForeignKey(MonthlyPublication, on_delete=models.PROTECT, related_name="grants")
    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="monthly_publication"
    )

    class Meta:
        ordering = ["publication", "agreement"]

    def __str__(self) -> str:
        return f"{self.agreement_id} in {self.publication}"
