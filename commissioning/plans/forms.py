from commissioning.core.forms import DateField, GovukModelForm

from .models import CommissioningPrinciple, Objective, Plan, Priority


class PlanForm(GovukModelForm):
    starts_on = DateField(label="Start date", help_text="For example, 1 4 2025")
    ends_on = DateField(label="End date", help_text="For example, 31 3 2029")

    class Meta:
        model = Plan
        fields = ["title", "starts_on", "ends_on", "summary"]
        error_messages = {"title": {"required": "Enter the plan's title"}}


class PriorityForm(GovukModelForm):
    class Meta:
        model = Priority
        fields = ["number", "title", "description"]
        error_messages = {
            "number": {
                "required": "Enter the priority's number",
                "invalid": "The number must be a whole number",
            },
            "title": {"required": "Enter the priority's title"},
        }


class ObjectiveForm(GovukModelForm):
    class Meta:
        model = Objective
        fields = ["number", "text"]
        labels = {"text": "Objective"}
        error_messages = {
            "number": {
                "required": "Enter the objective's number",
                "invalid": "The number must be a whole number",
            },
            "text": {"required": "Enter the objective"},
        }


class PrincipleForm(GovukModelForm):
    class Meta:
        model = CommissioningPrinciple
        fields = ["number", "text", "is_active"]
        labels = {"text": "Principle", "is_active": "In use"}
        error_messages = {
            "number": {
                "required": "Enter the principle's number",
                "invalid": "The number must be a whole number",
            },
            "text": {"required": "Enter the principle"},
        }
