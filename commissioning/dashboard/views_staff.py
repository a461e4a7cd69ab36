from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import permission_required
from commissioning.accounts.roles import is_staff_member
from commissioning.audit.selectors import history_for
from commissioning.organisations.selectors import organisation_of

from .forms import GovukModelForm, MoneyField
from .models import CommissioningBody
from .selectors import body_as_saved, commissioning_body
from .services import body_update
from .work import work_waiting


def home(request: HttpRequest) -> HttpResponse:
    if is_staff_member(request.user):
        return redirect("core:dashboard")
    return render(request, "core/home.html", {"organisation": organisation_of(request.user)})


@permission_required("staff.pages")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/dashboard.html",
        {"organisation": organisation_of(request.user), "work": work_waiting(request.user)},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


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
def body_edit(request: HttpRequest) -> HttpResponse:
    body = commissioning_body()
    if body.pk is None:
        body = CommissioningBody()
    form = BodyForm(request.POST or None, instance=body_as_saved(body))
    if request.method == "POST" and form.is_valid():
        target = form.instance if body.pk is None else body
        body_update(by=request.user, body=target, data=form.cleaned_data)
        messages.success(request, "The commissioning body's details were saved.")
        return redirect("core:body-edit")
    history = history_for(body) if body.pk else []
    return render(request, "core/body_edit.html", {"form": form, "history": history})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors may be trusted here: render with the plainest context.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
