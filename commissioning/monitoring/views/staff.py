"""Staff monitoring pages: returns overdue and due soon, an agreement's monitoring plan and its performance,
adjusting the plan."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.selectors import history_for
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator
from commissioning.monitoring.access import may_adjust_plans, monitored_agreement_for
from commissioning.monitoring.forms.plans import PlanAdjustForm
from commissioning.monitoring.selectors.performance import agreement_performance
from commissioning.monitoring.selectors.schedule import (
    DUE_SOON_DAYS,
    SCHEDULE_TAGS,
    plan_of_agreement,
    returns_due_soon,
    returns_for_list,
    returns_overdue,
    schedule_status,
)
from commissioning.monitoring.services.plans import monitoring_plan_adjust

PER_PAGE = 25  # as every staff list
LISTS = {"overdue": "Overdue", "due-soon": f"Due in the next {DUE_SOON_DAYS} days"}


@permission_required("monitoring.view")
def overdue(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    asked = request.GET.get("show", "")
    showing = asked if asked in LISTS else "overdue"
    rows = returns_overdue(on=today) if showing == "overdue" else returns_due_soon(on=today)
    paginator = CappedPaginator(
        rows.values_list("id", flat=True), PER_PAGE, load=lambda ids: returns_for_list(ids, on=today)
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/staff/overdue.html",
        {
            "page": page,
            "showing": showing,
            "lists": LISTS,
            "heading": LISTS[showing],
            "today": today,
        },
    )


@permission_required("monitoring.view")
def plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = monitored_agreement_for(request.user, pk)
    monitoring_plan = plan_of_agreement(agreement)
    today = timezone.localdate()
    schedule = []
    if monitoring_plan is not None:
        for r in monitoring_plan.returns.all():
            label, tag = SCHEDULE_TAGS[schedule_status(r, on=today)]
            schedule.append((r, label, tag))
    return render(
        request,
        "monitoring/staff/plan.html",
        {
            "agreement": agreement,
            "plan": monitoring_plan,
            "schedule": schedule,
            "may_adjust": monitoring_plan is not None and may_adjust_plans(request.user),
            "history": history_for(monitoring_plan) if monitoring_plan is not None else [],
        },
    )


@permission_required("monitoring.view")
def performance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = monitored_agreement_for(request.user, pk, for_performance_page=True)
    return render(
        request,
        "monitoring/staff/performance.html",
        {"agreement": agreement, "performance": agreement_performance(agreement, on=timezone.localdate())},
    )


@permission_required("monitoring.manage")
def plan_adjust(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = monitored_agreement_for(request.user, pk)
    monitoring_plan = plan_of_agreement(agreement)
    if monitoring_plan is None:
        messages.error(
            request, "This agreement has no monitoring plan yet: it is made when the agreement starts"
        )
        return redirect("monitoring:plan", pk=agreement.pk)
    form = PlanAdjustForm(request.POST or None, plan=monitoring_plan)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring_plan_adjust(by=request.user, plan=monitoring_plan, **form.changes())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Monitoring plan changed")
            return redirect("monitoring:plan", pk=agreement.pk)
    return render(
        request,
        "monitoring/staff/plan_adjust.html",
        {"agreement": agreement, "plan": monitoring_plan, "form": form},
    )
