"""Dates and times in GOV.UK style: "26 November 2026", "26 Nov 2026" in tables, "5:30pm", "midday", "midnight"."""

from datetime import date, datetime

from django.utils import timezone

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_SHORT = tuple(month[:3] for month in MONTHS)


def govuk_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    """ "1 Apr 2025": for tables, as the `date:"j M Y"` filter writes it. A datetime is shown on its local day."""
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return f"{value.day} {MONTHS_SHORT[value.month - 1]} {value.year}"


def govuk_time(value: datetime) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    minutes = "" if value.minute == 0 else f":{value.minute:02d}"
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{govuk_time(local)} on {govuk_date(local)}"
