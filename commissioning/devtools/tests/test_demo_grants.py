"""The grants demo: loaded on top of the other demos, it holds applications in every state, and a second run
writes nothing."""

from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.agreements.models import AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.dashboard.work import work_waiting
from commissioning.devtools.demo.accounts import load as load_accounts
from commissioning.grants.models import Application, ApplicationStatus, AssessorAssignment, Decision, Scheme
from commissioning.grants.selectors.staff import CLOSED, OPEN, scheme_status

pytestmark = pytest.mark.django_db

APPS = ["core", "plans", "organisations", "finance", "governance", "agreements", "grants"]


def _load_all() -> User:
    administrator = load_accounts(by=DEMO_LOADER)
    for app in APPS:
        try:
            module = import_module(f"commissioning.devtools.demo.{app}")
        except ModuleNotFoundError:
            continue
        module.load(by=administrator)
    return administrator


def test_demo_has_every_state_and_loads_twice_without_new_events(mailoutbox):
    _load_all()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    schemes = {scheme.reference_prefix + ":" + scheme_status(scheme) for scheme in Scheme.objects.all()}
    assert {f"PCF:{OPEN}", f"PPAF:{OPEN}", f"PCF:{CLOSED}"} <= schemes

    accepted = (
        Decision.objects.filter(agreement__status=AgreementStatus.ACTIVE).select_related("agreement").get()
    )
    assert accepted.agreement.instalments.filter(payment__isnull=False).exists()
    assert Decision.objects.filter(agreement__status=AgreementStatus.OFFERED).exists()
    declined = Decision.objects.filter(outcome=Decision.Outcome.DECLINE).first()
    assert declined is not None and declined.reasons
    assert AssessorAssignment.objects.filter(has_conflict=True).exists()
    assessor = User.objects.get(email="assessor@example.org")
    assert AssessorAssignment.objects.filter(assessor=assessor, completed_at__isnull=False).exists()
    assert work_waiting(assessor), "the demo assessor has something to declare"
    assert work_waiting(User.objects.get(email="officer@example.org"))

    provider = User.objects.get(email="provider@example.org")
    mine = Application.objects.filter(organisation__memberships__user=provider)
    assert mine.filter(status=ApplicationStatus.DRAFT).exists()
    assert Decision.objects.filter(
        application__in=mine, agreement__status=AgreementStatus.OFFERED
    ).exists(), "the provider has an offer to answer"

    counts = (AuditEvent.objects.count(), Application.objects.count(), Scheme.objects.count())
    _load_all()
    assert (AuditEvent.objects.count(), Application.objects.count(), Scheme.objects.count()) == counts


def test_demo_pages_render_for_the_demo_people(settings):
    _load_all()
    for email in (
        "officer@example.org",
        "partner@example.org",
        "assessor@example.org",
        "commissioner@example.org",
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse("dashboard:home")).status_code == 200
        if email != "assessor@example.org":
            assert client.get(reverse("grants-staff:applications")).status_code == 200
            assert client.get(reverse("grants-staff:schemes")).status_code == 200
        for application in Application.objects.exclude(status=ApplicationStatus.DRAFT):
            response = client.get(reverse("grants-staff:application", args=[application.pk]))
            assert response.status_code in (200, 404), (email, application.reference)
    client = Client()
    client.force_login(User.objects.get(email="assessor@example.org"))
    for assignment in AssessorAssignment.objects.filter(assessor__email="assessor@example.org"):
        assert client.get(reverse("grants-staff:assessment", args=[assignment.pk])).status_code == 200
