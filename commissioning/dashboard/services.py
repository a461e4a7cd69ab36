from typing import Any

from django.db import transaction

from commissioning.audit.services import audited_save
from commissioning.core.models import CommissioningBody


@transaction.atomic
def body_update(*, by: Any, body: CommissioningBody, data: dict[str, Any]) -> CommissioningBody:
    for field, value in data.items():
        setattr(body, field, value)
    audited_save(by=by, instance=body)
    return body
