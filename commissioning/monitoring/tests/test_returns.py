from datetime import date
from decimal import Decimal

import pytest

from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.monitoring.models import Indicator, IndicatorValue, ReturnStatus
from commissioning.monitoring.services.returns import return_answers_save, return_missing, return_submit

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

FULL = {
    "outputs": "Forty sessions",
    "outcomes": "Young people felt safer",
    "narrative": "Going well",
}


@pytest.fixture
def agreement(officer, organisation):
    return active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )


@pytest.fixture
def first_return(agreement):
    return agreement.monitoring_plan.returns.get(number=1)


def test_saving_answers_makes_a_draft_and_keeps_them_with_an_audit_event(provider, first_return):
    indicator = Indicator.objects.create(plan=first_return.plan, name="Sessions run", target=Decimal("40"))
    saved = return_answers_save(
        by=provider,
        monitoring_return=first_return,
        answers={"outputs": "Forty sessions", "outcomes": ""},
        indicator_values={indicator.pk: Decimal("38")},
        spend_to_date=Decimal("12000.00"),
    )
    saved.refresh_from_db()
    assert saved.status == ReturnStatus.DRAFT
    assert saved.answers == {"outputs": "Forty sessions"}
    assert saved.spend_to_date == Decimal("12000.00")
    assert IndicatorValue.objects.get(monitoring_return=saved, indicator=indicator).value == Decimal("38")
    assert history(saved).get().to_status == ReturnStatus.DRAFT
    assert AuditEvent.objects.filter(action="update", record_id=str(saved.pk)).exists()


def test_saving_refuses_questions_not_on_the_form_and_other_plans_indicators(provider, first_return, officer):
    with pytest.raises(DomainError, match="only the questions"):
        return_answers_save(
            by=provider,
            monitoring_return=first_return,
            answers={"rating": "green"},
            indicator_values={},
            spend_to_date=None,
        )
    with pytest.raises(DomainError, match="this agreement's indicators"):
        return_answers_save(
            by=provider,
            monitoring_return=first_return,
            answers={},
            indicator_values={999999: Decimal("1")},
            spend_to_date=None,
        )


def test_submit_needs_every_required_answer_and_each_indicator(provider, first_return):
    indicator = Indicator.objects.create(plan=first_return.plan, name="Sessions run", target=Decimal("40"))
    return_answers_save(
        by=provider, monitoring_return=first_return, answers=FULL, indicator_values={}, spend_to_date=None
    )
    first_return.refresh_from_db()
    assert return_missing(first_return) == [
        "Enter the value for Sessions run",
        "Enter how much you have spent to date",
    ]
    with pytest.raises(DomainError, match="Sessions run"):
        return_submit(by=provider, monitoring_return=first_return)
    return_answers_save(
        by=provider,
        monitoring_return=first_return,
        answers=FULL,
        indicator_values={indicator.pk: Decimal("41")},
        spend_to_date=Decimal("100"),
    )
    submitted = return_submit(by=provider, monitoring_return=first_return)
    assert submitted.status == ReturnStatus.SUBMITTED
    assert submitted.submitted_by == provider and submitted.submitted_at is not None
    assert AuditEvent.objects.filter(action="submit", record_id=str(submitted.pk)).exists()


def test_a_submitted_return_cannot_change_or_be_submitted_again(provider, first_return):
    return_answers_save(
        by=provider,
        monitoring_return=first_return,
        answers=FULL,
        indicator_values={},
        spend_to_date=Decimal("1"),
    )
    return_submit(by=provider, monitoring_return=first_return)
    with pytest.raises(DomainError, match="cannot change"):
        return_answers_save(
            by=provider, monitoring_return=first_return, answers=FULL, indicator_values={}, spend_to_date=None
        )
    with pytest.raises(InvalidTransition):
        return_submit(by=provider, monitoring_return=first_return)


def test_evidence_is_refused_once_the_return_is_submitted(provider, first_return, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from commissioning.monitoring.services.returns import return_evidence_add

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n%%EOF\n"
    return_evidence_add(
        by=provider,
        monitoring_return=first_return,
        upload=SimpleUploadedFile("a.pdf", pdf, "application/pdf"),
    )
    return_answers_save(
        by=provider,
        monitoring_return=first_return,
        answers=FULL,
        indicator_values={},
        spend_to_date=Decimal("1"),
    )
    return_submit(by=provider, monitoring_return=first_return)
    with pytest.raises(DomainError, match="evidence cannot be added"):
        return_evidence_add(
            by=provider,
            monitoring_return=first_return,
            upload=SimpleUploadedFile("b.pdf", pdf, "application/pdf"),
        )
    assert first_return.evidence.count() == 1
