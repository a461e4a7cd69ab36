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
