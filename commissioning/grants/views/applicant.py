"""The applicant's pages (namespace `apply`): start an application, the task list, one page per topic, check
answers, submit, confirmation, and the organisation's applications afterwards.

Every application is loaded through `grants.access.applicant_application_for`, so another organisation's
application is "not found" at every address. A section page posted after the session expired keeps what was typed: see
`docs/decisions/0007-save-and-return.md` and `stash_post` below.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import AuthenticatedRequest
from commissioning.accounts.permissions import may
from commissioning.audit.workflow import may_move
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.finance.selectors import rules_for
from commissioning.grants.access import applicant_application_for, draft_for, is_draft
from commissioning.grants.eligibility import (
    SECTIONS,
    application_problems,
    blocking,
    budget_total,
    duration_in_months,
    problems_by_section,
)
from commissioning.grants.forms.applicant import (
    ADD,
    LATER,
    SECTION_FORMS,
    DocumentUploadForm,
    section_initial,
)
from commissioning.grants.models import Application, ApplicationStatus
from commissioning.grants.selectors.applications import (
    answer_rows,
    application_in_full,
    applications_of,
    completed_count,
    decision_of,
    document_of,
    draft_of,
    task_rows,
)
from commissioning.grants.selectors.public import scheme_for_public, scheme_summary
from commissioning.grants.services import applications as services
from commissioning.grants.services import documents
from commissioning.organisations.selectors import current_due_diligence, organisation_of

SECTION_TITLES = dict(SECTIONS)
APPLICATIONS_PER_PAGE = 25
# A section page posted after the session ran out is kept this long, signed, until the person signs in again.
STASH_KEY = "apply_stash"
STASH_SALT = "commissioning.grants.apply-stash"
STASH_MAX_AGE = 60 * 60

View = Callable[..., HttpResponse]


def stash_post(request: AuthenticatedRequest) -> None:
    """Keep a POST made without a session (it expired), so the answers are not lost while the person signs in."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[STASH_KEY] = signing.dumps({"path": request.path, "data": data}, salt=STASH_SALT)


