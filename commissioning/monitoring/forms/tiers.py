"""The form an officer uses to add a monitoring tier, and the one that tries the rules on an agreement."""

from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField, WholeNumberField
from commissioning.monitoring.forms.plans import frequency_field
from commissioning.monitoring.services.tiers import MAX_DUE_DAYS


def _months(label: str, help_text: str) -> WholeNumberField:
    return WholeNumberField(label=label, help_text=help_text, required=False, min_value=1, max_value=600)


class TierForm(GovukForm):
    submit_label = "Add the tier"

    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="For example, Grants of £10,000 to £99,999",
        error_messages={"required": "Enter a name for the tier"},
    )
    min_value = MoneyField(
        label="Lowest value", help_text="Agreements worth this much or more. For example, £10,000"
    )
    max_value = MoneyField(
        label="Value the tier stops at",
        required=False,
        help_text="Agreements worth less than this. Leave empty for no upper limit",
    )
    min_months = _months("Shortest agreement", "In months. Leave empty for any length")
    max_months = _months("Longest agreement", "In months. Leave empty for any length")
    frequency = frequency_field()
    needs_indicators = forms.BooleanField(
        label="Returns report key performance indicators against targets", required=False
    )
    needs_review_meeting = forms.BooleanField(
        label="Each return is discussed at a review meeting", required=False
    )
    due_days = WholeNumberField(
        label="Days to submit a return",
        help_text="After the end of the period it covers",
        initial=30,
        min_value=1,
        max_value=MAX_DUE_DAYS,
    )
    effective_from = DateField(
        label="Date the tier takes effect",
        help_text="Today or later. Agreements whose monitoring starts from then use it. For example, 1 4 2027",
    )


class TierCheckForm(GovukForm):
    """Which tier would an agreement get? Read only: nothing is saved."""

    submit_label = "Find the tier"

    value = MoneyField(label="Value of the agreement", help_text="For example, £45,000")
    months = WholeNumberField(label="Length in months", min_value=1, max_value=600)
    on = DateField(label="Start date", help_text="For example, 1 4 2027")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"  # a question, not a change: the answer has an address
