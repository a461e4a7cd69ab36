from typing import Any

from django.db import transaction

from commissioning.accounts.permissions import require
from commissioning.audit.services import audited_save
from commissioning.core.actors import Actor
from commissioning.core.models import CommissioningBody


@transaction.atomic
def body_update(*, by: Actor, body: CommissioningBody, data: dict[str, Any]) -> CommissioningBody:
    """Change the commissioning body's settings (its name, titles and other data)."""
    require(by, "body.edit")
    for field, value in data.items():
        setattr(body, field, value)
    audited_save(by=by, instance=body)
    return body
