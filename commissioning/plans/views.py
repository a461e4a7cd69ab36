"""Staff pages for the plan, its priorities and objectives, and the commissioning principles."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.audit.selectors import history_for
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from . import services
from .access import can_edit_plans, objective_for, plan_for, principle_for, priority_for
from .forms import ObjectiveForm, PlanForm, PrincipleForm, PriorityForm
from .models import Objective, Plan, Priority
from .selectors import (
    current_plan,
    next_objective_number,
    next_principle_number,
    next_priority_number,
    plans_list,
    principles,
)


def _plan_page(request: AuthenticatedRequest, plan: Plan | None, *, is_current_page: bool) -> HttpResponse:
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "is_current_page": is_current_page,
            "can_edit": can_edit_plans(request.user),
            "history": history_for(plan)[:20] if plan else [],
        },
    )


@permission_required("plan.view")
def plan_current(request: AuthenticatedRequest) -> HttpResponse:
    return _plan_page(request, current_plan(), is_current_page=True)


@permission_required("plan.view")
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _plan_page(request, plan_for(request.user, pk), is_current_page=False)


@permission_required("plan.view")
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "plans/plan_list.html", {"plans": plans_list(), "can_edit": can_edit_plans(request.user)}
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Any,
    heading: str,
    caption: str,
    back_url: str,
    done_url: Any,
    done_message: str,
) -> HttpResponse:
    """The shared create-or-change page: validate, hand the object to its service, show refusals in the summary."""
    if request.method == "POST" and form.is_valid():
        try:
            instance = save(form.save(commit=False))
        except (DomainError, ValidationError) as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done_message)
            return redirect(done_url(instance))
    return render(
        request,
        "plans/form.html",
        {"form": form, "heading": heading, "caption": caption, "back_url": back_url},
    )


@permission_required("plan.manage")
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    return _form_page(
        request,
        PlanForm(request.POST or None),
        save=lambda plan: services.plan_save(by=request.user, plan=plan),
        heading="Add a plan",
        caption="Plans",
        back_url=reverse("plans:plan-list"),
        done_url=lambda plan: reverse("plans:plan-detail", args=[plan.pk]),
        done_message="The plan was added. Add its priorities, then make it the current plan.",
    )


@permission_required("plan.manage")
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk, edit=True)
    return _form_page(
        request,
        PlanForm(request.POST or None, instance=plan),
        save=lambda plan: services.plan_save(by=request.user, plan=plan),
        heading="Change the plan",
        caption=plan.title,
        back_url=reverse("plans:plan-detail", args=[plan.pk]),
        done_url=lambda plan: reverse("plans:plan-detail", args=[plan.pk]),
        done_message="The plan was saved.",
    )


@require_POST
@permission_required("plan.manage")
def plan_make_current(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk, edit=True)
    try:
        services.plan_make_current(by=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{plan.title} is now the current plan.")
    return redirect("plans:plan-detail", pk=plan.pk)


@permission_required("plan.manage")
def priority_create(request: AuthenticatedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for(request.user, plan_pk, edit=True)
    form = PriorityForm(
        request.POST or None, instance=Priority(plan=plan), initial={"number": next_priority_number(plan)}
    )
    return _form_page(
        request,
        form,
        save=lambda priority: services.priority_save(by=request.user, priority=priority),
        heading="Add a priority",
        caption=plan.title,
        back_url=reverse("plans:plan-detail", args=[plan.pk]),
        done_url=lambda priority: reverse("plans:plan-detail", args=[plan.pk]),
        done_message="The priority was added.",
    )


@permission_required("plan.manage")
def priority_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    priority = priority_for(request.user, pk, edit=True)
    return _form_page(
        request,
        PriorityForm(request.POST or None, instance=priority),
        save=lambda priority: services.priority_save(by=request.user, priority=priority),
        heading="Change a priority",
        caption=priority.plan.title,
        back_url=reverse("plans:plan-detail", args=[priority.plan_id]),
        done_url=lambda priority: reverse("plans:plan-detail", args=[priority.plan_id]),
        done_message="The priority was saved.",
    )


@permission_required("plan.manage")
def objective_create(request: AuthenticatedRequest, priority_pk: int) -> HttpResponse:
    priority = priority_for(request.user, priority_pk, edit=True)
    form = ObjectiveForm(
        request.POST or None,
        instance=Objective(priority=priority),
        initial={"number": next_objective_number(priority)},
    )
    return _form_page(
        request,
        form,
        save=lambda objective: services.objective_save(by=request.user, objective=objective),
        heading="Add an objective",
        caption=str(priority),
        back_url=reverse("plans:plan-detail", args=[priority.plan_id]),
        done_url=lambda objective: reverse("plans:plan-detail", args=[priority.plan_id]),
        done_message="The objective was added.",
    )


@permission_required("plan.manage")
def objective_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = objective_for(request.user, pk, edit=True)
    return _form_page(
        request,
        ObjectiveForm(request.POST or None, instance=objective),
        save=lambda objective: services.objective_save(by=request.user, objective=objective),
        heading="Change an objective",
        caption=str(objective.priority),
        back_url=reverse("plans:plan-detail", args=[objective.priority.plan_id]),
        done_url=lambda objective: reverse("plans:plan-detail", args=[objective.priority.plan_id]),
        done_message="The objective was saved.",
    )


@permission_required("plan.manage")
def objective_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = objective_for(request.user, pk, edit=True)
    plan_pk = objective.priority.plan_id
    if request.method == "POST":
        services.objective_remove(by=request.user, objective=objective)
        messages.success(request, "The objective was removed.")
        return redirect("plans:plan-detail", pk=plan_pk)
    return render(request, "plans/objective_remove.html", {"objective": objective})


@permission_required("plan.view")
def principle_list(request: AuthenticatedRequest) -> HttpResponse:
    can_edit = can_edit_plans(request.user)
    return render(
        request,
        "plans/principle_list.html",
        {"principles": principles(include_retired=can_edit), "can_edit": can_edit},
    )


@permission_required("plan.manage")
def principle_create(request: AuthenticatedRequest) -> HttpResponse:
    return _form_page(
        request,
        PrincipleForm(request.POST or None, initial={"number": next_principle_number(), "is_active": True}),
        save=lambda principle: services.principle_save(by=request.user, principle=principle),
        heading="Add a commissioning principle",
        caption="Commissioning principles",
        back_url=reverse("plans:principle-list"),
        done_url=lambda principle: reverse("plans:principle-list"),
        done_message="The principle was added.",
    )


@permission_required("plan.manage")
def principle_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principle = principle_for(request.user, pk, edit=True)
    return _form_page(
        request,
        PrincipleForm(request.POST or None, instance=principle),
        save=lambda principle: services.principle_save(by=request.user, principle=principle),
        heading="Change a commissioning principle",
        caption="Commissioning principles",
        back_url=reverse("plans:principle-list"),
        done_url=lambda principle: reverse("plans:principle-list"),
        done_message="The principle was saved.",
    )
