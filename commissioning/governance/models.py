"""Governance: the scheme of delegation (who may decide up to which amount). Decision records, boards and
decommissioning join this app in later issues."""

from django.db import models
from django.db.models import Q

from commissioning.accounts.roles import Role
from commissioning.core.effective import EffectiveFrom
from commissioning.core.money import format_money


class DelegatedLimit(EffectiveFrom):
    """A role may decide amounts up to `max_amount` (no limit when empty) from `effective_from`.

    Rows are data with dates of effect (core.effective): a new scheme of delegation is new rows, and old decisions
    are checked against the rows that applied on their date."""

    role = models.CharField(max_length=40, choices=Role.choices)
    max_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="Leave empty for no upper limit"
    )

    class Meta:
        ordering = ["role", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["role", "effective_from"], name="governance_limit_once_per_date"),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0),
                name="governance_limit_not_negative",
            ),
        ]

    def __str__(self) -> str:
        limit = "no limit" if self.max_amount is None else f"up to {format_money(self.max_amount)}"
        return f"{self.get_role_display()}: {limit} from {self.effective_from:%d %B %Y}"
