"""Background work for monitoring, run by the TASKS backend (ImmediateBackend in development and tests)."""

from django.core.mail import send_mail
from django_tasks import task

from commissioning.core.formats import govuk_date
from commissioning.core.links import absolute_url
from commissioning.core.selectors import commissioning_body
from commissioning.monitoring.models import MonitoringReturn, ReminderSent


@task()
def send_return_reminder(*, return_id: int, kind: str, recipients: list[str]) -> None:
    """Email the lead organisation's people about one return: due soon, or overdue."""
    monitoring_return = MonitoringReturn.objects.select_related("plan__agreement").get(pk=return_id)
    agreement = monitoring_return.plan.agreement
    body = commissioning_body()
    what = f"monitoring return {monitoring_return.number} for {agreement.reference} {agreement.title}"
    due = govuk_date(monitoring_return.due_on)
    if kind == ReminderSent.Kind.OVERDUE:
        subject = f"{body.name}: your monitoring return is overdue ({agreement.reference})"
        opening = f"Your {what} was due on {due} and we have not received it."
    else:
        subject = f"{body.name}: your monitoring return is due on {due} ({agreement.reference})"
        opening = f"Your {what} is due on {due}."
    message = (
        f"{opening}\n\n"
        f"It covers {govuk_date(monitoring_return.period_start)} to {govuk_date(monitoring_return.period_end)}.\n"
        f"Fill it in and submit it here:\n{absolute_url('my-monitoring:return', monitoring_return.pk)}\n\n"
        f"If you cannot submit it on time, contact {body.name}."
    )
    send_mail(subject, message, None, recipients)
