"""The public feedback form (with its honeypot) and the moderation form."""

import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms

from commissioning.core.forms import GovukForm

from .selectors import active_themes

HONEYPOT_FIELD = "website"
# Bots fill every box; people never see this one. aria-hidden keeps it from screen readers, tabindex=-1 from the
# keyboard, and it sits off-screen rather than display:none, which some bots detect and skip.
HONEYPOT_HTML = (
    '<div class="app-honeypot" aria-hidden="true" '
    'style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden">'
    f'<label for="id_{HONEYPOT_FIELD}">Leave this empty</label>'
    f'<input type="text" id="id_{HONEYPOT_FIELD}" name="{HONEYPOT_FIELD}" value="" tabindex="-1" autocomplete="off">'
    "</div>"
)
WHAT_HAPPENED_LIMIT = 5000
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")

CONSENT_USE = "use"
CONSENT_CONTACT = "contact"


class FeedbackForm(GovukForm):
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Tell us what went well or what could be better. Do not include anyone else's personal details.",
        max_length=WHAT_HAPPENED_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what happened",
            "max_length": f"What happened must be {WHAT_HAPPENED_LIMIT:,} characters or fewer",
        },
    )
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": "Your name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Telephone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}
        ),
        error_messages={"max_length": "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"},
    )
    consent = forms.MultipleChoiceField(
        label="Your agreement",
        help_text="Select all that apply.",
        required=False,
        choices=[
            (CONSENT_USE, "You may use my feedback to check how the service is doing (required)"),
            (CONSENT_CONTACT, "You may contact me about my feedback"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("what_happened", label_size=Size.MEDIUM),
            Fieldset(
                Field.text("name"),
                Field.text("email"),
                Field.text("phone"),
                legend="Your contact details (optional)",
                legend_size=Size.MEDIUM,
            ),
            Field.checkboxes("consent", legend_size=Size.MEDIUM),
            HTML(HONEYPOT_HTML),
            Button.primary("submit", "Send feedback"),
        )

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone", "")).strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
        return phone

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "what_happened": data["what_happened"],
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "consent_to_use": CONSENT_USE in data["consent"],
            "consent_to_contact": CONSENT_CONTACT in data["consent"],
        }


APPROVE = "approve"
REJECT = "reject"


class ModerationForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (APPROVE, "Approve: it counts in the service's monitoring"),
            (REJECT, "Reject: it does not count"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or reject the feedback"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        help_text="If approving, select every theme the feedback is about.",
        queryset=active_themes(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose themes from the list",
            "invalid_pk_value": "Choose themes from the list",
        },
    )
    reason = forms.CharField(
        label="Reason for rejecting",
        help_text="If rejecting, say why, for example: not about this service, or abusive.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.checkboxes("themes", legend_size=Size.SMALL),
            Field.textarea("reason", label_size=Size.SMALL),
            Button.primary("submit", "Save decision"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == APPROVE and not data.get("themes"):
            self.add_error("themes", "Choose at least one theme")
        if data.get("decision") == REJECT and not str(data.get("reason", "")).strip():
            self.add_error("reason", "Enter why the feedback is rejected")
        return data


class ThemeForm(GovukForm):
    submit_label = "Save the theme"

    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="What the feedback is about, for example Access and waiting times",
        error_messages={"required": "Enter the name of the theme"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=250,
        help_text="Optional. Helps moderators choose it",
    )
    is_active = forms.BooleanField(
        label="Offer this theme when approving feedback", required=False, initial=True
    )
