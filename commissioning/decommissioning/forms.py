"""Forms for decommissioning: the filters of the list, each part of a proposal, the provider's response and the
reason (and confidentiality) of each move."""

from typing import Any

from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField, WholeNumberField, checked_file
from commissioning.core.uploads import CheckedUpload
from commissioning.decisions.models import Confidentiality, Exemption

from .models import DecommissioningStatus, Kind, Reason

TEXTAREA = {"rows": 5}


class FilterForm(forms.Form):
    use_required_attribute = False

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *DecommissioningStatus.choices]
    )
    reason = forms.ChoiceField(label="Reason", required=False, choices=[("", "All reasons"), *Reason.choices])
    agreement = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["reason"].error_messages["invalid_choice"] = "Select a reason from the list"


class ReasonForm(GovukForm):
    submit_label = "Save and continue"

    kind = forms.ChoiceField(
        label="What is proposed?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the agreement ends or is reduced"},
    )
    reason = forms.ChoiceField(
        label="Why?",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        help_text="The four reasons of the commissioning strategy",
        error_messages={"required": "Select the reason for decommissioning"},
    )
    reason_detail = forms.CharField(
        label="The reason in more detail", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    new_value = MoneyField(
        label="The new value, for a reduction", required=False, help_text="Leave empty to end the agreement"
    )


class ImpactForm(GovukForm):
    submit_label = "Save and continue"

    service_user_impact = forms.CharField(
        label="The impact on service users",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the impact on service users"},
    )
    equality_impact = forms.CharField(
        label="The equality impact assessment",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Who is affected, by protected characteristic, and how the impact is reduced",
        error_messages={"required": "Enter the equality impact assessment"},
    )
    equality_document = forms.FileField(
        label="The assessment as a document (optional)",
        required=False,
        help_text="A PDF, Word document, spreadsheet or text file",
    )

    def clean_equality_document(self) -> CheckedUpload | None:
        return checked_file(self.cleaned_data.get("equality_document"))


class TransitionForm(GovukForm):
    submit_label = "Save and continue"

    people_supported = WholeNumberField(
        label="People supported now",
        min_value=0,
        max_value=1_000_000,
        help_text="How many people use it today",
    )
    transition_plan = forms.CharField(
        label="Where they will go",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter where the people supported now will go"},
    )
    assets = forms.CharField(label="Assets", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    data_handling = forms.CharField(
        label="Data",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Records kept, passed on or destroyed",
    )


class NoticeForm(GovukForm):
    submit_label = "Save and continue"

    notice_on = DateField(label="Date notice is given")
    ends_on = DateField(
        label="Date the agreement ends", help_text="For a reduction, the date it applies from"
    )


class ResponseForm(GovukForm):
    submit_label = "Save the response"

    response = forms.CharField(
        label="The provider's response",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the provider's response"},
    )
    responded_on = DateField(label="Date of the response", required=False)


class MoveForm(GovukForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args: Any, submit_label: str, required: bool = True, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class DecideForm(MoveForm):
    confidentiality = forms.ChoiceField(
        label="Confidentiality of the decision record",
        choices=Confidentiality.choices,
        initial=Confidentiality.PUBLIC,
        widget=forms.RadioSelect,
    )
    exemption = forms.ChoiceField(
        label="Exemption, if any part is withheld", required=False, choices=[("", "None"), *Exemption.choices]
    )
    exempt_part = forms.CharField(
        label="The exempt part, withheld from the public",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


PART_FORMS: dict[str, type[GovukForm]] = {
    "reason": ReasonForm,
    "impact": ImpactForm,
    "transition": TransitionForm,
    "notice": NoticeForm,
}
PART_TITLES = {
    "reason": "What is proposed and why",
    "impact": "Impact and equality",
    "transition": "Exit or transition plan",
    "notice": "Notice",
}
