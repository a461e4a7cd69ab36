"""Forms for the staff pages of grants: schemes, criteria and bands, the application filters, assigning
assessors, the conflict declaration, scoring, moderation and the decision."""

import re
from datetime import datetime, time
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.finance.models import Fund, FundPurpose
from commissioning.grants.models import (
    ApplicationStatus,
    AssessmentCriterion,
    Decision,
    Scheme,
    ScoreBand,
)
from commissioning.grants.selectors.staff import LISTED_STATUSES, ApplicationFilters

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def parse_time(text: str) -> time | None:
    """A time as people type it: 9am, 9:30am, 5pm, 17:00, midday, midnight. None when it cannot be read."""
    text = (text or "").strip().lower().replace(" ", "")
    if text in ("midday", "noon", "12noon"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _time_text(value: datetime) -> str:
    local = timezone.localtime(value)
    return local.strftime("%H:%M")


class TimeField(forms.CharField):
    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 9am, 5:30pm or 17:00")
        super().__init__(label=label, **kwargs)
        self.what = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {self.what}"
        self.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})

    def clean(self, value: Any) -> time:  # type: ignore[override]
        text = super().clean(value)
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(
                f"The {self.what} must be a real time, like 9am or 17:00", code="invalid"
            )
        return parsed


class SchemeForm(GovukForm):
    submit_label = "Save scheme"

    fund = forms.ModelChoiceField(
        queryset=Fund.objects.none(),
        label="Fund",
        empty_label="Choose a fund",
        error_messages={
            "required": "Choose the fund the scheme pays from",
            "invalid_choice": "Choose a fund",
        },
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Police Property Act Fund 2026/27 round 2",
        error_messages={"required": "Enter the name of the scheme"},
    )
    slug = forms.CharField(
        label="Web address",
        max_length=80,
        help_text="Lower-case letters, numbers and hyphens, like ppaf-2026-round-2",
        error_messages={"required": "Enter the web address"},
    )
    reference_prefix = forms.CharField(
        label="Reference prefix (optional)",
        max_length=12,
        required=False,
        help_text="Application references start with this, like PPAF-2026-0042. Leave it empty to use the fund's code",
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences for the list of open schemes",
        error_messages={"required": "Enter a summary of the scheme"},
    )
    guidance = forms.CharField(
        label="Guidance for applicants",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the scheme will and won't fund, how to apply and how applications are assessed",
        error_messages={"required": "Enter the guidance for applicants"},
    )
    opens_on = DateField(label="Opening date", help_text="For example, 1 4 2027")
    opens_time = TimeField(label="Opening time")
    closes_on = DateField(label="Closing date", help_text="For example, 30 6 2027")
    closes_time = TimeField(label="Closing time")
    acceptance_period_days = forms.IntegerField(
        label="Days an applicant has to accept an offer",
        min_value=1,
        max_value=365,
        initial=28,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of days an applicant has to accept an offer",
            "invalid": "The number of days must be a whole number, like 28",
            "min_value": "The number of days must be between 1 and 365",
            "max_value": "The number of days must be between 1 and 365",
        },
    )
    grant_conditions = forms.CharField(
        label="Standard grant conditions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Included in every offer made from this scheme",
    )
    purpose = forms.TypedChoiceField(
        label="Purpose",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="What the scheme's awards are for, from the fund's purposes. A ring-fenced fund needs one it allows",
        error_messages={"invalid_choice": "Choose a purpose from the list"},
    )

    def __init__(
        self,
        *args: Any,
        funds: QuerySet[Fund],
        scheme: Scheme | None = None,
        purposes: list[FundPurpose] | None = None,
        **kwargs: Any,
    ) -> None:
        if scheme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "fund": scheme.fund_id,
                    "name": scheme.name,
                    "slug": scheme.slug,
                    "reference_prefix": scheme.reference_prefix,
                    "summary": scheme.summary,
                    "guidance": scheme.guidance,
                    "opens_on": timezone.localtime(scheme.opens_at).date(),
                    "opens_time": _time_text(scheme.opens_at),
                    "closes_on": timezone.localtime(scheme.closes_at).date(),
                    "closes_time": _time_text(scheme.closes_at),
                    "acceptance_period_days": scheme.acceptance_period_days,
                    "grant_conditions": scheme.grant_conditions,
                    "purpose": scheme.purpose_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.purposes = {purpose.pk: purpose for purpose in purposes or []}
        self.fields["purpose"].choices = [("", "No purpose named")] + [  # type: ignore[attr-defined]
            (purpose.pk, purpose.name if scheme is not None else f"{purpose.fund.name}: {purpose.name}")
            for purpose in self.purposes.values()
        ]
        if scheme is not None:
            # A scheme's fund never changes: its rules and money depend on it.
            del self.fields["fund"]
        else:
            self.fields["fund"].queryset = funds  # type: ignore[attr-defined]

    @staticmethod
    def _at(day: Any, at: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "slug": data["slug"],
            "reference_prefix": data["reference_prefix"],
            "summary": data["summary"],
            "guidance": data["guidance"],
            "opens_at": self._at(data["opens_on"], data["opens_time"]),
            "closes_at": self._at(data["closes_on"], data["closes_time"]),
            "acceptance_period_days": data["acceptance_period_days"],
            "grant_conditions": data["grant_conditions"],
            "purpose": self.purposes.get(data["purpose"]) if data.get("purpose") is not None else None,
        }


