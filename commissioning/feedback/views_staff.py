"""Moderating feedback (namespace `feedback-staff`): the queue of feedback waiting, and approving (with themes) or
rejecting (with a reason) each one. Only moderators: feedback holds the public's contact details."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.agreements.access import agreement_for
from commissioning.audit.selectors import history_for
from commissioning.audit.workflow import allowed_moves
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from .access import feedback_for, theme_for
from .forms import APPROVE, ModerationForm, ThemeForm
from .selectors import approved_feedback, feedback_summary, moderation_queue, themes_with_use
from .services import feedback_approve, feedback_reject, theme_save

FEEDBACK_PER_PAGE = 25


@permission_required("feedback.moderate")
def queue(request: AuthenticatedRequest) -> HttpResponse:
    paginator = Paginator(moderation_queue(), FEEDBACK_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "feedback/staff/queue.html", {"page": page})


@permission_required("feedback.moderate")
def moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    feedback = feedback_for(request.user, pk)
    moderable = any(move.allowed for move in allowed_moves(feedback, request.user))
    form = (
        (ModerationForm(request.POST) if request.method == "POST" else ModerationForm())
        if moderable
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == APPROVE:
                feedback_approve(by=request.user, feedback=feedback, themes=data["themes"])
                messages.success(request, "Feedback approved: it now counts in the service's monitoring")
            else:
                feedback_reject(by=request.user, feedback=feedback, reason=data["reason"])
                messages.success(request, "Feedback rejected")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("feedback-staff:queue")
    return render(
        request,
        "feedback/staff/moderate.html",
        {"feedback": feedback, "form": form, "history": history_for(feedback)},
    )


@permission_required("feedback.view")
def service_feedback(request: AuthenticatedRequest, agreement_pk: int) -> HttpResponse:
    """What the public said about one service: counts by theme and the approved feedback, for monitoring."""
    agreement = agreement_for(request.user, agreement_pk)
    paginator = Paginator(approved_feedback(agreement), FEEDBACK_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/staff/service.html",
        {"agreement": agreement, "summary": feedback_summary(agreement), "page": page},
    )


@permission_required("feedback.moderate")
def themes(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "feedback/staff/themes.html", {"themes": themes_with_use()})


@permission_required("feedback.moderate")
def theme_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Add a theme (no `pk`) or change one."""
    theme = theme_for(request.user, pk) if pk is not None else None
    initial = (
        {"name": theme.name, "description": theme.description, "is_active": theme.is_active}
        if theme
        else None
    )
    form = ThemeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = theme_save(by=request.user, theme=theme, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"Saved the theme {saved.name}" if theme else f"Added the theme {saved.name}"
            )
            return redirect("feedback-staff:themes")
    return render(request, "feedback/staff/theme_form.html", {"theme": theme, "form": form})
