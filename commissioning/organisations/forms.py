import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from commissioning.core.forms import DateField, GovukForm, GovukModelForm, checked_file
from commissioning.core.uploads import CheckedUpload, size_in_words

from .identifiers import MAX_VALUE_LENGTH, SCHEME_CHOICES, normalise_identifier
from .models import DueDiligenceKind, Organisation
from .sectors import Sector

# The shape of a UK postcode, e.g. SN10 2LA, SW1A 1AA, M1 1AE.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{7,25}$")

# How each field is named in an error message: "Enter the organisation's name".
FIELD_NOUNS = {
    "name": "the organisation's name",
    "sector": "the organisation's sector",
    "address_line_1": "the first line of the address",
    "address_line_2": "the second line of the address",
    "town": "the town or city",
    "postcode": "the postcode",
    "email": "the email address",
    "phone": "the telephone number",
    "website": "the website address",
    "notes": "the notes",
    "title": "the title of the document",
    "scheme": "the type of identifier",
    "value": "the identifier",
    "query": "the search",
}


def govuk_messages(form: forms.BaseForm) -> None:
    """Replace Django's generic messages with ones that say what to do, in GOV.UK voice."""
    for name, field in form.fields.items():
        noun = FIELD_NOUNS.get(name, f"the {str(field.label or name).lower()}")
        field.error_messages["required"] = f"Enter {noun}"
        if isinstance(field, forms.ChoiceField):
            field.error_messages["required"] = f"Select {noun}"
            field.error_messages["invalid_choice"] = f"Select {noun} from the list"  # noqa: S608 (prose, not SQL)
        max_length = getattr(field, "max_length", None)
        if max_length:
            # Field.run_validators uses error_messages[code] for the MaxLengthValidator's error.
            field.error_messages["max_length"] = (
                f"{noun[0].upper()}{noun[1:]} must be {max_length} characters or fewer"
            )
    if "email" in form.fields:
        form.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )


class OrganisationForm(GovukModelForm):
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a website address in the correct format, like https://www.example.org"
        },
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "email",
            "phone",
            "website",
            "notes",
        ]
        labels = {"name": "Name of the organisation"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = [("", "Select a sector"), *Sector.choices]
        self.fields["sector"].label = "Sector"
        self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["phone"].widget.attrs.update(
            {"class": "govuk-input--width-20", "type": "tel", "autocomplete": "tel"}
        )
        self.fields["email"].widget.attrs["spellcheck"] = "false"
        govuk_messages(self)

    def clean_postcode(self) -> str:
        value = "".join(self.cleaned_data.get("postcode", "").split()).upper()
        if not value:
            return ""
        match = POSTCODE.match(value)
        if match is None:
            raise ValidationError("Enter a real postcode, like SN10 2LA")
        return f"{match.group(1)} {match.group(2)}"

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value and not PHONE.match(value):
            raise ValidationError("Enter a telephone number, like 01380 123456 or +44 7700 900982")
        return value


class IdentifierFieldsMixin:
    """The scheme and value of an official identifier, checked for the scheme's shape and normalised."""

    cleaned_data: dict[str, Any]
    identifier_required = True

    def clean_identifier_fields(self) -> None:
        scheme_code = self.cleaned_data.get("scheme") or ""
        value = self.cleaned_data.get("value") or ""
        if not scheme_code and not value:
            if self.identifier_required:
                self.add_error("scheme", "Select the type of identifier")  # type: ignore[attr-defined]
            return
        if not scheme_code:
            self.add_error("scheme", "Select the type of identifier")  # type: ignore[attr-defined]
            return
        try:
            self.cleaned_data["value"] = normalise_identifier(scheme_code, value)
        except ValidationError as err:
            self.add_error("value", err.messages[0])  # type: ignore[attr-defined]


def scheme_field(*, required: bool) -> forms.ChoiceField:
    first = (
        ("", "Select the type of identifier")
        if required
        else ("", "None: the organisation is not registered")
    )
    return forms.ChoiceField(
        label="Type of identifier",
        choices=[first, *SCHEME_CHOICES],
        required=required,
        error_messages={"invalid_choice": "Select the type of identifier from the list"},
    )


def value_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label="Identifier",
        required=required,
        max_length=MAX_VALUE_LENGTH,
        help_text="For example, a charity number like 1123456 or a company number like 01234567",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )


