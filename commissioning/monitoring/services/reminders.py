"""Reminders to providers about returns: once before the due date and once when overdue, never twice.

Each reminder is a ReminderSent row (unique per return and kind) written in the same transaction that queues the
email; the email task is enqueued when that transaction commits, so a reminder that was not recorded is never
sent, and running the command again finds nothing left to send.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import IntegrityError, transaction

from commissioning.accounts.permissions import require
from commissioning.core.actors import Actor
from commissioning.monitoring.models import MonitoringReturn, ReminderSent
from commissioning.monitoring.selectors.schedule import returns_awaiting_reminder
from commissioning.monitoring.tasks import send_return_reminder
from commissioning.organisations.models import OrganisationMembership

BEFORE_DUE_DAYS = 14


@dataclass
class RemindersSent:
    before_due: int = 0
    overdue: int = 0


def _recipients(monitoring_return: MonitoringReturn) -> list[str]:
    return sorted(
        OrganisationMembership.objects.filter(
            organisation=monitoring_return.plan.agreement.organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _remind(*, monitoring_return: MonitoringReturn, kind: str, on: date) -> bool:
    """Record and queue one reminder; False when it was already recorded (another run got there first) or there
    is nobody to send it to."""
    recipients = _recipients(monitoring_return)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                monitoring_return=monitoring_return, kind=kind, sent_on=on, recipients=", ".join(recipients)
            )
            transaction.on_commit(
                partial(
                    send_return_reminder.enqueue,
                    return_id=monitoring_return.pk,
                    kind=str(kind),
                    recipients=recipients,
                )
            )
    except IntegrityError:
        return False
    return True


def reminders_send(*, by: Actor, on: date, before_days: int = BEFORE_DUE_DAYS) -> RemindersSent:
    """Send every reminder due on `on`: before-due ones for returns due within `before_days` days, overdue ones
    for returns still owed after their due date. Run by the scheduled job (SCHEDULER) or an officer."""
    require(by, "return.schedule")
    sent = RemindersSent()
    before_due, overdue = returns_awaiting_reminder(on=on, before_days=before_days)
    for monitoring_return in before_due:
        sent.before_due += _remind(
            monitoring_return=monitoring_return, kind=ReminderSent.Kind.BEFORE_DUE, on=on
        )
    for monitoring_return in overdue:
        sent.overdue += _remind(monitoring_return=monitoring_return, kind=ReminderSent.Kind.OVERDUE, on=on)
    return sent
