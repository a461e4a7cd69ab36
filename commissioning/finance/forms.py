from django import forms

from commissioning.core.forms import GovukForm, MoneyField


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