def take_stash(request: AuthenticatedRequest) -> QueryDict | None:
    """The answers stashed for this page (once: taken out of the session), if they are recent and untampered."""
    stashed = request.session.pop(STASH_KEY, None)
    if not stashed:
        return None
    try:
        value = signing.loads(stashed, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    except signing.BadSignature:
        return None
    if value.get("path") != request.path:
        return None
    data = QueryDict(mutable=True)
    for key, values in (value.get("data") or {}).items():
        if isinstance(values, list):
            data.setlist(str(key), [str(item) for item in values])
    return data


def applicant_required(view: View) -> View:
    """Signed-in provider users only. Someone not signed in is sent to sign in (and to create an account from
    there); a section they posted is kept for them first."""

    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                stash_post(request)
                messages.info(
                    request,
                    "You were signed out, so your answers have not been saved yet. Sign in and we will show "
                    "them to you again to save.",
                )
            return redirect_to_login(request.get_full_path())
        if not may(request.user, "application.apply"):
            raise PermissionDenied("Only people who act for an applicant organisation can apply.")
        return view(request, *args, **kwargs)

    return wrapped


def _no_organisation(request: AuthenticatedRequest) -> HttpResponse:
    try:
        return redirect(f"{reverse('my-organisation:start')}?{urlencode({'next': request.get_full_path()})}")
    except NoReverseMatch:
        return render(request, "grants/applicant/no_organisation.html", status=200)


@applicant_required
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation is None:
        return _no_organisation(request)
    paginator = Paginator(applications_of(organisation), APPLICATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grants/applicant/application_list.html",
        {"organisation": organisation, "page": page, "applications": list(page.object_list)},
    )


@applicant_required
def application_start(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = scheme_for_public(slug)
    if scheme is None or not scheme.is_published:
        raise Http404("No scheme found")
    organisation = organisation_of(request.user)
    if organisation is None:
        return _no_organisation(request)
    error = ""
    if request.method == "POST":
        try:
            application = services.application_start(by=request.user, scheme=scheme)
        except DomainError as err:
            error = err.message
        else:
            return redirect("apply:task-list", pk=application.pk)
    draft = draft_of(organisation, scheme)
    return render(
        request,
        "grants/applicant/start.html",
        {
            "scheme": scheme,
            "summary": scheme_summary(scheme),
            "organisation": organisation,
            "draft": draft,
            "error": error,
        },
        status=400 if error else 200,
    )


def _problem_context(application: Application) -> dict[str, Any]:
    problems = application_problems(application)
    return {
        "problems": problems,
        "blocking_problems": blocking(problems),
        "problems_by_section": problems_by_section(problems),
    }


@applicant_required
def task_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = applicant_application_for(request.user, pk)
    if not is_draft(application):
        return redirect("apply:application", pk=application.pk)
    application = application_in_full(application)
    context = _problem_context(application)
    rows = task_rows(application, context["problems"])
    return render(
        request,
        "grants/applicant/task_list.html",
        {
            "application": application,
            "rows": rows,
            "completed_count": completed_count(rows),
            "summary": scheme_summary(application.scheme),
            **context,
        },
    )


def _section_context(application: Application, section: str) -> dict[str, Any]:
    """What a section's page shows beside its form."""
    context: dict[str, Any] = {}
    if section == "organisation":
        context["organisation"] = application.organisation
        try:
            context["organisation_url"] = reverse(
                "my-organisation:detail", args=[application.organisation_id]
            )
        except NoReverseMatch:
            context["organisation_url"] = ""
    if section == "budget":
        lines = list(application.budget_lines.all())
        total = budget_total(application)
        context.update({"lines": lines, "total": total})
        if application.amount_requested is not None:
            context["difference"] = total - application.amount_requested
    if section == "dates":
        rules = rules_for(application.scheme.fund)
        context["max_months"] = rules.max_duration_months if rules else None
        if application.starts_on and application.ends_on and application.ends_on >= application.starts_on:
            context["months"] = duration_in_months(application.starts_on, application.ends_on)
    if section == "documents":
        context["reusable"] = list(current_due_diligence(application.organisation).values())
        context["documents"] = list(application.documents.all())
        context["upload_form"] = DocumentUploadForm()
    return context


@applicant_required
def section(request: AuthenticatedRequest, pk: int, section: str) -> HttpResponse:
    if section not in SECTION_FORMS:
        raise Http404("No such part of the application")
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    application = application_in_full(application)
    form_class = SECTION_FORMS[section]
    restored = False
    if request.method == "POST":
        data: QueryDict | None = request.POST
    else:
        data = take_stash(request)
        restored = data is not None
    wants_complete = data is not None and LATER not in data and ADD not in data
    form = form_class(
        data,
        application=application,
        complete=wants_complete,
        initial=section_initial(application, section),
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = _save_section(request, application, section, form)
        except DomainError as err:
            add_domain_error(form, err)
            application = application_in_full(application)
        else:
            return response
    elif restored:
        messages.info(
            request, "We kept the answers you entered before you were signed out. Check them and save."
        )
    here = problems_by_section(application_problems(application)).get(section, [])
    return render(
        request,
        f"grants/applicant/section_{section}.html",
        {
            "application": application,
            "section": section,
            "section_title": SECTION_TITLES[section],
            "form": form,
            "section_blocking": [problem for problem in here if problem.blocking],
            "section_warnings": [problem for problem in here if not problem.blocking],
            **_section_context(application, section),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _save_section(
    request: AuthenticatedRequest, application: Application, section: str, form: Any
) -> HttpResponse:
    later = LATER in request.POST
    if section == "budget":
        line = form.line()
        if line is not None:
            services.budget_line_add(
                by=request.user, application=application, description=line[0], amount=line[1]
            )
        if ADD in request.POST:
            messages.success(request, f"Added '{line[0] if line else ''}' to the budget")
            return redirect("apply:section", pk=application.pk, section="budget")
    services.application_section_save(
        by=request.user, application=application, section=section, data=form.answers(), complete=not later
    )
    if later:
        messages.success(
            request,
            f"Your answers to '{SECTION_TITLES[section]}' have been saved. You can come back to this "
            "application at any time before the scheme closes.",
        )
        return redirect("apply:list")
    return redirect("apply:task-list", pk=application.pk)


@applicant_required
@require_POST
def budget_line_remove(request: AuthenticatedRequest, pk: int, line_pk: int) -> HttpResponse:
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    try:
        services.budget_line_remove(by=request.user, application=application, line_pk=line_pk)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "The cost was removed from the budget")
    return redirect("apply:section", pk=application.pk, section="budget")


@applicant_required
@require_POST
def document_reuse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Send one of the organisation's current due-diligence documents with the application."""
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    reusable = {str(item.pk): item for item in current_due_diligence(application.organisation).values()}
    item = reusable.get(request.POST.get("item", ""))
    if item is None:
        messages.error(request, "Select one of your organisation's current documents")
    else:
        try:
            documents.application_document_reuse(by=request.user, application=application, item=item)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, f"Added your {item.get_kind_display().lower()} to this application")
    return redirect("apply:section", pk=application.pk, section="documents")


@applicant_required
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload a new document (checked by its content) to the application."""
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = documents.application_document_add(
                by=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["upload"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Added {document.original_name} to this application")
            return redirect("apply:section", pk=application.pk, section="documents")
    return render(
        request,
        "grants/applicant/document_add.html",
        {"application": application, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@applicant_required
@require_POST
def document_remove(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    document = document_of(application, document_pk)
    if document is not None:
        try:
            documents.application_document_remove(by=request.user, document=document)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "The document was removed from this application")
    return redirect("apply:section", pk=application.pk, section="documents")


def _check_answers_context(application: Application) -> dict[str, Any]:
    application = application_in_full(application)
    context = _problem_context(application)
    sections = [
        {
            "key": key,
            "title": title,
            "rows": answer_rows(application, key),
            "completed": key in application.completed_sections,
        }
        for key, title in SECTIONS
    ]
    return {
        "application": application,
        "sections": sections,
        "not_completed": services.sections_not_completed(application),
        "section_titles": SECTION_TITLES,
        **context,
    }


@applicant_required
def check_answers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    return render(request, "grants/applicant/check_answers.html", _check_answers_context(application))


@applicant_required
@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = draft_for(request.user, pk)
    if application is None:
        return redirect("apply:application", pk=pk)
    link = request.build_absolute_uri(reverse("apply:application", args=[application.pk]))
    try:
        services.application_submit(by=request.user, application=application, link=link)
    except DomainError as err:
        context = _check_answers_context(application)
        context["submit_error"] = err.message
        return render(request, "grants/applicant/check_answers.html", context, status=400)
    return redirect("apply:confirmation", pk=application.pk)


@applicant_required
def confirmation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = applicant_application_for(request.user, pk)
    if is_draft(application):
        return redirect("apply:task-list", pk=application.pk)
    return render(request, "grants/applicant/confirmation.html", {"application": application})


def _offer_url(application: Application, decision: Any) -> str:
    if decision is None or decision.agreement_id is None:
        return ""
    try:
        return reverse("my-agreements:offer", args=[decision.agreement_id])
    except NoReverseMatch:
        return ""


@applicant_required
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = applicant_application_for(request.user, pk)
    if is_draft(application):
        return redirect("apply:task-list", pk=application.pk)
    decision = decision_of(application)
    context = _check_answers_context(application)
    context.update(
        {
            "decision": decision,
            "offer_url": _offer_url(application, decision),
            "may_withdraw": may_move(application, request.user, ApplicationStatus.WITHDRAWN),
        }
    )
    return render(request, "grants/applicant/application_detail.html", context)


@applicant_required
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = applicant_application_for(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.application_withdraw(by=request.user, application=application)
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, "Your application has been withdrawn")
            return redirect("apply:list")
    return render(
        request,
        "grants/applicant/withdraw.html",
        {"application": application, "error": error},
        status=400 if error else 200,
    )
