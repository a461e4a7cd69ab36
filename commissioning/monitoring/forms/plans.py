"""The form an officer uses to adjust a monitoring plan: frequency, due dates of returns still owed, indicators."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from commissioning.core.formats import govuk_date
from commissioning.core.forms import DateField, GovukForm
from commissioning.monitoring.models import Indicator, MonitoringPlan, ReturnFrequency
from commissioning.monitoring.services.plans import IndicatorSpec

BLANK_INDICATOR_ROWS = 2


def frequency_field() -> forms.ChoiceField:
    """How often returns are due, as radios: for a plan and for a tier."""
    return forms.ChoiceField(
        label="How often returns are due",
        choices=ReturnFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often returns are due",
            "invalid_choice": "Select how often returns are due",
        },
    )


class PlanAdjustForm(GovukForm):
    submit_label = "Save the changes"

    reason = forms.CharField(
        label="Reason for the change",
        help_text="This is kept with the plan's history",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for changing the monitoring plan"},
    )
    frequency = frequency_field()

    def __init__(self, *args: Any, plan: MonitoringPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["frequency"].initial = plan.frequency
        self.owed = [r for r in plan.returns.all() if r.is_outstanding]
        for r in self.owed:
            field = DateField(
                label=f"Due date of return {r.number}",
                help_text=f"Covers {govuk_date(r.period_start)} to {govuk_date(r.period_end)}",
            )
            field.initial = r.due_on
            self.fields[f"due_{r.number}"] = field
        self.indicator_rows = list(plan.indicators.all())
        for index in range(len(self.indicator_rows) + BLANK_INDICATOR_ROWS):
            existing = self.indicator_rows[index] if index < len(self.indicator_rows) else None
            n = index + 1
            self.fields[f"indicator_{n}_name"] = forms.CharField(
                label=f"Indicator {n} name",
                required=False,
                max_length=200,
                initial=existing.name if existing else "",
                help_text="Leave empty to remove the indicator" if existing else "",
            )
            self.fields[f"indicator_{n}_target"] = forms.DecimalField(
                label=f"Indicator {n} target",
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=Decimal("0"),
                initial=existing.target if existing else None,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
                error_messages={
                    "invalid": f"Indicator {n} target must be a number, like 120",
                    "min_value": f"Indicator {n} target must be 0 or more",
                    "max_digits": f"Indicator {n} target must be less than 1,000,000,000,000",
                    "max_decimal_places": f"Indicator {n} target must have no more than 2 decimal places",
                    "max_whole_digits": f"Indicator {n} target must be less than 1,000,000,000,000",
                },
            )
            self.fields[f"indicator_{n}_unit"] = forms.CharField(
                label=f"Indicator {n} unit",
                required=False,
                max_length=60,
                initial=existing.unit if existing else "",
                help_text="For example, people or sessions",
            )
            self.fields[f"indicator_{n}_direction"] = forms.ChoiceField(
                label=f"Indicator {n}: which is better",
                choices=Indicator.Direction.choices,
                initial=existing.direction if existing else Indicator.Direction.HIGHER,
                error_messages={"invalid_choice": f"Select which is better for indicator {n}"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicators: list[IndicatorSpec] = []
        for n in range(1, len(self.indicator_rows) + BLANK_INDICATOR_ROWS + 1):
            name = (data.get(f"indicator_{n}_name") or "").strip()
            target = data.get(f"indicator_{n}_target")
            if not name:
                if target is not None:
                    self.add_error(f"indicator_{n}_name", f"Enter a name for indicator {n}")
                continue
            if target is None and f"indicator_{n}_target" not in self.errors:
                self.add_error(f"indicator_{n}_target", f"Enter the target for {name}")
                continue
            indicators.append(
                IndicatorSpec(
                    name=name,
                    target=target or Decimal("0"),
                    unit=data.get(f"indicator_{n}_unit") or "",
                    direction=data.get(f"indicator_{n}_direction") or Indicator.Direction.HIGHER,
                )
            )
        data["indicators"] = indicators
        return data

    def changes(self) -> dict[str, Any]:
        """The keyword arguments for `monitoring_plan_adjust`, from valid data."""
        data = self.cleaned_data
        due_dates: dict[int, date] = {}
        for r in self.owed:
            due_on = data.get(f"due_{r.number}")
            if due_on and due_on != r.due_on:
                due_dates[r.number] = due_on
        frequency = data["frequency"] if data["frequency"] != self.plan.frequency else None
        if frequency is not None:
            # A new frequency reschedules the returns not yet started, so their old dates no longer apply.
            due_dates = {}
        return {
            "reason": data["reason"],
            "frequency": frequency,
            "due_dates": due_dates,
            "indicators": data["indicators"],
        }
