from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField, WholeNumberField
from commissioning.finance.models import FundRules
from commissioning.organisations.sectors import Sector


class AllocationForm(GovukForm):
    submit_label = "Save allocation"

    def __init__(self, *args: object, year_label: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A TextInput, not Django's NumberInput, so crispy-forms-gds styles it as a GOV.UK input.
        field = MoneyField(
            label=f"Allocation for {year_label}", help_text="In pounds and pence", widget=forms.TextInput
        )
        too_big = f"Allocation for {year_label} must be less than £1,000,000,000,000"
        field.error_messages["max_digits"] = too_big
        field.error_messages["max_whole_digits"] = too_big
        self.fields["amount"] = field


class FundRulesForm(GovukForm):
    """New rules for a fund from a date; starts from the rules in effect today."""

    submit_label = "Add the rules"

    effective_from = DateField(
        label="Date the rules take effect",
        help_text="Today or later. Applications and commitments checked from then use them. For example, 1 4 2027",
    )
    eligible_sectors = forms.MultipleChoiceField(
        label="Sectors that may apply",
        help_text="Leave all unticked if any sector may apply",
        required=False,
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select sectors from the list"},
    )
    min_award = MoneyField(
        label="Smallest award", required=False, help_text="Leave empty for no smallest award"
    )
    max_award = MoneyField(
        label="Largest award", required=False, help_text="Leave empty for no largest award"
    )
    max_duration_months = WholeNumberField(
        label="Longest funding, in months",
        required=False,
        min_value=1,
        max_value=600,
        help_text="Leave empty for any length",
    )
    one_off = forms.BooleanField(label="Funding is given once and not renewed", required=False)
    one_off_period_months = WholeNumberField(
        label="One-off period, in months",
        required=False,
        min_value=1,
        max_value=600,
        help_text="A second award to the same organisation within this many months needs the decision-maker's "
        "reason. Leave empty for none",
    )
    ring_fenced_purposes = forms.CharField(
        label="Purposes the money may only be spent on",
        required=False,
        max_length=5000,
        help_text="One purpose a line, as the fund's purposes name them (a new one is added to the fund's "
        "purposes). Leave empty if the money may be spent on any purpose",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, current: FundRules | None = None, **kwargs: object) -> None:
        if current is not None and not kwargs.get("data") and not (args and args[0] is not None):
            kwargs["initial"] = {
                "eligible_sectors": current.eligible_sectors,
                "min_award": current.min_award,
                "max_award": current.max_award,
                "max_duration_months": current.max_duration_months,
                "one_off": current.one_off,
                "one_off_period_months": current.one_off_period_months,
                "ring_fenced_purposes": "\n".join(current.ring_fenced_purposes),
            }
        super().__init__(*args, **kwargs)

    def rules(self) -> dict[str, object]:
        """The cleaned answers as fund_rules_add takes them."""
        data = dict(self.cleaned_data)
        data["ring_fenced_purposes"] = data["ring_fenced_purposes"].splitlines()
        return data


class FundPurposeForm(GovukForm):
    """A purpose of a fund, in plain words."""

    submit_label = "Save the purpose"

    name = forms.CharField(
        label="Purpose",
        max_length=200,
        help_text="A few plain words, like Support services for victims of crime",
        error_messages={"required": "Enter the purpose"},
    )
    description = forms.CharField(
        label="What it covers",
        required=False,
        max_length=2000,
        help_text="In plain words, for the people who name it when they commit money",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
