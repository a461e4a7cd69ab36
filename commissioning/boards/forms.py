"""Forms for meetings and agenda items. An agenda item names an agreement by its reference, which is looked up."""

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from commissioning.agreements.models import Agreement
from commissioning.core.forms import DateField, GovukForm

TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%H"]


class TimeField(forms.TimeField):
    """A time as people type it: 10:30, 14:00, 2pm, 2:30pm."""

    def to_python(self, value: Any) -> time | None:
        if isinstance(value, str):
            value = value.strip().lower().replace(" ", "")
        return super().to_python(value)


class BoardForm(GovukForm):
    submit_label = "Save the board"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name of the board"}
    )
    purpose = forms.CharField(
        label="What the board does",
        required=False,
        max_length=2000,
        help_text="For example, holds commissioned services to account for their performance",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    chair_role = forms.CharField(
        label="Who chairs it",
        required=False,
        max_length=200,
        help_text="A title, for example Police and Crime Commissioner",
    )


class MeetingForm(GovukForm):
    submit_label = "Add the meeting"

    held_on = DateField(label="Date of the meeting", help_text="For example, 8 12 2026")
    starts_at = TimeField(
        label="Start time",
        help_text="For example, 10:00 or 2:30pm",
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time as a time of day, like 10:00 or 2:30pm",
        },
    )
    location = forms.CharField(
        label="Where the meeting is held",
        max_length=200,
        error_messages={"required": "Enter where the meeting is held"},
    )

    def starts(self) -> datetime:
        day, at = self.cleaned_data["held_on"], self.cleaned_data["starts_at"]
        return timezone.make_aware(datetime.combine(day, at))


class AgendaItemForm(GovukForm):
    submit_label = "Save the item"

    title = forms.CharField(
        label="Title", max_length=250, error_messages={"required": "Enter the title of the agenda item"}
    )
    summary = forms.CharField(
        label="Summary", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    presenter = forms.CharField(
        label="Presented by", required=False, max_length=200, help_text="A name or a role"
    )
    needs_decision = forms.BooleanField(label="The board is asked to make a decision", required=False)
    agreement_reference = forms.CharField(
        label="Agreement reference (optional)",
        required=False,
        max_length=40,
        help_text="If the item is about an agreement, for example GRANT-2026-0042",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement: Agreement | None = None

    def clean_agreement_reference(self) -> str:
        reference = self.cleaned_data["agreement_reference"].strip().upper()
        if reference:
            self.agreement = Agreement.objects.filter(reference=reference).first()
            if self.agreement is None:
                raise forms.ValidationError(f"There is no agreement with the reference {reference}")
        return reference

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "presenter": data["presenter"],
            "needs_decision": data["needs_decision"],
            "agreement": self.agreement,
        }

    @classmethod
    def initial_of(cls, item: Any) -> dict[str, Any]:
        return {
            "title": item.title,
            "summary": item.summary,
            "presenter": item.presenter,
            "needs_decision": item.needs_decision,
            "agreement_reference": item.agreement.reference if item.agreement else "",
        }


class AgendaItemAddForm(AgendaItemForm):
    submit_label = "Add the item"
