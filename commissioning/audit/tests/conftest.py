from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from commissioning.audit.services import audit_record
from commissioning.core.models import CommissioningBody


@pytest.fixture
def body(db: Any) -> CommissioningBody:
    return CommissioningBody.objects.create(
        name="Office of the Example Commissioner",
        short_name="OEC",
        grant_identifier_prefix="360G-oec",
        organisation_identifier="GB-GOR-PC000001",
    )


@pytest.fixture
def record_changes(body: CommissioningBody) -> Callable[..., list]:
    """Write `n` audit events about the body: `record_changes(3, by=user)`."""

    def record(n: int, *, by: Any = None, instance: Any = None) -> list:
        events = []
        target = instance or body
        for i in range(n):
            with transaction.atomic():
                events.append(
                    audit_record(
                        by=by,
                        action="update",
                        instance=target,
                        before={"name": f"Name {i}"},
                        after={"name": f"Name {i + 1}"},
                    )
                )
        return events

    return record
