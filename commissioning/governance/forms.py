from django import forms

from commissioning.accounts.roles import Role
from commissioning.core.forms import DateField, GovukForm, MoneyField


class DelegatedLimitForm(GovukForm):
    submit_label = "Add the limit"

    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Select a role")]
        + [(role.value, role.label) for role in Role if role != Role.PROVIDER],
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    max_amount = MoneyField(
        label="Limit",
        required=False,
        help_text="The largest amount this role may decide. Leave empty for no upper limit",
    )
    effective_from = DateField(label="Date the limit takes effect", help_text="For example, 1 4 2026")
