from commissioning.core.forms import GovukForm, MoneyField


class AllocationForm(GovukForm):
    submit_label = "Save allocation"

    def __init__(self, *args: object, year_label: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = MoneyField(
            label=f"Allocation for {year_label}", help_text="In pounds and pence"
        )