class OrganisationCreateForm(IdentifierFieldsMixin, OrganisationForm):
    identifier_required = False
    field_order = ["name", "sector", "scheme", "value"]

    scheme = scheme_field(required=False)
    value = value_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].label = "Official identifier"
        self.fields["scheme"].help_text = "The organisation's registered number, if it has one"
        self.fields["value"].label = "Identifier (if it has one)"
        govuk_messages(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_identifier_fields()
        return cleaned

    def identifiers(self) -> list[tuple[str, str]]:
        scheme_code, value = self.cleaned_data.get("scheme"), self.cleaned_data.get("value")
        return [(scheme_code, value)] if scheme_code and value else []

    def organisation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OrganisationForm.Meta.fields}


class IdentifierForm(IdentifierFieldsMixin, GovukForm):
    submit_label = "Add identifier"

    scheme = scheme_field(required=True)
    value = value_field(required=True)
    is_preferred = forms.BooleanField(
        label="Use this identifier in open data",
        required=False,
        help_text="Otherwise a charity number is used before a company number",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_messages(self)
        self.fields["scheme"].error_messages["required"] = "Select the type of identifier"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_identifier_fields()
        return cleaned


class DueDiligenceForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of document", choices=DueDiligenceKind.choices, widget=forms.RadioSelect, required=True
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Safeguarding policy 2026 or Public liability insurance certificate",
    )
    dated = DateField(label="Date of the document", help_text="For example, 27 3 2026")
    expires_on = DateField(
        label="Expiry date",
        required=False,
        require_all_fields=False,
        help_text="Leave blank if the document does not expire. For example, 31 3 2027",
    )
    document = forms.FileField(
        label="Upload the document (optional)",
        required=False,
        help_text="A PDF, Word document, spreadsheet, image or text file",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_messages(self)
        self.fields["kind"].error_messages["required"] = "Select the type of document"
        self.fields["document"].help_text += f", smaller than {size_in_words(settings.UPLOAD_MAX_BYTES)}"
        # An optional date is checked box by box: say which part is missing, naming the date.
        expires_on = self.fields["expires_on"]
        assert isinstance(expires_on, forms.MultiValueField)
        for part, field in zip(("day", "month", "year"), expires_on.fields, strict=True):
            field.error_messages["incomplete"] = f"The expiry date must include a {part}"

    def clean_document(self) -> CheckedUpload | None:
        """Checked by content now, so that a refused file is explained beside the field."""
        return checked_file(self.cleaned_data.get("document"))


class StaffDueDiligenceForm(DueDiligenceForm):
    checked = forms.BooleanField(
        label="I have checked this document",
        required=False,
        help_text="Records your name and today's date against it",
    )


class MemberForm(GovukForm):
    submit_label = "Add person"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The person must already have an account as a provider user or partner administrator",
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    is_administrator = forms.BooleanField(
        label="Administrator for the organisation",
        required=False,
        help_text="May manage the organisation's due diligence documents",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class OrganisationSearchForm(forms.Form):
    """The register's search and filter, sent with GET. Rendered by hand in the list template."""

    query = forms.CharField(label="Name or identifier", required=False, max_length=200)
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "All sectors"), *Sector.choices],
        error_messages={"invalid_choice": "Select a sector from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The search form's only text field: its length message is set here rather than by govuk_messages,
        # which would call the sector "the organisation's sector".
        self.fields["query"].error_messages["max_length"] = "The search must be 200 characters or fewer"
