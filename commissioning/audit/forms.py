from typing import Any

from django import forms

from commissioning.core.forms import GovukForm

from .selectors import actors_in_trail, record_types_in_trail


class EventFilterForm(GovukForm):
    """Narrow the trail to one type of record and/or one person. Choices come from what the trail holds."""

    submit_label = "Filter"

    record_type = forms.ChoiceField(label="Type of record", required=False)
    person = forms.ChoiceField(label="Person", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["record_type"].choices = [("", "All records"), *record_types_in_trail()]  # type: ignore[attr-defined]
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "Everyone"),
            *((str(user.pk), f"{user.full_name} ({user.email})") for user in actors_in_trail()),
        ]
        self.fields["record_type"].error_messages["invalid_choice"] = "Select a type of record from the list"
        self.fields["person"].error_messages["invalid_choice"] = "Select a person from the list"

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `selectors.event_list`: none when the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        person = self.cleaned_data.get("person")
        return {
            "record_type": self.cleaned_data.get("record_type") or "",
            "actor_id": int(person) if person else None,
        }
