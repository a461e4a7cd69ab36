from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from commissioning.monitoring.models import ReminderSent, ReturnStatus

from .helpers import active_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(officer, organisation, provider):
    # Six-monthly: return 1 covers April to September 2026, due 30 October 2026; return 2 due 30 April 2027.
    return active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )


def _run(on, capture):
    with capture(execute=True):
        call_command("send_monitoring_reminders", on=on.isoformat())


def test_reminders_before_due_and_overdue_are_sent_once_each(
    agreement, provider, mailoutbox, django_capture_on_commit_callbacks
):
    _run(date(2026, 10, 1), django_capture_on_commit_callbacks)
    assert mailoutbox == []  # 29 days before: too early

    _run(date(2026, 10, 16), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [provider.email]
    assert "due on 30 October 2026" in mailoutbox[0].subject
    first = ReminderSent.objects.get().monitoring_return
    assert f"http://127.0.0.1:8000{reverse('my-monitoring:return', args=[first.pk])}" in mailoutbox[0].body
    _run(date(2026, 10, 20), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    _run(date(2026, 10, 31), django_capture_on_commit_callbacks)
    _run(date(2026, 10, 31), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert "overdue" in mailoutbox[1].subject
    assert ReminderSent.objects.filter(monitoring_return__number=1).count() == 2


def test_nothing_is_sent_for_returns_submitted(agreement, mailoutbox, django_capture_on_commit_callbacks):
    agreement.monitoring_plan.returns.update(status=ReturnStatus.SUBMITTED)
    _run(date(2027, 6, 1), django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not ReminderSent.objects.exists()


def test_a_reminder_already_recorded_is_not_sent_again(
    agreement, mailoutbox, django_capture_on_commit_callbacks
):
    first = agreement.monitoring_plan.returns.get(number=1)
    ReminderSent.objects.create(
        monitoring_return=first, kind=ReminderSent.Kind.OVERDUE, sent_on=date(2026, 11, 1)
    )
    _run(date(2026, 11, 2), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_bad_dates_are_refused():
    with pytest.raises(CommandError, match="must be a date"):
        call_command("send_monitoring_reminders", on="31/10/2026")


def test_reminders_wait_for_a_day_inside_the_window(
    agreement, mailoutbox, django_capture_on_commit_callbacks
):
    # Return 2 (due 30 April 2027) is reminded 14 days before.
    _run(date(2027, 4, 16) - timedelta(days=1), django_capture_on_commit_callbacks)
    sent_before = len(mailoutbox)
    _run(date(2027, 4, 16), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == sent_before + 1
