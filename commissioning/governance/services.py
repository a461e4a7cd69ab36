"""Writes for the scheme of delegation. A change is a new row with a date of effect, never an edit of an old one,
so a past decision can always be checked against the limits that applied on its date."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from commissioning.accounts.permissions import require
from commissioning.accounts.roles import Role
from commissioning.audit.services import audit_record, snapshot
from commissioning.core.actors import Actor
from commissioning.core.effective import refuse_same_date
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date

from .models import DelegatedLimit
from .selectors import role_heading


@transaction.atomic
def delegated_limit_add(
    *, by: Actor, role: str, max_amount: Decimal | None, effective_from: date
) -> DelegatedLimit:
    """Give a role a delegated limit (None for no upper limit) from a date. Administrators only."""
    require(by, "delegation.change")
    if role not in Role.values:
        raise DomainError("Select a role", field="role")
    if max_amount is not None and Decimal(max_amount) < 0:
        raise DomainError("The limit must be £0 or more", field="max_amount")
    refuse_same_date(
        DelegatedLimit.objects.filter(role=role, effective_from=effective_from).exists(),
        effective_from=effective_from,
        message=f"{role_heading(role)} already has a limit from {{date}}. Choose a different date for the new limit",
    )
    try:
        with transaction.atomic():
            row = DelegatedLimit.objects.create(
                role=role, max_amount=max_amount, effective_from=effective_from
            )
    except IntegrityError:
        raise DomainError(
            f"{role_heading(role)} already has a limit from {govuk_date(effective_from)}",
            field="effective_from",
        ) from None
    audit_record(by=by, action="create", instance=row, after=snapshot(row))
    return row
