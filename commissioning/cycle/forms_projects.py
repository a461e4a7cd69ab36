"""Forms of the commissioning project pages. Each parses what a person typed; the services judge it."""

from typing import Any

from django import forms

from commissioning.agreements.models import Mechanism
from commissioning.core.forms import DateField, GovukForm, MoneyField, WholeNumberField
from commissioning.finance.models import Fund
from commissioning.plans.models import CommissioningPrinciple, Priority

from .models import Conclusion, Intention, NeedsAssessment, OptionVerdict, ProjectStage
from .services.projects import IndicatorTarget, OutcomeSought

TEXTAREA = {"rows": 4}
OUTCOME_SLOTS = 4
INDICATOR_SLOTS = 2


def priority_label(priority: Priority) -> str:
    return f"{priority.number}. {priority.title}"


def radio_field(*, label: str, choices: Any, missing: str) -> forms.ChoiceField:
    """GOV.UK radios, with one message for a choice missing or not in the list."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": missing},
    )


def reason_field(*, label: str = "Reason", missing: str) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": missing}
    )


class ProjectFilterForm(forms.Form):
    use_required_attribute = False

    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "All stages"), *ProjectStage.choices]
    )
    priority = forms.ModelChoiceField(
        label="Priority", required=False, queryset=Priority.objects.none(), empty_label="All priorities"
    )

    def __init__(self, *args: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities  # type: ignore[attr-defined]
        self.fields["priority"].label_from_instance = priority_label  # type: ignore[attr-defined]
        self.fields["stage"].error_messages["invalid_choice"] = "Select a stage from the list"
        self.fields["priority"].error_messages["invalid_choice"] = "Select a priority from the list"


class ProjectForm(GovukForm):
    submit_label = "Save the project"

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title of the project"}
    )
    summary = forms.CharField(
        label="Summary",
        help_text="What the project is for, in a few sentences",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a summary of what the project is for"},
    )
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities it answers",
        help_text="Select all that apply",
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one priority the project answers",
            "invalid_choice": "Select priorities from the list",
        },
    )
    needs_assessments = forms.ModelMultipleChoiceField(
        label="Needs assessments it answers",
        help_text="Select all that apply",
        required=False,
        queryset=NeedsAssessment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select needs assessments from the list"},
    )
    intention = forms.ModelChoiceField(
        label="Commissioning intention it delivers (optional)",
        required=False,
        queryset=Intention.objects.none(),
        empty_label="None",
        error_messages={"invalid_choice": "Select a commissioning intention from the list"},
    )

    def __init__(self, *args: Any, priorities: Any, needs: Any, intentions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = priorities  # type: ignore[attr-defined]
        self.fields["priorities"].label_from_instance = priority_label  # type: ignore[attr-defined]
        self.fields["needs_assessments"].queryset = needs  # type: ignore[attr-defined]
        self.fields["intention"].queryset = intentions  # type: ignore[attr-defined]


class LinkAgreementForm(GovukForm):
    submit_label = "Link the agreement"

    reference = forms.CharField(
        label="Agreement reference",
        max_length=40,
        help_text="For example, PPAF-2026-0042",
        error_messages={"required": "Enter the reference of the agreement to link"},
    )


class SpecificationForm(GovukForm):
    """The service specification: what is to be delivered, and up to four outcomes with two indicators each."""

    submit_label = "Save this version"

    delivered = forms.CharField(
        label="What is to be delivered",
        help_text="The service, who it is for and where. We commission services, not providers",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what is to be delivered"},
    )

    def __init__(self, *args: Any, revising: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, OUTCOME_SLOTS + 1):
            self.fields[f"outcome_{number}"] = forms.CharField(
                label=f"Outcome {number}" + ("" if number == 1 else " (optional)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for slot in range(1, INDICATOR_SLOTS + 1):
                prefix = f"outcome_{number}_indicator_{slot}"
                self.fields[f"{prefix}_name"] = forms.CharField(
                    label=f"Outcome {number}, indicator {slot}: what is measured",
                    required=False,
                    max_length=200,
                )
                self.fields[f"{prefix}_target"] = forms.DecimalField(
                    label=f"Outcome {number}, indicator {slot}: target",
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
                    error_messages={
                        "invalid": f"The target of outcome {number}, indicator {slot} must be a number",
                        "max_decimal_places": f"The target of outcome {number}, indicator {slot} must have "
                        "no more than 2 decimal places",
                        "max_digits": f"The target of outcome {number}, indicator {slot} is too large",
                        "max_whole_digits": f"The target of outcome {number}, indicator {slot} is too large",
                    },
                )
                self.fields[f"{prefix}_unit"] = forms.CharField(
                    label=f"Outcome {number}, indicator {slot}: unit (optional)",
                    required=False,
                    max_length=60,
                    help_text="For example, people, sessions or per cent",
                )
        self.fields["revision_note"] = forms.CharField(
            label="What changed from the earlier version, and why" if revising else "Note (optional)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def outcomes(self) -> list[OutcomeSought]:
        data = self.cleaned_data
        found = []
        for number in range(1, OUTCOME_SLOTS + 1):
            indicators = []
            for slot in range(1, INDICATOR_SLOTS + 1):
                prefix = f"outcome_{number}_indicator_{slot}"
                name, target, unit = (
                    data.get(f"{prefix}_name", ""),
                    data.get(f"{prefix}_target"),
                    data.get(f"{prefix}_unit", ""),
                )
                if name or target is not None or unit:
                    indicators.append(IndicatorTarget(name=name, target=target, unit=unit))
            found.append(OutcomeSought(text=data.get(f"outcome_{number}", ""), indicators=indicators))
        return found

    @staticmethod
    def initial_from(specification: Any) -> dict[str, Any]:
        """The form filled from a version, for revising it."""
        if specification is None:
            return {}
        initial: dict[str, Any] = {"delivered": specification.delivered}
        for outcome in specification.outcomes.all():
            if outcome.position > OUTCOME_SLOTS:
                break
            initial[f"outcome_{outcome.position}"] = outcome.text
            for indicator in outcome.indicators.all():
                if indicator.position > INDICATOR_SLOTS:
                    break
                prefix = f"outcome_{outcome.position}_indicator_{indicator.position}"
                initial[f"{prefix}_name"] = indicator.name
                initial[f"{prefix}_target"] = indicator.target
                initial[f"{prefix}_unit"] = indicator.unit
        return initial


class OptionForm(GovukForm):
    """The appraisal of one mechanism, with what its own rule needs."""

    submit_label = "Save the appraisal"

    benefits = forms.CharField(
        label="Benefits",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the benefits"},
    )
    restrictions = forms.CharField(
        label="Restrictions",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the restrictions"},
    )
    legal_requirements = forms.CharField(
        label="Legal requirements",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the legal requirements"},
    )

    def __init__(self, *args: Any, mechanism: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mechanism = mechanism
        if mechanism == Mechanism.PARTNERSHIP:
            self.fields["partners"] = forms.CharField(
                label="Intended partner organisations",
                help_text="One organisation a line, named as in the register. Partners must be public bodies",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if mechanism == Mechanism.GRANT:
            self.fields["estimated_value"] = MoneyField(label="Estimated value", required=False)
            self.fields["duration_months"] = WholeNumberField(
                label="How many months it would last", min_value=1, max_value=120, required=False
            )
        if mechanism == Mechanism.ACCREDITATION:
            self.fields["unit"] = forms.CharField(
                label="The unit the service is bought in",
                help_text="For example, a counselling session, a course or a visit",
                required=False,
                max_length=100,
            )
        self.fields["verdict"] = radio_field(
            label="Is this mechanism taken forward or set aside?",
            choices=OptionVerdict.choices,
            missing="Select whether the mechanism is taken forward or set aside",
        )
        self.fields["why"] = forms.CharField(
            label="Why",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Enter why it is taken forward or set aside"},
        )

    def partner_names(self) -> list[str]:
        text = self.cleaned_data.get("partners", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class ChooseForm(GovukForm):
    submit_label = "Choose this mechanism"

    mechanism = radio_field(
        label="Which mechanism will the project use?",
        choices=Mechanism.choices,
        missing="Select the mechanism the project will use",
    )
    reason = reason_field(missing="Enter the reason for choosing this mechanism")


class PrinciplesForm(GovukForm):
    """One box a principle in force: the evidence the project meets it. A blank box leaves it unanswered."""

    submit_label = "Save the answers"

    def __init__(self, *args: Any, principles: list[CommissioningPrinciple], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for principle in principles:
            self.fields[f"principle_{principle.pk}"] = forms.CharField(
                label=f"{principle.number}. {principle.text}",
                help_text="The evidence the project meets this principle",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.principles = principles

    def evidence(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"principle_{p.pk}", "") for p in self.principles}


class MoveForm(GovukForm):
    submit_label = "Move the project"

    to = radio_field(
        label="Move the project to",
        choices=ProjectStage.choices,
        missing="Select the stage to move the project to",
    )
    reason = reason_field(label="Reason for the move", missing="Enter the reason for the move")

    def __init__(self, *args: Any, stages: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stages is not None:
            self.fields["to"].choices = stages  # type: ignore[attr-defined]


class LaunchSchemeForm(GovukForm):
    submit_label = "Launch the grant scheme"

    fund = forms.ModelChoiceField(
        label="Fund",
        queryset=Fund.objects.none(),
        empty_label="Select a fund",
        error_messages={"required": "Select the fund", "invalid_choice": "Select the fund from the list"},
    )
    name = forms.CharField(
        label="Scheme name", max_length=200, error_messages={"required": "Enter the scheme name"}
    )
    slug = forms.SlugField(
        label="Web address name",
        max_length=80,
        help_text="Lower-case letters, numbers and hyphens, for the scheme's public address",
        error_messages={
            "required": "Enter the web address name",
            "invalid": "The web address name must be lower-case letters, numbers and hyphens",
        },
    )
    summary = forms.CharField(
        label="Summary",
        help_text="One or two sentences for the list of open schemes",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the summary"},
    )
    opens_on = DateField(label="Opening date", help_text="For example, 27 3 2026")
    closes_on = DateField(label="Closing date", help_text="For example, 27 4 2026")

    def __init__(self, *args: Any, funds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]


class ConclusionForm(GovukForm):
    submit_label = "Record the conclusion"

    conclusion = radio_field(
        label="The review's conclusion", choices=Conclusion.choices, missing="Select the review's conclusion"
    )
    reason = reason_field(missing="Enter the reason for the conclusion")
