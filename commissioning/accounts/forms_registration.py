"""Forms for people who register themselves: create an account, and ask for a new verification link."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from commissioning.core.forms import GovukForm

from .models import User

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"

# Django's password rules, said the GOV.UK way (keyed by the validators' error codes).
PASSWORD_MESSAGES = {
    "password_too_short": "Your password must be {min_length} characters or more",
    "password_too_common": "Your password is too easy to guess. Choose a different one",
    "password_entirely_numeric": "Your password must include letters or symbols, not only numbers",
    "password_too_similar": "Your password must not be like your name or email address",
}


def govuk_password_errors(err: ValidationError) -> list[str]:
    messages = []
    for error in err.error_list:
        template = PASSWORD_MESSAGES.get(error.code or "")
        if template is None:
            messages.extend(error.messages)
        else:
            messages.append(template.format(**(error.params or {})))
    return messages


def email_field(**kwargs: Any) -> forms.EmailField:
    return forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_FORMAT,
            "max_length": "Your email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        **kwargs,
    )


class RegistrationForm(GovukForm):
    submit_label = "Create account"

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your full name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = email_field(help_text="We will send a link to this address to confirm it is yours")
    password = forms.CharField(
        label="Create a password",
        strip=False,
        max_length=128,
        help_text="At least 12 characters. A few words you will remember make a strong password",
        error_messages={
            "required": "Enter a password",
            "max_length": "Your password must be 128 characters or fewer",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Confirm your password",
        strip=False,
        max_length=128,
        error_messages={
            "required": "Confirm your password",
            "max_length": "Your password must be 128 characters or fewer",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # Where to go after confirming the address; the view keeps it only if it is an address on this site.
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_full_name(self) -> str:
        name: str = self.cleaned_data["full_name"].strip()
        if not name:
            raise ValidationError("Enter your full name")
        return name

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        again = cleaned.get("password_again")
        if password:
            candidate = User(email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "")
            try:
                validate_password(password, candidate)
            except ValidationError as err:
                for message in govuk_password_errors(err):
                    self.add_error("password", message)
            if again is not None and again != password and "password_again" not in self.errors:
                self.add_error("password_again", "The passwords do not match. Enter the same password twice")
        return cleaned


class ResendVerificationForm(GovukForm):
    submit_label = "Send the link again"

    email = email_field()
    # Where to go after confirming the address; the view keeps it only if it is an address on this site.
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()
