"""Staff pages for needs assessments: the list (by priority), an assessment with its versions, one version as it
was written, writing and revising, and the evidence files (served only to those who may read them)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.accounts.permissions import may
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator
from commissioning.core.uploads import download_response

from .access import needs_assessment_for, needs_evidence_for, needs_version_for
from .forms_needs import NeedsAssessmentForm, NeedsFilterForm
from .models import NeedsAssessment, NeedsAssessmentVersion
from .selectors.needs import (
    needs_list_keys,
    needs_list_rows,
    priority_choices,
    version_evidence,
)
from .services.needs import needs_assessment_create, needs_assessment_revise

PER_PAGE = 25


@permission_required("needs.view")
def needs_list(request: AuthenticatedRequest) -> HttpResponse:
    priorities = list(priority_choices())
    form = NeedsFilterForm(request.GET or None, priorities=priorities)
    priority_id = form.cleaned_data.get("priority") if form.is_valid() else None
    paginator = CappedPaginator(needs_list_keys(priority_id=priority_id), PER_PAGE, load=needs_list_rows)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cycle/needs/list.html",
        {
            "form": form,
            "page": page,
            "filtered": priority_id is not None or bool(form.errors),
            "may_write": may(request.user, "needs.write"),
        },
    )


def _version_page(
    request: AuthenticatedRequest, assessment: NeedsAssessment, version: NeedsAssessmentVersion
) -> HttpResponse:
    versions = list(assessment.versions.all())
    return render(
        request,
        "cycle/needs/detail.html",
        {
            "assessment": assessment,
            "version": version,
            "current": versions[0],
            "versions": versions,
            "evidence": version_evidence(version),
            "may_write": may(request.user, "needs.write"),
        },
    )


@permission_required("needs.view")
def needs_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = needs_assessment_for(request.user, pk)
    return _version_page(request, assessment, assessment.versions.all()[0])


@permission_required("needs.view")
def needs_version_page(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    assessment, version = needs_version_for(request.user, pk, number)
    return _version_page(request, assessment, version)


def _form_page(
    request: AuthenticatedRequest, form: NeedsAssessmentForm, save: Any, **context: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            pk, done = save(form.service_arguments())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, done)
            return redirect("needs:detail", pk=pk)
    return render(request, "cycle/needs/form.html", {"form": form, **context})


@permission_required("needs.write")
def needs_create_page(request: AuthenticatedRequest) -> HttpResponse:
    form = NeedsAssessmentForm(request.POST or None, request.FILES or None, priorities=priority_choices())

    def save(arguments: dict[str, Any]) -> tuple[int, str]:
        assessment = needs_assessment_create(by=request.user, **arguments)
        return assessment.pk, f"Needs assessment “{assessment.title}” saved as version 1"

    return _form_page(request, form, save, assessment=None)


@permission_required("needs.write")
def needs_revise_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = needs_assessment_for(request.user, pk)
    latest = assessment.versions.all()[0]
    priority_ids = [priority.pk for priority in assessment.priorities.all()]
    initial = {
        "title": assessment.title,
        "priorities": priority_ids,
        "need": latest.need,
        "gaps": latest.gaps,
        "implications": latest.implications,
    }
    form = NeedsAssessmentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        priorities=priority_choices(including=priority_ids),
        carried=version_evidence(latest),
    )

    def save(arguments: dict[str, Any]) -> tuple[int, str]:
        version = needs_assessment_revise(by=request.user, assessment=assessment, **arguments)
        return assessment.pk, f"Version {version.number} of “{assessment.title}” saved"

    return _form_page(request, form, save, assessment=assessment, latest=latest)


@permission_required("needs.view")
def needs_evidence_download(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = needs_evidence_for(request.user, pk, evidence_pk)
    # A streamed FileResponse; permission_required types the views it wraps as returning HttpResponse.
    return download_response(  # type: ignore[return-value]
        evidence.file, filename=evidence.original_name or "evidence", content_type=evidence.content_type
    )
