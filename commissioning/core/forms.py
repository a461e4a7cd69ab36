"""Form pieces shared across the service: money fields in pounds and pence, GOV.UK layout."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from .money import NotMoney, parse_money, pounds

if TYPE_CHECKING:
    from .uploads import CheckedUpload


class MoneyField(forms.DecimalField):
    """Accepts amounts as people type them (£1,234.56, 1234.5, 1,234) and keeps them as Decimal pence."""

    def __init__(self, *, label: str, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        # A text input (not type=number): people type "£1,250.00", and crispy-forms-gds styles TextInput as govuk-input.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(label=label, **kwargs)  # type: ignore[arg-type]
        self.error_messages["invalid"] = f"{label} must be an amount of money, like 1,250.00"
        self.error_messages["required"] = f"Enter {label.lower()}"
        self.error_messages["max_decimal_places"] = f"{label} must be in pounds and pence, like 1,250.50"
        self.error_messages["min_value"] = f"{label} must be £0.00 or more"
        whole_digits = int(kwargs["max_digits"]) - int(kwargs["decimal_places"])  # type: ignore[call-overload]
        largest = pounds(int("9" * whole_digits))
        self.error_messages["max_digits"] = f"{label} must be {largest} or less"
        self.error_messages["max_whole_digits"] = f"{label} must be {largest} or less"
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            try:
                value = parse_money(value)
            except NotMoney:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class WholeNumberField(forms.IntegerField):
    """A whole number in a GOV.UK text input (not type=number, which browsers round and scroll), with messages
    that name the field: "Length in months must be 1 or more"."""

    def __init__(self, *, label: str, min_value: int, max_value: int, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"})
        )
        super().__init__(label=label, min_value=min_value, max_value=max_value, **kwargs)  # type: ignore[arg-type]
        self.error_messages.update(
            {
                "required": f"Enter {label[0].lower()}{label[1:]}",
                "invalid": f"{label} must be a whole number",
                "min_value": f"{label} must be {min_value} or more",
                "max_value": f"{label} must be {max_value} or fewer",
            }
        )


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year boxes) with messages that name the date being asked for."""

    def __init__(self, *, label: str, **kwargs: object) -> None:
        super().__init__(label=label, **kwargs)
        name = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"The {name} must include a day, month and year"
        for field in self.fields:
            field.validators[0].message = f"The {name} must be a real date, like 27 3 2026"
        self.label_text = name

    def compress(self, data_list: list[str]) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                f"The {self.label_text} must be a real date", code="invalid"
            ) from None
        if not 1900 <= value.year <= 2200:
            raise forms.ValidationError(f"The {self.label_text} must be a real date", code="invalid")
        return value


class GovukForm(forms.Form):
    """A form rendered by crispy-forms-gds with one submit button."""

    submit_label = "Save"
    # GOV.UK forms leave validation to the server, so errors appear in the error summary, not browser pop-ups.
    use_required_attribute = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class GovukModelForm(forms.ModelForm):
    submit_label = "Save"
    # GOV.UK forms leave validation to the server, so errors appear in the error summary, not browser pop-ups.
    use_required_attribute = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def checked_file(upload: object) -> "CheckedUpload | None":
    """An optional upload checked by its content (core.uploads), so that a refused file is explained beside its
    field: None when no file was chosen."""
    from django.core.exceptions import ValidationError

    from .uploads import UploadRefused, check_upload

    if not upload:
        return None
    try:
        return check_upload(upload)
    except UploadRefused as err:
        raise ValidationError(err.message) from None


def add_domain_error(form: forms.BaseForm, error: Exception) -> None:
    """Show a refusal from a service in the form's GOV.UK error summary, beside the field it names."""
    from django.core.exceptions import ValidationError

    from .errors import DomainError

    if isinstance(error, DomainError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        raise error
