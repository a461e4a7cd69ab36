"""Staff pages for grants: schemes and their criteria, the applications with filters, an application's page,
assigning assessors, the assessor's own list and assessment, moderation and the decision."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.accounts.permissions import may, require
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator
from commissioning.finance.selectors import fund_purposes, purposes_of_funds
from commissioning.governance.selectors import delegated_limit, may_decide
from commissioning.grants.access import (
    application_actions,
    application_for,
    assessment_stage,
    assignment_for,
    criterion_for,
    funds_for_new_schemes,
    may_manage_scheme,
    may_see_assessment,
    scheme_for,
    score_band_for,
)
from commissioning.grants.eligibility import SECTIONS, application_problems
from commissioning.grants.forms.staff import (
    ApplicationFilterForm,
    AssignForm,
    ConfirmForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    ModerationForm,
    SchemeForm,
    ScoreBandForm,
    ScoresForm,
)
from commissioning.grants.selectors.staff import (
    SCHEME_STATUS_LABELS,
    SCHEME_STATUS_TAGS,
    answers_as_asked,
    application_filter_choices,
    application_history,
    application_in_full_for_staff,
    assessment_summary,
    assessor_choices,
    assignment_for_assessor,
    decision_for,
    my_assignments,
    repeat_award,
    scheme_history,
    scheme_in_full,
    scheme_list,
    scheme_status,
    score_bands_of,
    staff_application_keys,
    staff_application_rows,
    weighted_total,
)
from commissioning.grants.services.assessment import (
    assessment_complete,
    assignment_create,
    conflict_declare,
    moderation_complete,
    moderation_save,
    scores_save,
)
from commissioning.grants.services.decisions import decision_make
from commissioning.grants.services.schemes import (
    criterion_remove,
    criterion_save,
    scheme_close,
    scheme_create,
    scheme_open,
    scheme_open_problems,
    scheme_update,
    score_band_remove,
    score_band_save,
)

APPLICATIONS_PER_PAGE = 25


def _posted(request: AuthenticatedRequest) -> Any:
    """The submitted data on a POST (even an empty one, such as a lone confirm button), else None."""
    return request.POST if request.method == "POST" else None


def _document_url(document: Any) -> str:
    try:
        return reverse("documents:application-document", args=[document.pk])
    except NoReverseMatch:
        return ""


def _agreement_url(agreement: Any) -> str:
    try:
        return reverse("agreements:detail", args=[agreement.pk])
    except NoReverseMatch:
        return ""


# --- Schemes ------------------------------------------------------------------------------------------------------


@permission_required("scheme.view")
def scheme_list_page(request: AuthenticatedRequest) -> HttpResponse:
    rows = []
    for scheme in scheme_list(request.user):
        status = scheme_status(scheme)
        rows.append((scheme, SCHEME_STATUS_LABELS[status], SCHEME_STATUS_TAGS[status]))
    may_create = may(request.user, "scheme.manage")
    return render(
        request,
        "grants/staff/scheme_list.html",
        {
            "rows": rows,
            "may_create": may_create,
        },
    )


@permission_required("scheme.manage")
def scheme_create_page(request: AuthenticatedRequest) -> HttpResponse:
    funds = funds_for_new_schemes(request.user)
    form = SchemeForm(_posted(request), funds=funds, purposes=purposes_of_funds(funds))
    if request.method == "POST" and form.is_valid():
        try:
            scheme = scheme_create(
                by=request.user, fund=form.cleaned_data["fund"], **form.service_arguments()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{scheme.name} was set up. Add its assessment criteria, then open it.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(request, "grants/staff/scheme_form.html", {"form": form, "scheme": None})


def _managed_scheme(request: AuthenticatedRequest, pk: int) -> Any:
    scheme = scheme_for(request.user, pk)
    require(request.user, "scheme.manage", scheme)
    return scheme


@permission_required("scheme.manage")
def scheme_edit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    form = SchemeForm(
        _posted(request),
        funds=funds_for_new_schemes(request.user).none(),
        scheme=scheme,
        purposes=fund_purposes(scheme.fund),
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme_update(by=request.user, scheme=scheme, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The scheme's details were saved.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(request, "grants/staff/scheme_form.html", {"form": form, "scheme": scheme})


@permission_required("scheme.view")
def scheme_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = scheme_in_full(scheme_for(request.user, pk))
    criteria = list(scheme.criteria.all())
    status = scheme_status(scheme)
    return render(
        request,
        "grants/staff/scheme_detail.html",
        {
            "scheme": scheme,
            "status": status,
            "status_label": SCHEME_STATUS_LABELS[status],
            "status_tag": SCHEME_STATUS_TAGS[status],
            "criteria": criteria,
            "bands": list(scheme.score_bands.all()),
            "total_weight": sum(criterion.weight for criterion in criteria),
            "open_problems": [] if scheme.is_published else scheme_open_problems(scheme),
            "may_manage": may_manage_scheme(request.user, scheme),
            "history": scheme_history(scheme),
        },
    )


@permission_required("scheme.manage")
def scheme_open_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    form = ConfirmForm(_posted(request), submit_label="Open the scheme")
    if request.method == "POST" and form.is_valid():
        try:
            scheme_open(by=request.user, scheme=scheme)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{scheme.name} is open: applicants can apply from its opening date.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(
        request,
        "grants/staff/scheme_confirm.html",
        {"scheme": scheme, "form": form, "action": "open", "problems": scheme_open_problems(scheme)},
    )


@permission_required("scheme.manage")
def scheme_close_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    form = ConfirmForm(_posted(request), submit_label="Close the scheme now", warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            scheme_close(by=request.user, scheme=scheme)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{scheme.name} is closed to new applications.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(
        request, "grants/staff/scheme_confirm.html", {"scheme": scheme, "form": form, "action": "close"}
    )


@permission_required("scheme.manage")
def criterion_page(request: AuthenticatedRequest, pk: int, criterion_pk: int | None = None) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    criterion = criterion_for(scheme, criterion_pk) if criterion_pk is not None else None
    form = CriterionForm(_posted(request), criterion=criterion)
    if request.method == "POST" and "remove" in request.POST and criterion is not None:
        try:
            criterion_remove(by=request.user, criterion=criterion)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Criterion {criterion.number} was removed.")
        return redirect("grants-staff:scheme", pk=scheme.pk)
    if request.method == "POST" and form.is_valid():
        try:
            criterion_save(by=request.user, scheme=scheme, criterion=criterion, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Criterion {form.cleaned_data['number']} was saved.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(
        request,
        "grants/staff/criterion_form.html",
        {"scheme": scheme, "criterion": criterion, "form": form, "what": "criterion"},
    )


@permission_required("scheme.manage")
def band_page(request: AuthenticatedRequest, pk: int, band_pk: int | None = None) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    band = score_band_for(scheme, band_pk) if band_pk is not None else None
    form = ScoreBandForm(_posted(request), band=band)
    if request.method == "POST" and "remove" in request.POST and band is not None:
        try:
            score_band_remove(by=request.user, band=band)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"The band for a score of {band.score} was removed.")
        return redirect("grants-staff:scheme", pk=scheme.pk)
    if request.method == "POST" and form.is_valid():
        try:
            score_band_save(by=request.user, scheme=scheme, band=band, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The band for a score of {form.cleaned_data['score']} was saved.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(
        request,
        "grants/staff/criterion_form.html",
        {"scheme": scheme, "criterion": band, "form": form, "what": "band"},
    )


# --- Applications -------------------------------------------------------------------------------------------------


@permission_required("scheme.view")
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    choices = application_filter_choices(request.user)
    form = ApplicationFilterForm(
        request.GET or None,
        schemes=choices.schemes,
        priorities=choices.priorities,
        assessors=choices.assessors,
    )
    filters = form.filters()
    paginator = CappedPaginator(
        staff_application_keys(request.user, filters), APPLICATIONS_PER_PAGE, load=staff_application_rows
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grants/staff/application_list.html",
        {"form": form, "page": page, "filters": filters, "filtered": any(vars(filters).values())},
    )


@permission_required("staff.pages")
def application_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_in_full_for_staff(application_for(request.user, pk))
    limit = delegated_limit(request.user)
    actions = application_actions(request.user, application, has_authority=limit.has_authority)
    oversees = actions.oversees
    documents = [(document, _document_url(document)) for document in application.documents.all()]
    decision = decision_for(application) if oversees else None
    context = {
        "application": application,
        "sections": answers_as_asked(application, SECTIONS),
        "budget_lines": list(application.budget_lines.all()),
        "budget_total": sum((line.amount for line in application.budget_lines.all()), 0),
        "documents": documents,
        "problems": application_problems(application) if oversees else [],
        "oversees": oversees,
        "may_manage": actions.may_manage,
        # The scores table is shown only when someone has been asked to assess.
        "summary": assessment_summary(application) if oversees and application.assignments.all() else None,
        "decision": decision,
        "agreement_url": _agreement_url(decision.agreement) if decision and decision.agreement else "",
        "may_decide": actions.may_decide,
        "history": application_history(application) if oversees else [],
        "status_label": application.get_status_display(),
    }
    return render(request, "grants/staff/application_detail.html", context)


def _managed_application(request: AuthenticatedRequest, pk: int) -> Any:
    application = application_for(request.user, pk)
    if not may_manage_scheme(request.user, application.scheme):
        raise PermissionDenied("You cannot manage the assessment of this application.")
    return application


@permission_required("scheme.manage")
def assign_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _managed_application(request, pk)
    assigned = set(application.assignments.values_list("assessor_id", flat=True))
    people = [person for person in assessor_choices() if person.pk not in assigned]
    form = AssignForm(_posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_create(by=request.user, application=application, assessor=form.chosen())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{form.chosen()} has been asked to assess {application.reference}.")
            return redirect("grants-staff:application", pk=application.pk)
    return render(request, "grants/staff/assign.html", {"application": application, "form": form})


@permission_required("scheme.manage")
def moderation_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_in_full_for_staff(_managed_application(request, pk))
    summary = assessment_summary(application)
    form = ModerationForm(
        _posted(request),
        criteria=summary.criteria,
        bands=score_bands_of(application.scheme),
        initial_scores={
            row.criterion_id: (row.score, row.reason) for row in application.moderated_scores.all()
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            moderation_save(by=request.user, application=application, scores=form.entries())
            if "complete" in request.POST:
                moderation_complete(by=request.user, application=application)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if "complete" in request.POST:
                messages.success(
                    request, f"Moderation of {application.reference} is complete: it is ready for a decision."
                )
            else:
                messages.success(request, "The moderated scores were saved.")
            return redirect("grants-staff:application", pk=application.pk)
    return render(
        request,
        "grants/staff/moderation.html",
        {"application": application, "summary": summary, "form": form},
    )


@permission_required("staff.pages")
def decision_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = application_in_full_for_staff(application_for(request.user, pk))
    if not may_see_assessment(request.user, application):
        raise PermissionDenied("You cannot decide this application.")
    limit = delegated_limit(request.user)
    if not limit.has_authority:
        raise PermissionDenied("You have no delegated authority to make funding decisions.")
    summary = assessment_summary(application)
    decided = decision_for(application)
    repeat = repeat_award(application) if decided is None else None
    form = DecisionForm(
        _posted(request),
        purposes=fund_purposes(application.scheme.fund),
        purpose=application.scheme.purpose,
        repeat=repeat is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decision_make(
                by=request.user,
                application=application,
                outcome=data["outcome"],
                amount=data.get("amount"),
                reasons=data["reasons"],
                conditions=data.get("conditions") or "",
                purpose=form.chosen_purpose(),
                repeat_award_reason=data.get("repeat_award_reason") or "",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if decision.agreement:
                messages.success(
                    request,
                    f"{application.reference} was approved and the offer has been sent "
                    f"(agreement {decision.agreement.reference}).",
                )
            else:
                messages.success(
                    request, f"{application.reference} was declined. The applicant has been told why."
                )
            return redirect("grants-staff:application", pk=application.pk)
    covers, reason = (
        may_decide(request.user, application.amount_requested) if application.amount_requested else (True, "")
    )
    return render(
        request,
        "grants/staff/decision.html",
        {
            "application": application,
            "summary": summary,
            "form": form,
            "limit": limit,
            "covers": covers,
            "limit_reason": reason,
            "decided": decided,
            "repeat": repeat,
        },
    )


# --- The assessor's pages -----------------------------------------------------------------------------------------


@permission_required("staff.pages")
def my_assessments(request: AuthenticatedRequest) -> HttpResponse:
    assignments = list(my_assignments(request.user))
    return render(request, "grants/staff/my_assessments.html", {"assignments": assignments})


@permission_required("staff.pages")
def assessment_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_assessor(assignment_for(request.user, pk))
    application = assignment.application
    criteria = list(application.scheme.criteria.all())
    stage = assessment_stage(assignment)
    if stage == "declare":
        form: Any = ConflictForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                conflict_declare(
                    by=request.user,
                    assignment=assignment,
                    has_conflict=form.cleaned_data["has_conflict"],
                    details=form.cleaned_data.get("conflict_details") or "",
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if form.cleaned_data["has_conflict"]:
                    messages.success(
                        request,
                        "Your conflict of interest was recorded. You will not score this application.",
                    )
                    return redirect("grants-staff:my-assessments")
                messages.success(
                    request, "You declared no conflict of interest. You can now score the application."
                )
                return redirect("grants-staff:assessment", pk=assignment.pk)
        return render(
            request,
            "grants/staff/assessment.html",
            {"assignment": assignment, "application": application, "form": form, "stage": "declare"},
        )
    if stage != "score":
        scores = {row.criterion_id: row for row in assignment.scores.all()}
        return render(
            request,
            "grants/staff/assessment.html",
            {
                "assignment": assignment,
                "application": application,
                "stage": stage,
                "rows": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
                "total": weighted_total(criteria, {pk: row.score for pk, row in scores.items()}),
            },
        )
    form = ScoresForm(
        _posted(request),
        criteria=criteria,
        bands=score_bands_of(application.scheme),
        initial_scores={row.criterion_id: (row.score, row.comment) for row in assignment.scores.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            scores_save(by=request.user, assignment=assignment, scores=form.entries())
            if "complete" in request.POST:
                assessment_complete(by=request.user, assignment=assignment)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if "complete" in request.POST:
                messages.success(
                    request, f"Your assessment of {application.reference} is complete. Thank you."
                )
                return redirect("grants-staff:my-assessments")
            messages.success(request, "Your scores were saved. You can come back to finish them.")
            return redirect("grants-staff:assessment", pk=assignment.pk)
    full = application_in_full_for_staff(application)
    return render(
        request,
        "grants/staff/assessment.html",
        {
            "assignment": assignment,
            "application": full,
            "form": form,
            "stage": "score",
            "sections": answers_as_asked(full, SECTIONS),
            "budget_lines": list(full.budget_lines.all()),
        },
    )
