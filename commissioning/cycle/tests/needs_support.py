"""Fixtures and makers for the needs-assessment and intentions tests (imported by their modules)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.cycle.models import CommissioningIntentions, EvidenceKind, NeedsAssessment
from commissioning.cycle.services.intentions import intention_add, intentions_start
from commissioning.cycle.services.needs import EvidenceInput, needs_assessment_create
from commissioning.governance.models import DelegatedLimit
from commissioning.plans.models import Plan, Priority
from commissioning.plans.tests.factories import PlanFactory, PriorityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name: str = "Victims survey.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def plan(db: Any) -> Plan:
    return PlanFactory.create(is_current=True)


@pytest.fixture
def priorities(plan: Plan) -> list[Priority]:
    return [
        PriorityFactory.create(plan=plan, number=1, title="Prevent crime and keep people safe"),
        PriorityFactory.create(plan=plan, number=2, title="Protect the most vulnerable"),
        PriorityFactory.create(plan=plan, number=3, title="Put victims first"),
    ]


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def commissioner(make_user: Callable[..., User], db: Any) -> User:
    DelegatedLimit.objects.create(role=Role.COMMISSIONER, max_amount=None, effective_from=date(2017, 4, 1))
    return make_user(Role.COMMISSIONER, full_name="Connie Commissioner")


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def every_kind_of_evidence() -> list[EvidenceInput]:
    return [
        EvidenceInput(kind=EvidenceKind.DOCUMENT, title="Victims' needs survey 2025", upload=pdf()),
        EvidenceInput(
            kind=EvidenceKind.DATA,
            title="Recorded domestic abuse incidents",
            source="Wiltshire Police",
            dated_on=date(2025, 12, 31),
        ),
        EvidenceInput(
            kind=EvidenceKind.CONSULTATION_PROVIDERS,
            title="Providers' forum",
            summary="Waiting lists for counselling are six months.",
        ),
        EvidenceInput(
            kind=EvidenceKind.CONSULTATION_SERVICE_USERS,
            title="Survivors' panel",
            summary="People want support at evenings and weekends.",
        ),
        EvidenceInput(
            kind=EvidenceKind.CONSULTATION_PUBLIC,
            title="Public survey",
            summary="Two in three respondents did not know where to get help.",
        ),
    ]


def write_assessment(by: User, priorities: list[Priority], **values: Any) -> NeedsAssessment:
    defaults: dict[str, Any] = {
        "title": "Support for victims of domestic abuse",
        "priority_ids": [priorities[0].pk],
        "need": "About 9,000 incidents a year; referrals up 12%.",
        "gaps": "No evening support; long waits for counselling.",
        "implications": "Commission an evening helpline and more counselling.",
    }
    return needs_assessment_create(by=by, **{**defaults, **values})


def item_values(priorities: list[Priority], start_year: int, **values: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "title": "Evening helpline for victims",
        "description": "A helpline open from 6pm to midnight every day.",
        "priority_ids": [priorities[0].pk],
        "indicative_value": Decimal("120000.00"),
        "starts_on": date(start_year, 10, 1),
        "mechanism": "contract",
    }
    return {**defaults, **values}


def draft_intentions(
    by: User, priorities: list[Priority], start_year: int, *, items: int = 1
) -> CommissioningIntentions:
    intentions = intentions_start(
        by=by, start_year=start_year, summary="What we plan to commission this year."
    )
    for number in range(items):
        intention_add(
            by=by,
            intentions=intentions,
            **item_values(priorities, start_year, title=f"Project {number + 1}"),
        )
    return intentions
