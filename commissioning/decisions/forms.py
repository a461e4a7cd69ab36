from typing import Any

from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.finance import years

from .models import PUBLIC_SOURCES, Confidentiality, DecisionStatus, Exemption

TEXTAREA = {"rows": 5}


class DecisionFilterForm(forms.Form):
    """The staff list's filters, read from the query string."""

    use_required_attribute = False

    query = forms.CharField(label="Reference, title or summary", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *DecisionStatus.choices]
    )
    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int, empty_value=None)
    confidentiality = forms.ChoiceField(
        label="Confidentiality", required=False, choices=[("", "Any"), *Confidentiality.choices]
    )

    def __init__(self, *args: Any, year_choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *((y, years.label_of(y)) for y in year_choices)]  # type: ignore[attr-defined]
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["year"].error_messages["invalid_choice"] = "Select a financial year from the list"
        self.fields["confidentiality"].error_messages["invalid_choice"] = (
            "Select a confidentiality from the list"
        )


class PublicDecisionFilterForm(forms.Form):
    use_required_attribute = False

    query = forms.CharField(label="Search decisions", required=False, max_length=200)
    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int, empty_value=None)
    about = forms.ChoiceField(
        label="About",
        required=False,
        choices=[("", "All decisions"), *((key, words) for key, (_, words) in PUBLIC_SOURCES.items())],
    )

    def __init__(self, *args: Any, year_choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].error_messages["invalid_choice"] = (
            "Select what the decisions are about from the list"
        )
        self.fields["year"].choices = [("", "All years"), *((y, years.label_of(y)) for y in year_choices)]  # type: ignore[attr-defined]
        self.fields["year"].error_messages["invalid_choice"] = "Select a financial year from the list"


class DecisionForm(GovukForm):
    submit_label = "Save the draft"

    title = forms.CharField(
        label="Title", max_length=250, error_messages={"required": "Enter the title of the decision"}
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a summary of the decision"},
    )
    background = forms.CharField(label="Background", required=False, widget=forms.Textarea(attrs=TEXTAREA))
    options_considered = forms.CharField(
        label="Options considered", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    financial_implications = forms.CharField(
        label="Financial implications", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    amount = MoneyField(
        label="Amount",
        required=False,
        help_text="The money decided, if any. It sets who may approve the decision",
    )
    decision = forms.CharField(
        label="The decision",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the decision"},
    )
    declarations_of_interest = forms.CharField(
        label="Declarations of interest",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write 'None' if there are none",
    )
    confidentiality = forms.ChoiceField(
        label="Confidentiality",
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.PUBLIC,
        help_text="Part exempt: one part is withheld from the public. Exempt: only the reference, dates and "
        "exemption are published",
        error_messages={
            "required": "Select whether the decision is public, part exempt or exempt",
            "invalid_choice": "Select whether the decision is public, part exempt or exempt",
        },
    )
    exemption = forms.ChoiceField(
        label="Exemption",
        required=False,
        choices=[("", "Not exempt"), *Exemption.choices],
        help_text="For a part-exempt or exempt decision: the ground for withholding it",
        error_messages={"invalid_choice": "Select the exemption from the list"},
    )
    exempt_part = forms.CharField(
        label="Exempt part",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="For a part-exempt decision: the information withheld from the public. Staff only",
    )


class ApproveForm(GovukForm):
    submit_label = "Approve the decision"

    decided_on = DateField(label="Date of the decision", help_text="For example, 27 3 2026")


class PublishForm(GovukForm):
    submit_label = "Publish the decision"


class ReturnForm(GovukForm):
    submit_label = "Return the decision"

    reason = forms.CharField(
        label="Why is it returned without a decision?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the decision is returned without a decision"},
    )
