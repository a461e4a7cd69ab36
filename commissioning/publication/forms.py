"""The public registers' filters, read from the query string (so every filtered page has its own address)."""

from typing import Any

from django import forms

from commissioning.agreements.models import AgreementStatus, Mechanism
from commissioning.finance.models import Fund
from commissioning.plans.models import Priority

STATUS_CHOICES = [
    ("", "Running and ended"),
    (AgreementStatus.ACTIVE.value, "Running now"),
    (AgreementStatus.ENDED.value, "Ended"),
]


class RegisterFilterForm(forms.Form):
    use_required_attribute = False

    query = forms.CharField(label="Search", required=False, max_length=200)
    mechanism = forms.ChoiceField(
        label="How it was commissioned", required=False, choices=[("", "All"), *Mechanism.choices]
    )
    fund = forms.ModelChoiceField(label="Fund", required=False, queryset=Fund.objects.none())
    priority = forms.ModelChoiceField(label="Plan priority", required=False, queryset=Priority.objects.none())
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(
        self,
        *args: Any,
        funds: list[Fund],
        priorities: list[Priority],
        fields: tuple[str, ...],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        # The options were read once by the view; the fields check a choice against those, with no query.
        if "fund" in self.fields:
            self.fields["fund"] = _ListChoiceField(funds, label="Fund", message="Select a fund from the list")
        if "priority" in self.fields:
            self.fields["priority"] = _ListChoiceField(
                priorities, label="Plan priority", message="Select a priority from the list"
            )
        if "mechanism" in self.fields:
            self.fields["mechanism"].error_messages["invalid_choice"] = (
                "Select a way of commissioning from the list"
            )
        if "status" in self.fields:
            self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["query"].error_messages["max_length"] = "Search for 200 characters or fewer"

    def selects(self) -> list[tuple[forms.BoundField, list[tuple[str, str]]]]:
        """Each select with its options, for the template."""
        found = []
        for name, field in self.fields.items():
            if name == "query":
                continue
            found.append((self[name], list(field.choices)))  # type: ignore[attr-defined]
        return found


class _ListChoiceField(forms.ChoiceField):
    """A choice among records already loaded, cleaned to the record itself."""

    def __init__(self, records: list[Any], *, label: str, message: str) -> None:
        self.records = {str(record.pk): record for record in records}
        choices = [("", "All"), *((str(record.pk), str(record)) for record in records)]
        super().__init__(label=label, required=False, choices=choices)
        self.error_messages["invalid_choice"] = message

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.records.get(value) if value else None
