"""Forms for needs assessments: write one, revise one (what to carry forward from the version being revised), with
a few slots for new evidence, and the list's filter by priority."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from commissioning.core.forms import DateField
from commissioning.plans.models import Priority

from .models import Evidence, EvidenceKind
from .models.needs import evidence_problems
from .services.needs import EvidenceInput

NEW_EVIDENCE_SLOTS = 3
EVIDENCE_FIELDS = ("kind", "title", "summary", "source", "dated_on", "upload")
TEXTAREA = {"rows": 6}
CHOICE_ERRORS = {
    "required": "Select at least one priority the assessment is for",
    "invalid_choice": "Select priorities from the list",
    "invalid_pk_value": "Select priorities from the list",
    "invalid_list": "Select priorities from the list",
}


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Priority) -> str:  # type: ignore[override]
        return f"{obj.number}. {obj.title}"


def priority_field(priorities: Any, *, label: str, required_message: str) -> PriorityChoiceField:
    """The priorities a record is for, as GOV.UK checkboxes (needs assessments, intentions)."""
    return PriorityChoiceField(
        queryset=priorities,
        label=label,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**CHOICE_ERRORS, "required": required_message},
    )


def _slot(number: int, name: str) -> str:
    return f"evidence_{number}_{name}"


def _evidence_fields(number: int) -> dict[str, forms.Field]:
    kinds = [("", "Choose the kind of evidence"), *EvidenceKind.choices]
    return {
        _slot(number, "kind"): forms.ChoiceField(
            label="Kind of evidence",
            choices=kinds,
            required=False,
            error_messages={"invalid_choice": "Select the kind of evidence from the list"},
        ),
        _slot(number, "title"): forms.CharField(
            label="Title of the evidence",
            max_length=200,
            required=False,
            error_messages={"max_length": "The title must be 200 characters or fewer"},
        ),
        _slot(number, "summary"): forms.CharField(
            label="What it shows",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For a consultation: what it heard",
        ),
        _slot(number, "source"): forms.CharField(
            label="Where it comes from",
            max_length=300,
            required=False,
            help_text="A publisher, an address, or who was consulted",
            error_messages={"max_length": "Where it comes from must be 300 characters or fewer"},
        ),
        _slot(number, "dated_on"): DateField(
            label="Date of the evidence",
            required=False,
            help_text="For a data source, the date of the data. For example, 27 3 2026",
        ),
        _slot(number, "upload"): forms.FileField(
            label="File",
            required=False,
            help_text="Required for a document: a PDF, Word document, spreadsheet, image or text file",
        ),
    }


class NeedsAssessmentForm(forms.Form):
    """Writing an assessment, or revising one (`revising`: what changed, and the evidence to carry forward)."""

    use_required_attribute = False

    title = forms.CharField(
        label="Title of the needs assessment",
        max_length=200,
        error_messages={
            "required": "Enter the title of the needs assessment",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    need = forms.CharField(
        label="The need and demand",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Who needs what, how many, and how demand is changing",
        error_messages={"required": "Enter the need and demand"},
    )
    gaps = forms.CharField(
        label="Gaps found",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What is not met by the services there are today",
        error_messages={"required": "Enter the gaps found"},
    )
    implications = forms.CharField(
        label="What this means for commissioning",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What should be commissioned, changed or stopped",
        error_messages={"required": "Enter what this means for commissioning"},
    )

    def __init__(
        self, *args: Any, priorities: Any, carried: list[Evidence] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.revising = carried is not None
        self.fields["priorities"] = priority_field(
            priorities,
            label="Priorities",
            required_message="Select at least one priority the assessment is for",
        )
        layout: list[Any] = [
            Field("title", context={"label_size": "govuk-label--s"}),
            Field.checkboxes("priorities", legend_size=Size.SMALL),
            *(
                Field(name, context={"label_size": "govuk-label--s"})
                for name in ("need", "gaps", "implications")
            ),
        ]
        if carried is not None:
            self.fields["revision_note"] = forms.CharField(
                label="What changed, and why",
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Shown with this version in the list of versions",
                error_messages={"required": "Enter what changed from the earlier version, and why"},
            )
            layout.append(Field("revision_note", context={"label_size": "govuk-label--s"}))
            if carried:
                self.fields["keep_evidence"] = forms.MultipleChoiceField(
                    label="Evidence to carry forward",
                    choices=[(str(row.pk), f"{row.get_kind_display()}: {row.title}") for row in carried],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="Clear any that no longer applies. The earlier version keeps it",
                    error_messages={"invalid_choice": "Choose evidence from the version being revised"},
                )
                if not self.is_bound:
                    self.initial["keep_evidence"] = [str(row.pk) for row in carried]
                layout.append(Field.checkboxes("keep_evidence", legend_size=Size.MEDIUM))
        for number in range(NEW_EVIDENCE_SLOTS):
            self.fields.update(_evidence_fields(number))
            layout.append(
                Fieldset(
                    *[
                        Field(_slot(number, name), context={"label_size": "govuk-label--s"})
                        if name != "dated_on"
                        else Field(_slot(number, name), context={"legend_size": "govuk-fieldset__legend--s"})
                        for name in EVIDENCE_FIELDS
                    ],
                    legend=f"New evidence {number + 1} (optional)",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *layout, Submit("submit", "Save a new version" if self.revising else "Save the needs assessment")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(NEW_EVIDENCE_SLOTS):
            values = {name: data.get(_slot(number, name)) for name in EVIDENCE_FIELDS}
            if not any(values.values()):
                continue
            for field, message in evidence_problems(
                kind=values["kind"] or "",
                title=values["title"] or "",
                summary=values["summary"] or "",
                dated_on=values["dated_on"],
                has_file=values["upload"] is not None,
            ):
                self.add_error(_slot(number, field), message)
        return data

    def evidence(self) -> list[EvidenceInput]:
        """The new evidence given in the slots, for the service."""
        data = self.cleaned_data
        items = []
        for number in range(NEW_EVIDENCE_SLOTS):
            values = {name: data.get(_slot(number, name)) for name in EVIDENCE_FIELDS}
            if any(values.values()):
                items.append(
                    EvidenceInput(
                        kind=values["kind"] or "",
                        title=values["title"] or "",
                        summary=values["summary"] or "",
                        source=values["source"] or "",
                        dated_on=values["dated_on"],
                        upload=values["upload"],
                    )
                )
        return items

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            "title": data["title"],
            "priority_ids": [priority.pk for priority in data["priorities"]],
            "need": data["need"],
            "gaps": data["gaps"],
            "implications": data["implications"],
            "evidence": self.evidence(),
        }
        if self.revising:
            arguments["revision_note"] = data["revision_note"]
            arguments["keep_evidence"] = data.get("keep_evidence", [])
        return arguments


class NeedsFilterForm(forms.Form):
    priority = forms.TypedChoiceField(label="Priority", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priority"]
        field.choices = [("", "All priorities"), *((p.pk, f"{p.number}. {p.title}") for p in priorities)]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "Select a priority from the list"
