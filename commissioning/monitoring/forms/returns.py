"""Forms for returns: the provider's return built from the return's own form definition, and the officer's review."""

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Layout, Size
from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.monitoring.defaults import SPEND_KEY
from commissioning.monitoring.models import MonitoringReturn, Rating
from commissioning.monitoring.services.review import ActionSpec

LONG_TEXT = 10_000
SHORT_TEXT = 500
ACTION_ROWS = 3
CONTINUE = "continue"
LATER = "later"


def _text(*, label: str, hint: str, long: bool) -> forms.CharField:
    limit = LONG_TEXT if long else SHORT_TEXT
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={"max_length": f"Your answer must be {limit:,} characters or fewer"},
    )


def _count(*, label: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=0,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": f"{label} must be a whole number, like 12",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be 10,000,000 or less",
        },
    )


class OptionalDateField(DateField):
    """A date that may be left empty (all three boxes blank)."""

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list:
            return None
        return super().compress(data_list)


def indicator_field_name(indicator_id: int) -> str:
    return f"indicator_{indicator_id}"


class ReturnForm(GovukForm):
    """One field a question of the return's form (one a indicator for the indicators question). Nothing is required
    here: a provider may save and come back; the submit service checks that every required answer is there."""

    def __init__(self, *args: Any, monitoring_return: MonitoringReturn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.monitoring_return = monitoring_return
        self.indicators = list(monitoring_return.plan.indicators.all())
        values = {v.indicator_id: v.value for v in monitoring_return.indicator_values.all()}
        sections = []
        for section in (monitoring_return.form_definition or {}).get("sections", []):
            names = []
            for question in section.get("questions", []):
                kind, key = question.get("type"), question.get("key", "")
                label, hint = question.get("label") or key, question.get("hint", "")
                if kind == "indicators":
                    for indicator in self.indicators:
                        name = indicator_field_name(indicator.pk)
                        unit = f" {indicator.unit}" if indicator.unit else ""
                        value_field = forms.DecimalField(
                            label=indicator.name,
                            help_text=f"Target: {indicator.target.normalize():f}{unit}",
                            required=False,
                            max_digits=14,
                            decimal_places=2,
                            min_value=Decimal("0"),
                            widget=forms.TextInput(
                                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
                            ),
                            error_messages={
                                "invalid": f"{indicator.name} must be a number, like 120",
                                "min_value": f"{indicator.name} must be 0 or more",
                                "max_digits": f"{indicator.name} must be less than 1,000,000,000,000",
                                "max_whole_digits": f"{indicator.name} must be less than 1,000,000,000,000",
                                "max_decimal_places": f"{indicator.name} must have no more than 2 decimal places",
                            },
                        )
                        value_field.initial = values.get(indicator.pk)
                        self.fields[name] = value_field
                        names.append(name)
                    continue
                if kind == "files" or not key or key in self.fields:
                    continue
                field: forms.Field
                if kind == "money" or key == SPEND_KEY:
                    field = MoneyField(label=label, help_text=hint, required=False)
                    field.initial = (
                        monitoring_return.spend_to_date
                        if key == SPEND_KEY
                        else monitoring_return.answers.get(key)
                    )
                elif kind == "number":
                    field = _count(label=label, hint=hint)
                    field.initial = monitoring_return.answers.get(key)
                else:
                    field = _text(label=label, hint=hint, long=kind == "textarea")
                    field.initial = monitoring_return.answers.get(key, "")
                self.fields[key] = field
                names.append(key)
            if names:
                sections.append(
                    Fieldset(
                        *[Field(n, context={"label_size": "govuk-label--s"}) for n in names],
                        legend=section.get("title", ""),
                        legend_size=Size.MEDIUM,
                    )
                )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *sections,
            Div(
                Button.primary(CONTINUE, "Save and continue"),
                Button.secondary(LATER, "Save and come back later"),
                css_class="govuk-button-group",
            ),
        )

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments for `return_answers_save`, from valid data."""
        data = dict(self.cleaned_data)
        indicator_values = {i.pk: data.pop(indicator_field_name(i.pk), None) for i in self.indicators}
        spend = data.pop(SPEND_KEY, None)
        answers = {}
        for key, value in data.items():
            if isinstance(value, Decimal):
                value = str(value)
            answers[key] = value.strip() if isinstance(value, str) else value
        return {"answers": answers, "indicator_values": indicator_values, "spend_to_date": spend}


class RateForm(GovukForm):
    submit_label = "Save the rating"

    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a rating: red, amber or green",
            "invalid_choice": "Select a rating: red, amber or green",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the rating",
        help_text="The provider sees these reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
        error_messages={
            "required": "Enter the reasons for the rating",
            "max_length": f"The reasons must be {LONG_TEXT:,} characters or fewer",
        },
    )
    remedial_summary = forms.CharField(
        label="What the remedial action plan must put right",
        help_text="Only for a red rating",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        error_messages={"max_length": f"The summary must be {LONG_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = [
            Field.radios("rating", legend_size=Size.MEDIUM, inline=True),
            Field("reasons"),
            Field("remedial_summary"),
        ]
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action {n}",
                required=False,
                max_length=2000,
                error_messages={"max_length": f"Action {n} must be 2,000 characters or fewer"},
            )
            self.fields[f"action_{n}_owner"] = forms.CharField(
                label=f"Who owns action {n}",
                required=False,
                max_length=200,
                error_messages={"max_length": f"The owner of action {n} must be 200 characters or fewer"},
            )
            self.fields[f"action_{n}_due"] = OptionalDateField(
                label=f"Date action {n} is due", required=False
            )
            layout.append(
                Fieldset(
                    f"action_{n}",
                    f"action_{n}_owner",
                    f"action_{n}_due",
                    legend=f"Remedial action {n}" + (" (needed for a red rating)" if n == 1 else ""),
                    legend_size=Size.SMALL,
                )
            )
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actions: list[ActionSpec] = []
        for n in range(1, ACTION_ROWS + 1):
            action = (data.get(f"action_{n}") or "").strip()
            owner = (data.get(f"action_{n}_owner") or "").strip()
            due_on: date | None = data.get(f"action_{n}_due")
            if not (action or owner or due_on):
                continue
            if not action:
                self.add_error(f"action_{n}", f"Enter what will be done for action {n}")
            if not owner:
                self.add_error(f"action_{n}_owner", f"Enter who owns action {n}")
            if due_on is None and f"action_{n}_due" not in self.errors:
                self.add_error(f"action_{n}_due", f"Enter the date action {n} is due")
            if action and owner and due_on:
                actions.append(ActionSpec(action=action, owner=owner, due_on=due_on))
        data["actions"] = actions
        return data


class ChangesRequestForm(GovukForm):
    submit_label = "Send the return back"

    message = forms.CharField(
        label="What the provider needs to change",
        help_text="The provider sees this message with their return",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT,
        error_messages={
            "required": "Enter what the provider needs to change",
            "max_length": f"The message must be {LONG_TEXT:,} characters or fewer",
        },
    )


class ActionDoneForm(GovukForm):
    submit_label = "Record the action as done"

    done_on = DateField(label="Date the action was done")


class EvidenceUploadForm(GovukForm):
    submit_label = "Upload this file"

    upload = forms.FileField(
        label="Choose the file",
        help_text="A PDF, Word document, spreadsheet, image or text file. Do not include anything that could "
        "identify a person.",
        error_messages={
            "required": "Choose the file to upload",
            "empty": "The selected file is empty",
            "invalid": "Choose the file to upload",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )
