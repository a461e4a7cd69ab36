"""Forms for commissioning intentions: start a year, its summary, one project the body plans to start, and the
confirmations of submitting and publishing."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from commissioning.agreements.models import Mechanism
from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.finance import years

from .forms_needs import priority_field

SUMMARY_HELP = "What the body means to commission this year, and why"


def _summary_field() -> forms.CharField:
    return forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=SUMMARY_HELP,
    )


class IntentionsStartForm(GovukForm):
    submit_label = "Start the year's intentions"

    start_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": "Select a financial year from the list",
        },
    )
    summary = _summary_field()

    def __init__(self, *args: Any, start_years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a year"),
            *((year, years.label_of(year)) for year in start_years),
        ]


class IntentionsSummaryForm(GovukForm):
    submit_label = "Save the summary"

    summary = _summary_field()


class IntentionForm(forms.Form):
    """One project the body plans to start in the year."""

    use_required_attribute = False

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the title of the project",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the project is to achieve, and for whom",
        error_messages={"required": "Enter a description of the project"},
    )
    indicative_value = MoneyField(label="Indicative value", help_text="In pounds, for example 120,000")
    starts_on = DateField(
        label="Expected start", help_text="Within the financial year. For example, 1 10 2026"
    )
    mechanism = forms.ChoiceField(
        label="Likely mechanism",
        required=False,
        choices=[("", "Not decided yet"), *Mechanism.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the likely mechanism from the list"},
    )

    def __init__(self, *args: Any, priorities: Any, submit_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"] = priority_field(
            priorities, label="Priorities", required_message="Select at least one priority the project is for"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("title", context={"label_size": "govuk-label--s"}),
            Field("description", context={"label_size": "govuk-label--s"}),
            Field.checkboxes("priorities", legend_size=Size.SMALL),
            Field("indicative_value", context={"label_size": "govuk-label--s"}),
            Field("starts_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.radios("mechanism", legend_size=Size.SMALL),
            Submit("submit", submit_label),
        )

    def clean_indicative_value(self) -> Any:
        value = self.cleaned_data.get("indicative_value")
        if value is not None and value <= 0:
            raise forms.ValidationError("The indicative value must be more than £0")
        return value

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "priority_ids": [priority.pk for priority in data["priorities"]],
            "indicative_value": data["indicative_value"],
            "starts_on": data["starts_on"],
            "mechanism": data["mechanism"],
        }


class ConfirmForm(GovukForm):
    """A confirmation with no fields of its own (submit, publish, remove)."""

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
