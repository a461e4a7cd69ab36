from decimal import Decimal
from typing import Any

from django import forms

from commissioning.core.forms import DateField, GovukForm, MoneyField
from commissioning.finance.models import Fund

from .models import AgreementStatus, Mechanism, PaymentPlanKind


class AgreementFilterForm(forms.Form):
    """The staff list's filters, read from the query string."""

    use_required_attribute = False

    query = forms.CharField(label="Reference, title or organisation", required=False, max_length=200)
    mechanism = forms.ChoiceField(
        label="Mechanism", required=False, choices=[("", "All mechanisms"), *Mechanism.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *AgreementStatus.choices]
    )
    fund = forms.ModelChoiceField(
        label="Fund", required=False, queryset=Fund.objects.none(), empty_label="All funds"
    )

    def __init__(self, *args: Any, funds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        self.fields["mechanism"].error_messages["invalid_choice"] = "Select a mechanism from the list"
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["fund"].error_messages["invalid_choice"] = "Select a fund from the list"


class InstalmentPayForm(GovukForm):
    submit_label = "Record the payment"

    paid_on = DateField(label="Date paid", help_text="For example, 27 3 2026")
    reference = forms.CharField(
        label="Payment reference",
        max_length=100,
        help_text="The reference of the payment in the finance system",
        error_messages={"required": "Enter the payment reference"},
    )


class WithdrawForm(GovukForm):
    submit_label = "Withdraw the offer"

    reason = forms.CharField(
        label="Why is the offer being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the offer was not answered by the date given. The organisation will see this",
        error_messages={"required": "Enter why the offer is being withdrawn"},
    )


class EndForm(GovukForm):
    """Why an active agreement is ending: it has run its course."""

    submit_label = "End the agreement"

    reason = forms.CharField(
        label="Why is the agreement ending?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the work was finished and the final report received",
        error_messages={"required": "Enter why the agreement is being ended"},
    )


class EndEarlyForm(GovukForm):
    """Why an active agreement is being ended before its end date."""

    submit_label = "End the agreement early"

    reason = forms.CharField(
        label="Why is the agreement being ended early?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the organisation has closed. The organisation will see this",
        error_messages={"required": "Enter why the agreement is being ended early"},
    )


class VariationForm(GovukForm):
    submit_label = "Make the variation"

    ends_on = DateField(label="End date", required=False, help_text="Leave as it is to keep the end date")
    value = MoneyField(label="Value", required=False, help_text="Leave as it is to keep the value")
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One condition a line",
    )
    reason = forms.CharField(
        label="Reason for the variation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the variation"},
    )


class AcceptForm(GovukForm):
    submit_label = "Accept the offer"

    name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    role = forms.CharField(
        label="Your role or job title",
        max_length=200,
        help_text="For example, Chair of trustees",
        error_messages={"required": "Enter your role or job title"},
    )
    confirm = forms.BooleanField(
        label="I confirm I may accept this offer for my organisation and that it will meet the conditions",
        error_messages={
            "required": "Confirm that you may accept the offer and that the conditions will be met"
        },
    )


class DeclineForm(GovukForm):
    submit_label = "Decline the offer"

    name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    role = forms.CharField(
        label="Your role or job title",
        max_length=200,
        error_messages={"required": "Enter your role or job title"},
    )
    reason = forms.CharField(
        label="Why are you declining the offer?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are declining the offer"},
    )


class PaymentPlanForm(GovukForm):
    """How an agreement is paid; the unit and its price are for a plan paid per unit delivered."""

    submit_label = "Save how it is paid"

    kind = forms.ChoiceField(
        label="How is the agreement paid?",
        choices=PaymentPlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the agreement is paid",
            "invalid_choice": "Select how the agreement is paid",
        },
    )
    interval_months = forms.IntegerField(
        label="Months between payments or invoices",
        min_value=1,
        max_value=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the months between payments",
            "invalid": "The months between payments must be a whole number from 1 to 12",
            "min_value": "The months between payments must be a whole number from 1 to 12",
            "max_value": "The months between payments must be a whole number from 1 to 12",
        },
    )
    single_payment_below = MoneyField(
        label="Paid in one instalment below",
        required=False,
        help_text="Paid in advance only: an agreement worth less than this is paid in one instalment at the start",
    )
    unit = forms.CharField(
        label="What one unit is",
        required=False,
        max_length=100,
        help_text="Per unit only: for example, a counselling session",
    )
    unit_price = MoneyField(label="Price of one unit", required=False, help_text="Per unit only")


class InvoiceForm(GovukForm):
    """An invoice received for work delivered in a period: the amount, or for a plan paid per unit, the units."""

    submit_label = "Record the invoice"

    reference = forms.CharField(
        label="Invoice number",
        max_length=100,
        help_text="The number on the provider's invoice",
        error_messages={"required": "Enter the invoice number"},
    )
    period_start = DateField(label="First day of the period invoiced for", help_text="For example, 1 4 2026")
    period_end = DateField(label="Last day of the period invoiced for", help_text="For example, 30 6 2026")
    received_on = DateField(label="Date received", help_text="For example, 7 7 2026")

    def __init__(self, *args: Any, per_unit: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if per_unit:
            self.fields["units"] = forms.DecimalField(
                label="Units delivered",
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0.01"),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                help_text="For example, 12",
                error_messages={
                    "invalid": "The number of units must be a number, like 12",
                    "min_value": "The number of units must be more than 0",
                },
            )
            self.fields["units"].error_messages["required"] = "Enter the number of units delivered"
        else:
            self.fields["amount"] = MoneyField(label="Amount invoiced")
            self.fields["amount"].error_messages["required"] = "Enter the amount invoiced"


class InvoiceRejectForm(GovukForm):
    submit_label = "Reject the invoice"

    reason = forms.CharField(
        label="Why is the invoice rejected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the period has already been invoiced. The provider will see this",
        error_messages={"required": "Enter why the invoice is rejected"},
    )


class InvoicePayForm(InstalmentPayForm):
    submit_label = "Record the payment"
