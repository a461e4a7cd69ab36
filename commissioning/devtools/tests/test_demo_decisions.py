"""The decisions demo, on top of the demos before it: every state and confidentiality, a draft linked to a demo
grant approval above the threshold, the exempt part nowhere public; a second run of the whole demo writes nothing."""

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.core.selectors import commissioning_body
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus
from commissioning.devtools.demo.accounts import load as load_accounts
from commissioning.grants.models import Application

pytestmark = pytest.mark.django_db

APPS = ["core", "plans", "organisations", "finance", "governance", "agreements", "grants", "decisions"]


def _load_all() -> User:
    administrator = load_accounts(by=DEMO_LOADER)
    for app in APPS:
        if find_spec(f"commissioning.devtools.demo.{app}") is not None:
            import_module(f"commissioning.devtools.demo.{app}").load(by=administrator)
    return administrator


def test_demo_has_every_state_and_loads_twice_without_new_events(mailoutbox: list[object]) -> None:
    _load_all()
    records = DecisionRecord.objects.all()
    published = records.filter(status=DecisionStatus.PUBLISHED)
    assert published.filter(confidentiality=Confidentiality.PUBLIC).count() >= 2
    assert published.filter(confidentiality=Confidentiality.PART_EXEMPT).exists()
    assert published.filter(confidentiality=Confidentiality.EXEMPT).exists()
    assert records.filter(status=DecisionStatus.APPROVED).exists()
    linked = records.get(status=DecisionStatus.DRAFT, source_type="grants.application")
    application = Application.objects.get(pk=linked.source_id)
    assert application.amount_requested is not None
    assert application.amount_requested > commissioning_body().decision_record_threshold
    assert linked.amount == application.amount_requested

    events, count = AuditEvent.objects.count(), records.count()
    _load_all()
    assert (AuditEvent.objects.count(), DecisionRecord.objects.count()) == (events, count)

    exempt = published.get(confidentiality=Confidentiality.EXEMPT)
    part = published.get(confidentiality=Confidentiality.PART_EXEMPT)
    client = Client()
    pages = [
        client.get(reverse("public-decisions:list")).content.decode(),
        client.get(reverse("public-decisions:detail", args=[exempt.slug])).content.decode(),
        client.get(reverse("public-decisions:detail", args=[part.slug])).content.decode(),
    ]
    for html in pages:
        assert exempt.title not in html and exempt.summary not in html
        assert part.exempt_part not in html
