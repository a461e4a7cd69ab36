"""Staff pages for reviewing returns: those waiting, one return with its answers, rating it or sending it back,
and remedial action plans tracked until their actions are done."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.selectors import history_for
from commissioning.audit.workflow import may_move
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.uploads import download_response
from commissioning.monitoring.access import reviewed_return_for
from commissioning.monitoring.forms.returns import ActionDoneForm, ChangesRequestForm, RateForm
from commissioning.monitoring.models import RemedialPlan, ReturnStatus
from commissioning.monitoring.selectors.returns import (
    answered_questions,
    remedial_plan_with_actions,
    remedial_plans_open,
    returns_awaiting_review,
)
from commissioning.monitoring.services.review import (
    remedial_action_complete,
    return_changes_request,
    return_rate,
)

LIST_LIMIT = 200


@permission_required("monitoring.view")
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/review/list.html",
        {
            "waiting": list(returns_awaiting_review()[:LIST_LIMIT]),
            "remedial_plans": list(remedial_plans_open()[:LIST_LIMIT]),
            "limit": LIST_LIMIT,
        },
    )


@permission_required("monitoring.view")
def review_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = reviewed_return_for(request.user, pk)
    return render(
        request,
        "monitoring/review/return.html",
        {
            "return": monitoring_return,
            "agreement": monitoring_return.plan.agreement,
            "answers": answered_questions(monitoring_return),
            "may_review": may_move(monitoring_return, request.user, ReturnStatus.REVIEWED),
            "history": history_for(monitoring_return),
        },
    )


@permission_required("monitoring.manage")
def return_rate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = reviewed_return_for(request.user, pk)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return_rate(
                by=request.user,
                monitoring_return=monitoring_return,
                rating=data["rating"],
                reasons=data["reasons"],
                remedial_summary=data["remedial_summary"],
                actions=data["actions"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Rating saved")
            return redirect("monitoring:return", pk=pk)
    return render(request, "monitoring/review/rate.html", {"return": monitoring_return, "form": form})


@permission_required("monitoring.manage")
def return_changes_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    monitoring_return = reviewed_return_for(request.user, pk)
    form = ChangesRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_changes_request(
                by=request.user, monitoring_return=monitoring_return, message=form.cleaned_data["message"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The return has been sent back to the provider")
            return redirect("monitoring:return", pk=pk)
    return render(request, "monitoring/review/changes.html", {"return": monitoring_return, "form": form})


@permission_required("monitoring.view")
def remedial_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = remedial_plan_with_actions(pk)
    if plan is None:
        raise Http404("No remedial plan found")
    return render(
        request,
        "monitoring/review/remedial_plan.html",
        {
            "plan": plan,
            "may_update": may_move(plan, request.user, RemedialPlan.Status.CLOSED),
            "history": history_for(plan),
        },
    )


@permission_required("monitoring.manage")
def remedial_action_done(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = remedial_plan_with_actions(pk)
    action = next((a for a in plan.actions.all() if a.pk == action_pk), None) if plan else None
    if plan is None or action is None:
        raise Http404("No remedial action found")
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            remedial_action_complete(by=request.user, action=action, done_on=form.cleaned_data["done_on"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Action recorded as done")
            return redirect("monitoring:remedial-plan", pk=pk)
    return render(
        request, "monitoring/review/action_done.html", {"plan": plan, "action": action, "form": form}
    )


@permission_required("monitoring.view")
def evidence_download(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    monitoring_return = reviewed_return_for(request.user, pk)
    evidence = next((e for e in monitoring_return.evidence.all() if e.pk == evidence_pk), None)
    if evidence is None:
        raise Http404("No evidence found")
    # A streamed FileResponse; permission_required types the views it wraps as returning HttpResponse.
    return download_response(  # type: ignore[return-value]
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
