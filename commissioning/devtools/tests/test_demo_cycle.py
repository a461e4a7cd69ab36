"""The commissioning cycle's demo, on top of the demos before it: a needs assessment per priority of the current
plan (one with two versions, evidence of every kind), this year's intentions approved through a published decision
record and published, next year's in draft; a second run writes nothing."""

from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.cycle.models import (
    CommissioningIntentions,
    Evidence,
    EvidenceKind,
    IntentionsStatus,
    NeedsAssessment,
)
from commissioning.decisions.models import DecisionStatus
from commissioning.devtools.demo.accounts import load as load_accounts
from commissioning.finance.selectors import current_start_year
from commissioning.plans.models import Priority

pytestmark = pytest.mark.django_db

APPS = ["core", "plans", "organisations", "finance", "governance", "decisions", "cycle"]


def _load_all() -> None:
    administrator = load_accounts(by=DEMO_LOADER)
    for app in APPS:
        import_module(f"commissioning.devtools.demo.{app}").load(by=administrator)


def test_demo_has_the_cycle_and_loads_twice_without_new_events() -> None:
    _load_all()
    for priority in Priority.objects.filter(plan__is_current=True):
        assert NeedsAssessment.objects.filter(priorities=priority).exists(), priority
    assert NeedsAssessment.objects.filter(versions__number=2).exists()
    assert set(Evidence.objects.values_list("kind", flat=True)) == set(EvidenceKind.values)
    assert Evidence.objects.exclude(file="").exists()
    year = current_start_year()
    current = CommissioningIntentions.objects.get(financial_year__start_year=year)
    assert current.decision is not None and current.status == IntentionsStatus.PUBLISHED
    assert current.decision.status == DecisionStatus.PUBLISHED
    following = CommissioningIntentions.objects.get(financial_year__start_year=year + 1)
    assert following.status == IntentionsStatus.DRAFT and following.items.exists()

    events = AuditEvent.objects.count()
    _load_all()
    assert AuditEvent.objects.count() == events

    html = Client().get(reverse("cycle-public:year", args=[year])).content.decode()
    assert "Young adults&#x27; diversion service" in html and current.decision.reference in html
