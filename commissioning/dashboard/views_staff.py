from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.selectors import history_for
from commissioning.core.forms import GovukModelForm, MoneyField
from commissioning.core.models import CommissioningBody
from commissioning.core.selectors import body_as_saved, commissioning_body
from commissioning.organisations.selectors import organisation_of

from .services import body_update
from .work import work_waiting


@permission_required("staff.pages")
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/dashboard.html",
        {"organisation": organisation_of(request.user), "work": work_waiting(request.user)},
    )


class BodyForm(GovukModelForm):
    website = forms.URLField(
        assume_scheme="https", required=False, help_text="For example, https://example.org"
    )

    class Meta:
        model = CommissioningBody
        fields = [
            "name",
            "short_name",
            "commissioner_title",
            "chief_executive_title",
            "chief_finance_officer_title",
            "grant_identifier_prefix",
            "organisation_identifier",
            "contact_email",
            "website",
            "decision_record_threshold",
        ]
        field_classes = {"decision_record_threshold": MoneyField}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_record_threshold"].required = False

    def clean_decision_record_threshold(self) -> object:
        """Left empty (or not sent by an older form), the threshold stays as it was."""
        value = self.cleaned_data.get("decision_record_threshold")
        return self.instance.decision_record_threshold if value is None else value.quantize(Decimal("0.01"))


@permission_required("body.edit")
def body_edit(request: AuthenticatedRequest) -> HttpResponse:
    body = commissioning_body()
    if body.pk is None:
        body = CommissioningBody()
    form = BodyForm(request.POST or None, instance=body_as_saved(body))
    if request.method == "POST" and form.is_valid():
        target = form.instance if body.pk is None else body
        body_update(by=request.user, body=target, data=form.cleaned_data)
        messages.success(request, "The commissioning body's details were saved.")
        return redirect("dashboard:body-edit")
    history = history_for(body) if body.pk else []
    return render(request, "dashboard/body_edit.html", {"form": form, "history": history})
