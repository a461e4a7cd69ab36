"""One form per task-list section. Labels and hints come from the questions the application asked (copied from
the scheme when it started), so the wording on the page is the wording kept with the answers.

Every section form saves in two ways: "Save and continue" checks that every answer the section needs is given and
marks the section completed; "Save and come back later" keeps whatever was typed, checking only its shape.
"""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.grants.models import Application
from commissioning.grants.questions import (
    DECLARATIONS,
    STANDARD_QUESTIONS,
    questions_asked,
    scheme_questions,
)
from commissioning.organisations.forms import POSTCODE
from commissioning.organisations.models import DueDiligenceKind
from commissioning.plans.models import Priority
from commissioning.plans.selectors import current_priorities

LONG_TEXT = 5000
CONTINUE = "continue"
LATER = "later"
ADD = "add"

# How each answer is named in "Enter ..." messages when the section is saved as complete.
REQUIRED_MESSAGES = {
    "organisation_confirmed": "Confirm that your organisation's details are correct",
    "project_title": "Enter the name of your project",
    "project_summary": "Describe your project",
    "amount_requested": "Enter the amount you are applying for",
    "recurring": "Select yes if the project will need this funding again every year",
    "priorities": "Select at least one Police and Crime Plan priority your project delivers",
    "priorities_explanation": "Explain how your project will help deliver the priorities",
    "outcomes": "Describe the difference your project will make",
    "beneficiaries": "Say who will benefit",
    "beneficiary_count": "Enter about how many people will benefit",
    "location": "Enter where the work will happen",
    "starts_on": "Enter the date the project will start",
    "ends_on": "Enter the date the project will end",
    "declaration_name": "Enter your full name",
    "declaration_role": "Enter your role in the organisation",
    "declaration_confirmations": "Select all the declarations to confirm them",
}


def _text(*, max_length: int, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 6}) if long else forms.TextInput
    return forms.CharField(
        max_length=max_length,
        required=False,
        widget=widget,
        error_messages={"max_length": f"Your answer must be {max_length:,} characters or fewer"},
    )