def _whole_number(label: str, *, low: int, high: int, what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"{what[0].upper()}{what[1:]} must be a whole number",
            "min_value": f"{what[0].upper()}{what[1:]} must be between {low} and {high}",
            "max_value": f"{what[0].upper()}{what[1:]} must be between {low} and {high}",
        },
    )


class CriterionForm(GovukForm):
    submit_label = "Save criterion"

    number = _whole_number("Number", low=1, high=50, what="the criterion number")
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title of the criterion"}
    )
    guidance = forms.CharField(
        label="Guidance for assessors (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    weight = _whole_number("Weight (%)", low=1, high=100, what="the weight")
    max_score = _whole_number("Highest score", low=1, high=100, what="the highest score")

    def __init__(self, *args: Any, criterion: AssessmentCriterion | None = None, **kwargs: Any) -> None:
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": criterion.number,
                    "title": criterion.title,
                    "guidance": criterion.guidance,
                    "weight": criterion.weight,
                    "max_score": criterion.max_score,
                },
            )
        else:
            kwargs.setdefault("initial", {"max_score": 5})
        super().__init__(*args, **kwargs)
        self.fields[
            "weight"
        ].help_text = "The weights of a scheme's criteria must add up to 100 before it can open"


class ScoreBandForm(GovukForm):
    submit_label = "Save score band"

    score = _whole_number("Score", low=0, high=100, what="the score")
    label = forms.CharField(
        label="Label",
        max_length=100,
        help_text="For example, Good",
        error_messages={"required": "Enter the label"},
    )
    description = forms.CharField(
        label="What the score means (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, band: ScoreBand | None = None, **kwargs: Any) -> None:
        if band is not None:
            kwargs.setdefault(
                "initial", {"score": band.score, "label": band.label, "description": band.description}
            )
        super().__init__(*args, **kwargs)


class ConfirmForm(GovukForm):
    """A single button, for actions such as opening or closing a scheme."""

    def __init__(self, *args: Any, submit_label: str, warning: bool = False, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        if warning:
            self.helper.inputs[0].field_classes += " govuk-button--warning"


# --- Applications --------------------------------------------------------------------------------------------------

NO_ASSESSOR = "none"


class ApplicationFilterForm(GovukForm):
    submit_label = "Apply filters"

    scheme = forms.ChoiceField(label="Scheme", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    priority = forms.ChoiceField(label="Police and Crime Plan priority", required=False)
    amount_from = MoneyField(label="Amount from", required=False)
    amount_to = MoneyField(label="Amount to", required=False)
    assessor = forms.ChoiceField(label="Assessor", required=False)
    ready = forms.BooleanField(label="Only those ready to moderate", required=False)

    def __init__(
        self,
        *args: Any,
        schemes: list[tuple[int, str]],
        priorities: list[tuple[int, str]],
        assessors: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        """Each list holds (id, label) pairs."""
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.schemes = {str(pk): pk for pk, _ in schemes}
        self.priorities = {str(pk): pk for pk, _ in priorities}
        self.assessors = {str(pk): pk for pk, _ in assessors}
        choices = {
            "scheme": [("", "All schemes"), *((str(pk), name) for pk, name in schemes)],
            "status": [
                ("", "Any status after submission"),
                *((status, ApplicationStatus(status).label) for status in LISTED_STATUSES),
            ],
            "priority": [
                ("", "Any priority"),
                *((str(pk), label) for pk, label in priorities),
            ],
            "assessor": [
                ("", "Anyone or no one"),
                (NO_ASSESSOR, "No assessor yet"),
                *((str(pk), name) for pk, name in assessors),
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            field.choices = options  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = "Choose " + f"a {field.label.lower()} from the list"  # type: ignore[union-attr]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("amount_from"), data.get("amount_to")
        if low is not None and high is not None and high < low:
            self.add_error("amount_to", "Amount to must be the same as or more than amount from")
        return data

    def filters(self) -> ApplicationFilters:
        """The filters chosen; none at all when something could not be read (the page shows the errors)."""
        if not self.is_bound or not self.is_valid():
            return ApplicationFilters()
        data = self.cleaned_data
        assessor = data.get("assessor") or ""
        return ApplicationFilters(
            scheme=self.schemes.get(data.get("scheme") or ""),
            status=data.get("status") or "",
            priority=self.priorities.get(data.get("priority") or ""),
            amount_from=data.get("amount_from"),
            amount_to=data.get("amount_to"),
            assessor=self.assessors.get(assessor),
            without_assessor=assessor == NO_ASSESSOR,
            ready_to_moderate=bool(data.get("ready")),
        )


class AssignForm(GovukForm):
    submit_label = "Assign assessor"

    assessor = forms.ChoiceField(label="Who should assess this application?")

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(user.pk): user for user in people}
        field = self.fields["assessor"]
        field.choices = [  # type: ignore[attr-defined]
            ("", "Choose a person"),
            *((key, f"{u.full_name} ({u.email})") for key, u in self.people.items()),
        ]  # type: ignore[attr-defined]
        field.error_messages["required"] = "Choose who should assess this application"
        field.error_messages["invalid_choice"] = "Choose a person from the list"

    def chosen(self) -> User:
        return self.people[self.cleaned_data["assessor"]]


class ConflictForm(GovukForm):
    submit_label = "Save declaration"

    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest in this application?",
        choices=[
            Choice(
                "yes",
                "Yes",
                hint="For example, you work for, volunteer with or are related to someone at the organisation",
            ),
            Choice("no", "No"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a conflict of interest"},
    )
    conflict_details = forms.CharField(
        label="If yes, describe the conflict",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Officers will read this and ask someone else to assess the application",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_conflict") is True and not (data.get("conflict_details") or "").strip():
            self.add_error("conflict_details", "Enter the details of your conflict of interest")
        return data


def _score_choices(criterion: AssessmentCriterion, bands: dict[int, ScoreBand]) -> list[Choice]:
    choices = []
    for score in range(criterion.max_score, -1, -1):
        band = bands.get(score)
        label = f"{score} – {band.label}" if band else str(score)
        choices.append(Choice(str(score), label, hint=band.description if band and band.description else ""))
    return choices


class _PerCriterionForm(GovukForm):
    """A score and a piece of text for each of the scheme's criteria: `score_<id>` and `<text_name>_<id>`."""

    text_name = "comment"
    text_label = "Comment on criterion {number}"

    def __init__(
        self,
        *args: Any,
        criteria: list[AssessmentCriterion],
        bands: list[ScoreBand],
        initial_scores: dict[int, tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                name: value
                for pk, (score, text) in initial_scores.items()
                for name, value in ((f"score_{pk}", str(score)), (f"{self.text_name}_{pk}", text))
            },
        )
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        by_score = {band.score: band for band in bands}
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=f"Criterion {criterion.number}: {criterion.title} (weight {criterion.weight}%)",
                help_text=criterion.guidance,
                choices=_score_choices(criterion, by_score),
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": f"Choose a score for criterion {criterion.number} from those shown"
                },
            )
            self.fields[f"{self.text_name}_{criterion.pk}"] = forms.CharField(
                label=self.text_label.format(number=criterion.number),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def entries(self) -> dict[int, Any]:
        from commissioning.grants.services.assessment import ScoreEntry

        result = {}
        for criterion in self.criteria:
            score = self.cleaned_data.get(f"score_{criterion.pk}")
            result[criterion.pk] = ScoreEntry(
                int(score) if score not in (None, "") else None,
                self.cleaned_data.get(f"{self.text_name}_{criterion.pk}") or "",
            )
        return result


class ScoresForm(_PerCriterionForm):
    submit_label = "Save and come back later"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.inputs = [
            Submit("complete", "Save and complete the assessment"),
            Submit("save", "Save and come back later", css_class="govuk-button--secondary"),
        ]


class ModerationForm(_PerCriterionForm):
    text_name = "reason"
    text_label = "Reason for the moderated score for criterion {number}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.inputs = [
            Submit("complete", "Save and complete moderation"),
            Submit("save", "Save and come back later", css_class="govuk-button--secondary"),
        ]


class DecisionForm(GovukForm):
    submit_label = "Record the decision"

    outcome = forms.ChoiceField(
        label="What is the decision?",
        choices=[
            Choice(Decision.Outcome.APPROVE, "Approve the amount requested"),
            Choice(Decision.Outcome.APPROVE_DIFFERENT, "Approve a different amount"),
            Choice(Decision.Outcome.DECLINE, "Decline"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision", "invalid_choice": "Select the decision"},
    )
    amount = MoneyField(
        label="Amount approved", required=False, help_text="Only if you are approving a different amount"
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The applicant reads these if the application is declined",
        error_messages={"required": "Enter the reasons for the decision"},
    )
    conditions = forms.CharField(
        label="Conditions in addition to the scheme's standard conditions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    purpose = forms.TypedChoiceField(
        label="Purpose the award serves",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="From the fund's purposes; the scheme's unless you choose another",
        error_messages={"invalid_choice": "Choose a purpose from the list"},
    )
    repeat_award_reason = forms.CharField(
        label="Why fund this organisation again",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The fund gives one-off funding and has awarded this organisation within its one-off period",
    )

    def __init__(
        self,
        *args: Any,
        purposes: list[FundPurpose] | None = None,
        purpose: FundPurpose | None = None,
        repeat: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"purpose": purpose.pk if purpose is not None else None})
        super().__init__(*args, **kwargs)
        self.purposes = {item.pk: item for item in purposes or []}
        if self.purposes:
            self.fields["purpose"].choices = [("", "No purpose named")] + [  # type: ignore[attr-defined]
                (item.pk, item.name) for item in self.purposes.values()
            ]
        else:
            del self.fields["purpose"]
        if not repeat:
            del self.fields["repeat_award_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Decision.Outcome.APPROVE_DIFFERENT and data.get("amount") is None:
            self.add_error("amount", "Enter the amount approved")
        return data

    def chosen_purpose(self) -> FundPurpose | None:
        pk = self.cleaned_data.get("purpose")
        return self.purposes.get(pk) if pk is not None else None
