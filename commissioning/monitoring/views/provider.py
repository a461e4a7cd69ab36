"""Provider pages: the returns an organisation owes, filling one in, checking and submitting it, and the office's
view of the returns already sent."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.workflow import may_move
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.uploads import download_response
from commissioning.monitoring.access import provider_return_for
from commissioning.monitoring.forms.returns import LATER, EvidenceUploadForm, ReturnForm
from commissioning.monitoring.models import MonitoringReturn, ReturnStatus
from commissioning.monitoring.selectors.returns import answered_questions, provider_returns_owed_and_sent
from commissioning.monitoring.services.returns import (
    return_answers_save,
    return_evidence_add,
    return_missing,
    return_submit,
)


def _may_answer(request: AuthenticatedRequest, monitoring_return: MonitoringReturn) -> bool:
    """The provider may still change the answers: the return can still be sent by them."""
    return may_move(monitoring_return, request.user, ReturnStatus.SUBMITTED)


@permission_required("return.submit")
def returns(request: AuthenticatedRequest) -> HttpResponse:
    owed, sent = provider_returns_owed_and_sent(request.user, on=timezone.localdate())
    return render(request, "monitoring/provider/returns.html", {"owed": owed, "sent": sent})


@permission_required("return.submit")
def return_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = provider_return_for(request.user, pk)
    if not _may_answer(request, monitoring_return):
        return redirect("my-monitoring:return", pk=pk)
    form = ReturnForm(request.POST or None, monitoring_return=monitoring_return)
    if request.method == "POST" and form.is_valid():
        try:
            return_answers_save(
                by=request.user, monitoring_return=monitoring_return, **form.service_arguments()
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            if LATER in request.POST:
                messages.success(request, "Your answers have been saved")
                return redirect("my-monitoring:returns")
            return redirect("my-monitoring:check", pk=pk)
    return render(request, "monitoring/provider/edit.html", {"return": monitoring_return, "form": form})


@permission_required("return.submit")
def return_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = provider_return_for(request.user, pk)
    if not _may_answer(request, monitoring_return):
        return redirect("my-monitoring:return", pk=pk)
    error = ""
    if request.method == "POST":
        try:
            return_submit(by=request.user, monitoring_return=monitoring_return)
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, "Your return has been sent to the office for review")
            return redirect("my-monitoring:return", pk=pk)
    return render(
        request,
        "monitoring/provider/check.html",
        {
            "return": monitoring_return,
            "answers": answered_questions(monitoring_return),
            "missing": return_missing(monitoring_return),
            "error": error,
        },
    )


@permission_required("return.submit")
def return_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = provider_return_for(request.user, pk)
    return render(
        request,
        "monitoring/provider/detail.html",
        {
            "return": monitoring_return,
            "answers": answered_questions(monitoring_return),
            "editable": _may_answer(request, monitoring_return),
        },
    )


@permission_required("return.submit")
def return_evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = provider_return_for(request.user, pk)
    if not _may_answer(request, monitoring_return):
        return redirect("my-monitoring:return", pk=pk)
    form = EvidenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence = return_evidence_add(
                by=request.user, monitoring_return=monitoring_return, upload=form.cleaned_data["upload"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{evidence.original_name} has been added to your return")
            return redirect("my-monitoring:edit", pk=pk)
    return render(request, "monitoring/provider/evidence.html", {"return": monitoring_return, "form": form})


@permission_required("return.submit")
def evidence_download(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    monitoring_return = provider_return_for(request.user, pk)
    evidence = next((e for e in monitoring_return.evidence.all() if e.pk == evidence_pk), None)
    if evidence is None:
        raise Http404("No evidence found")
    # A streamed FileResponse; permission_required types the views it wraps as returning HttpResponse.
    return download_response(  # type: ignore[return-value]
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
