"""Forms for people who act for an organisation: registering their organisation and inviting colleagues."""

from typing import Any

from django import forms

from commissioning.core.forms import GovukForm

from .forms import OrganisationCreateForm, OrganisationForm, govuk_messages
from .models import INVITATION_DAYS


class ApplicantOrganisationForm(OrganisationCreateForm):
    """The staff form's questions less the staff's own notes, in the applicant's words."""

    submit_label = "Save and continue"

    class Meta(OrganisationCreateForm.Meta):
        fields = [name for name in OrganisationForm.Meta.fields if name != "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name of your organisation"
        self.fields["name"].help_text = "As it appears in your governing document, if it has one"
        self.fields["sector"].label = "What kind of organisation is it?"
        self.fields["email"].label = "Contact email address"
        self.fields[
            "email"
        ].help_text = "Where we can contact the organisation, such as enquiries@example.org"
        self.fields["phone"].label = "Contact telephone number"
        govuk_messages(self)
        self.fields["sector"].error_messages["required"] = "Select what kind of organisation it is"

    def organisation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InvitationForm(GovukForm):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=f"We will email a link to join your organisation. It works for {INVITATION_DAYS} days",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class AcceptInvitationForm(GovukForm):
    """No questions: the button that accepts an invitation, with room for the reason it was refused."""

    submit_label = "Accept invitation"