class SectionForm(GovukForm):
    """The answers of one section. `complete` asks for every answer in `required_when_complete`."""

    section = ""
    required_when_complete: tuple[str, ...] = ()
    # The scheme's own questions in this section are added as long-text answers.
    asks_scheme_questions = True

    def __init__(self, *args: Any, application: Application, complete: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.complete = complete
        definitions = questions_asked(application)
        own = scheme_questions(application, self.section) if self.asks_scheme_questions else {}
        messages = dict(REQUIRED_MESSAGES)
        for key, question in own.items():
            self.fields[key] = _text(max_length=LONG_TEXT, long=True)
            messages[key] = f"Answer the question '{question.get('label') or key}'"
        for name, field in self.fields.items():
            asked = definitions.get(name) or STANDARD_QUESTIONS.get(name)
            if asked:
                field.label = asked.get("label") or name
                field.help_text = asked.get("hint", "")
            field.required = complete and (name in self.required_when_complete or name in own)
            if name in messages:
                field.error_messages["required"] = messages[name]
        self.helper = FormHelper()
        # Buttons go in the layout (rendered as <button> elements), not helper inputs, in a GOV.UK button group.
        self.helper.layout = Layout(
            *[self._layout_for(name, field) for name, field in self.fields.items()],
            Div(*self.buttons(), css_class="govuk-button-group"),
        )

    def buttons(self) -> list[Button]:
        return [
            Button.primary(CONTINUE, "Save and continue"),
            Button.secondary(LATER, "Save and come back later"),
        ]

    @staticmethod
    def _layout_for(name: str, field: forms.Field) -> Field:
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, legend_size=Size.SMALL, inline=True)
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_size=Size.SMALL)
        if isinstance(field, DateField):
            return Field(name, context={"legend_size": "govuk-fieldset__legend--s"})
        if isinstance(widget, forms.CheckboxInput):
            return Field(name)
        return Field(name, context={"label_size": "govuk-label--s"})

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, ready for `application_section_save`."""
        return dict(self.cleaned_data)


class OrganisationSectionForm(SectionForm):
    section = "organisation"
    required_when_complete = ("organisation_confirmed",)
    organisation_confirmed = forms.BooleanField(required=False)


class ProjectSectionForm(SectionForm):
    section = "project"
    required_when_complete = ("project_title", "project_summary", "amount_requested", "recurring")
    project_title = _text(max_length=200)
    project_summary = _text(max_length=LONG_TEXT, long=True)
    amount_requested = MoneyField(label="The amount you are applying for", required=False)
    recurring = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes or no"},
    )

    def clean_amount_requested(self) -> Any:
        amount = self.cleaned_data.get("amount_requested")
        if amount is not None and amount <= 0:
            raise ValidationError("The amount you are applying for must be more than £0")
        return amount


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Priority) -> str:  # type: ignore[override]
        return f"{obj.number}. {obj.title}"


class PrioritiesSectionForm(SectionForm):
    section = "priorities"
    required_when_complete = ("priorities", "priorities_explanation")
    priorities = PriorityChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select priorities from the list",
            "invalid_pk_value": "Select priorities from the list",
            "invalid_list": "Select priorities from the list",
        },
    )
    priorities_explanation = _text(max_length=LONG_TEXT, long=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priorities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = current_priorities()


class OutcomesSectionForm(SectionForm):
    section = "outcomes"
    required_when_complete = ("outcomes", "beneficiaries", "beneficiary_count", "location")
    outcomes = _text(max_length=LONG_TEXT, long=True)
    beneficiaries = _text(max_length=LONG_TEXT, long=True)
    beneficiary_count = forms.IntegerField(
        min_value=1,
        max_value=10_000_000,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the number of people as a whole number, like 120",
            "min_value": "The number of people must be 1 or more",
            "max_value": "The number of people must be 10,000,000 or fewer",
        },
    )
    location = _text(max_length=200)
    location_postcode = forms.CharField(
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
        error_messages={"max_length": "Enter a real postcode, like SN10 2LA"},
    )

    def clean_location_postcode(self) -> str:
        value = "".join(self.cleaned_data.get("location_postcode", "").split()).upper()
        if not value:
            return ""
        match = POSTCODE.match(value)
        if match is None:
            raise ValidationError("Enter a real postcode, like SN10 2LA")
        return f"{match.group(1)} {match.group(2)}"


class BudgetSectionForm(SectionForm):
    """Adds one line at a time. Typing a line and pressing "Save and continue" adds it too, so nothing is lost."""

    section = "budget"
    description = forms.CharField(
        label="What is this cost for?",
        max_length=200,
        required=False,
        error_messages={"max_length": "What the cost is for must be 200 characters or fewer"},
    )
    amount = MoneyField(label="The cost", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].label = "What is this cost for?"
        self.fields["description"].help_text = "For example, venue hire for 12 sessions"
        self.fields["amount"].label = "How much will it cost?"
        self.fields["amount"].help_text = "In pounds, like 450"

    def buttons(self) -> list[Button]:
        return [
            Button.secondary(ADD, "Add this cost"),
            Button.primary(CONTINUE, "Save and continue"),
            Button.secondary(LATER, "Save and come back later"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        description, amount = data.get("description"), data.get("amount")
        if self.errors:
            return data
        if self.data.get(ADD) is not None and not description and amount is None:
            self.add_error("description", "Enter what the money will be spent on")
        elif description and amount is None:
            self.add_error("amount", "Enter how much it will cost")
        elif amount is not None and not description:
            self.add_error("description", "Enter what the money will be spent on")
        elif amount is not None and amount <= 0:
            self.add_error("amount", "The cost must be more than £0")
        return data

    def line(self) -> tuple[str, Any] | None:
        """The budget line typed, if one was."""
        if self.cleaned_data.get("description") and self.cleaned_data.get("amount") is not None:
            return self.cleaned_data["description"], self.cleaned_data["amount"]
        return None

    def answers(self) -> dict[str, Any]:
        return {
            key: value for key, value in self.cleaned_data.items() if key not in ("description", "amount")
        }


class DatesSectionForm(SectionForm):
    section = "dates"
    required_when_complete = ("starts_on", "ends_on")
    starts_on = DateField(label="Start date", required=False)
    ends_on = DateField(label="End date", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


class DocumentsSectionForm(SectionForm):
    section = "documents"


class DeclarationsSectionForm(SectionForm):
    section = "declarations"
    required_when_complete = ("declaration_name", "declaration_role", "declaration_confirmations")
    declaration_name = _text(max_length=200)
    declaration_role = _text(max_length=200)
    declaration_confirmations = forms.MultipleChoiceField(
        choices=DECLARATIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select declarations from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["declaration_name"].widget.attrs["autocomplete"] = "name"
        self.fields["declaration_role"].widget.attrs["autocomplete"] = "organization-title"

    def clean_declaration_confirmations(self) -> list[str]:
        chosen = self.cleaned_data.get("declaration_confirmations") or []
        if self.complete and set(chosen) != {key for key, _ in DECLARATIONS}:
            raise ValidationError(REQUIRED_MESSAGES["declaration_confirmations"])
        return list(chosen)


class DocumentUploadForm(GovukForm):
    submit_label = "Upload this document"
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=[("", "Select the kind of document"), *DueDiligenceKind.choices],
        error_messages={
            "required": "Select the kind of document",
            "invalid_choice": "Select the kind of document from the list",
        },
    )
    upload = forms.FileField(
        label="Choose the file",
        help_text="A PDF, Word document, spreadsheet, image or text file.",
        error_messages={
            "required": "Choose the file to upload",
            "empty": "The selected file is empty",
            "invalid": "Choose the file to upload",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.section: form
    for form in (
        OrganisationSectionForm,
        ProjectSectionForm,
        PrioritiesSectionForm,
        OutcomesSectionForm,
        BudgetSectionForm,
        DatesSectionForm,
        DocumentsSectionForm,
        DeclarationsSectionForm,
    )
}


def section_initial(application: Application, section: str) -> dict[str, Any]:
    """The saved answers of a section, as the form shows them."""
    answers = application.answers or {}
    initial: dict[str, Any] = {key: value for key, value in answers.items()}
    for name in SECTION_FORMS[section].base_fields:
        if hasattr(application, name) and name not in ("priorities",):
            initial[name] = getattr(application, name)
    if section == "project" and application.recurring is not None:
        initial["recurring"] = "yes" if application.recurring else "no"
    if section == "priorities":
        initial["priorities"] = [priority.pk for priority in application.priorities.all()]
    return initial
