"""Form pieces shared across the service: money fields in pounds and pence, GOV.UK layout."""

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class MoneyField(forms.DecimalField):
    """Accepts amounts as people type them (£1,234.56, 1234.5, 1,234) and keeps them as Decimal pence."""

    def __init__(self, *, label: str, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(label=label, **kwargs)  # type: ignore[arg-type]
        self.error_messages["invalid"] = f"{label} must be an amount of money, like 1,250.00"
        self.error_messages["required"] = f"Enter {label.lower()}"
        self.error_messages["max_decimal_places"] = f"{label} must be in pounds and pence, like 1,250.50"
        self.error_messages["min_value"] = f"{label} must be £0.00 or more"
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})

    def to_python(self, value: object) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("£", "").replace(" ", "")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class GovukForm(forms.Form):
    """A form rendered by crispy-forms-gds with one submit button."""

    submit_label = "Save"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class GovukModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))
