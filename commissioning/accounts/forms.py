from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    use_required_attribute = False  # the server's GOV.UK error summary explains a missing answer
    unverified = False  # set when the password was right but the account's email address is not yet confirmed
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been switched off.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Sign in"))

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if getattr(user, "awaits_email_verification", False):
            self.unverified = True
            raise forms.ValidationError(
                "You need to confirm your email address before you can sign in. Select the link in the email we "
                "sent you, or ask for a new link below",
                code="unverified",
            )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "The security code must be 6 digits",
            "max_length": "The security code must be 6 digits",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-5"}
        ),
    )

    def __init__(self, *args: Any, verify: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verify = verify
        self.device = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Continue"))

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 digits")
        device = self.verify(token) if self.verify else None
        if device is None:
            raise forms.ValidationError(
                "The security code is not right or has expired. Enter the current code."
            )
        self.device = device
        return token
