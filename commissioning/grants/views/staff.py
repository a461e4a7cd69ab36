"""Staff pages for grants: schemes and their criteria, the applications with filters, an application's page,
assigning assessors, the assessor's own list and assessment, moderation and the decision."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from commissioning.accounts.access import roles_required, staff_required
from commissioning.accounts.roles import READ_ALL_ROLES, Role, can_read_all, has_role
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator
from commissioning.finance.models import Fund
from commissioning.finance.selectors import funds_visible_to
from commissioning.governance.selectors import delegated_limit, may_decide
from commissioning.grants.access import (
    MANAGE_ROLES,
    application_for,
    assignment_for,
    may_manage_scheme,
    scheme_for,
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
from commissioning.grants.models import (
    ApplicationStatus,
    AssessmentCriterion,
    ScoreBand,
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
    scheme_history,
    scheme_in_full,
    scheme_list,
    scheme_status,
    score_bands_of,
    staff_application_keys,
    staff_application_rows,
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
SCHEME_READERS = (*READ_ALL_ROLES, Role.PARTNER_ADMINISTRATOR)
SCHEME_MANAGERS = (*MANAGE_ROLES, Role.PARTNER_ADMINISTRATOR)


def _posted(request: HttpRequest) -> Any:
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


@roles_required(*SCHEME_READERS)
def scheme_list_page(request: HttpRequest) -> HttpResponse:
    rows = []
    for scheme in scheme_list(request.user):
        status = scheme_status(scheme)
        rows.append((scheme, SCHEME_STATUS_LABELS[status], SCHEME_STATUS_TAGS[status]))
    may_create = has_role(request.user, *SCHEME_MANAGERS)
    return render(
        request,
        "grants/staff/scheme_list.html",
        {
            "rows": rows,
            "may_create": may_create,
        },
    )


def _manageable_funds(user: Any) -> Any:
    if has_role(user, *MANAGE_ROLES):
        return Fund.objects.filter(is_active=True).order_by("name")
    return funds_visible_to(user).filter(is_active=True).order_by("name")


@roles_required(*SCHEME_MANAGERS)
def scheme_create_page(request: HttpRequest) -> HttpResponse:
    funds = _manageable_funds(request.user)
    form = SchemeForm(_posted(request), funds=funds)
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


def _managed_scheme(request: HttpRequest, pk: int) -> Any:
    scheme = scheme_for(request.user, pk)
    if not may_manage_scheme(request.user, scheme):
        raise PermissionDenied("You cannot change this scheme.")
    return scheme


@roles_required(*SCHEME_MANAGERS)
def scheme_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    form = SchemeForm(_posted(request), funds=Fund.objects.none(), scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            scheme_update(by=request.user, scheme=scheme, **form.service_arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The scheme's details were saved.")
            return redirect("grants-staff:scheme", pk=scheme.pk)
    return render(request, "grants/staff/scheme_form.html", {"form": form, "scheme": scheme})


@roles_required(*SCHEME_READERS)
def scheme_page(request: HttpRequest, pk: int) -> HttpResponse:
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


@roles_required(*SCHEME_MANAGERS)
def scheme_open_page(request: HttpRequest, pk: int) -> HttpResponse:
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


@roles_required(*SCHEME_MANAGERS)
def scheme_close_page(request: HttpRequest, pk: int) -> HttpResponse:
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


def _criterion(scheme: Any, criterion_pk: int | None) -> AssessmentCriterion | None:
    if criterion_pk is None:
        return None
    criterion = AssessmentCriterion.objects.filter(scheme=scheme, pk=criterion_pk).first()
    if criterion is None:
        raise Http404("No criterion found")
    return criterion


@roles_required(*SCHEME_MANAGERS)
def criterion_page(request: HttpRequest, pk: int, criterion_pk: int | None = None) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    criterion = _criterion(scheme, criterion_pk)
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


@roles_required(*SCHEME_MANAGERS)
def band_page(request: HttpRequest, pk: int, band_pk: int | None = None) -> HttpResponse:
    scheme = _managed_scheme(request, pk)
    band = None
    if band_pk is not None:
        band = ScoreBand.objects.filter(scheme=scheme, pk=band_pk).first()
        if band is None:
            raise Http404("No score band found")
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


@roles_required(*SCHEME_READERS)
def application_list(request: HttpRequest) -> HttpResponse:
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


def _may_see_assessment(user: Any, application: Any) -> bool:
    """Scores, moderation and history are for those who run or oversee the scheme, not for assessors."""
    return can_read_all(user) or may_manage_scheme(user, application.scheme)


@staff_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_in_full_for_staff(application_for(request.user, pk))
    oversees = _may_see_assessment(request.user, application)
    documents = [(document, _document_url(document)) for document in application.documents.all()]
    decision = decision_for(application) if oversees else None
    limit = delegated_limit(request.user)
    context = {
        "application": application,
        "sections": answers_as_asked(application, SECTIONS),
        "budget_lines": list(application.budget_lines.all()),
        "budget_total": sum((line.amount for line in application.budget_lines.all()), 0),
        "documents": documents,
        "problems": application_problems(application) if oversees else [],
        "oversees": oversees,
        "may_manage": may_manage_scheme(request.user, application.scheme),
        # The scores table is shown only when someone has been asked to assess.
        "summary": assessment_summary(application) if oversees and application.assignments.all() else None,
        "decision": decision,
        "agreement_url": _agreement_url(decision.agreement) if decision and decision.agreement else "",
        "may_decide": oversees and limit.has_authority and application.status == ApplicationStatus.MODERATED,
        "history": application_history(application) if oversees else [],
        "status_label": ApplicationStatus(application.status).label,
    }
    return render(request, "grants/staff/application_detail.html", context)


def _managed_application(request: HttpRequest, pk: int) -> Any:
    application = application_for(request.user, pk)
    if not may_manage_scheme(request.user, application.scheme):
        raise PermissionDenied("You cannot manage the assessment of this application.")
    return application


@roles_required(*SCHEME_MANAGERS)
def assign_page(request: HttpRequest, pk: int) -> HttpResponse:
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


@roles_required(*SCHEME_MANAGERS)
def moderation_page(request: HttpRequest, pk: int) -> HttpResponse:
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


@staff_required
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_in_full_for_staff(application_for(request.user, pk))
    if not _may_see_assessment(request.user, application):
        raise PermissionDenied("You cannot decide this application.")
    limit = delegated_limit(request.user)
    if not limit.has_authority:
        raise PermissionDenied("You have no delegated authority to make funding decisions.")
    summary = assessment_summary(application)
    form = DecisionForm(_posted(request))
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
            "decided": decision_for(application),
        },
    )


# --- The assessor's pages -----------------------------------------------------------------------------------------


@staff_required
def my_assessments(request: HttpRequest) -> HttpResponse:
    assignments = list(my_assignments(request.user))
    return render(request, "grants/staff/my_assessments.html", {"assignments": assignments})


@staff_required
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_assessor(assignment_for(request.user, pk))
    application = assignment.application
    criteria = list(application.scheme.criteria.all())
    if assignment.has_conflict is None:
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
    if (
        assignment.has_conflict
        or assignment.completed_at is not None
        or application.status != ApplicationStatus.IN_ASSESSMENT
    ):
        from commissioning.grants.selectors.staff import weighted_total

        scores = {row.criterion_id: row for row in assignment.scores.all()}
        return render(
            request,
            "grants/staff/assessment.html",
            {
                "assignment": assignment,
                "application": application,
                "stage": "conflict" if assignment.has_conflict else "done",
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
