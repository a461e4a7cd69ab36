"""Staff pages for the plan, its priorities and objectives, and the commissioning principles."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import roles_required, staff_required
from commissioning.accounts.roles import Role
from commissioning.audit.selectors import history_for
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from . import services
from .access import can_edit_plans, objective_for, plan_for, principle_for, priority_for
from .forms import ObjectiveForm, PlanForm, PrincipleForm, PriorityForm
from .models import Objective, Plan, Priority
from .selectors import current_plan, plans_list, principles


def _plan_page(request: HttpRequest, plan: Plan | None, *, is_current_page: bool) -> HttpResponse:
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


@staff_required
def plan_current(request: HttpRequest) -> HttpResponse:
    return _plan_page(request, current_plan(), is_current_page=True)


@staff_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, plan_for(request.user, pk), is_current_page=False)


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
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


@roles_required(Role.ADMINISTRATOR)
def plan_create(request: HttpRequest) -> HttpResponse:
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


@roles_required(Role.ADMINISTRATOR)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
@roles_required(Role.ADMINISTRATOR)
def plan_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk, edit=True)
    try:
        services.plan_make_current(by=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{plan.title} is now the current plan.")
    return redirect("plans:plan-detail", pk=plan.pk)


@roles_required(Role.ADMINISTRATOR)
def priority_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for(request.user, plan_pk, edit=True)
    next_number = max((priority.number for priority in plan.priorities.all()), default=0) + 1
    form = PriorityForm(request.POST or None, instance=Priority(plan=plan), initial={"number": next_number})
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


@roles_required(Role.ADMINISTRATOR)
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
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


@roles_required(Role.ADMINISTRATOR)
def objective_create(request: HttpRequest, priority_pk: int) -> HttpResponse:
    priority = priority_for(request.user, priority_pk, edit=True)
    next_number = (priority.objectives.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = ObjectiveForm(
        request.POST or None, instance=Objective(priority=priority), initial={"number": next_number}
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


@roles_required(Role.ADMINISTRATOR)
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
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


@roles_required(Role.ADMINISTRATOR)
def objective_remove(request: HttpRequest, pk: int) -> HttpResponse:
    objective = objective_for(request.user, pk, edit=True)
    plan_pk = objective.priority.plan_id
    if request.method == "POST":
        services.objective_remove(by=request.user, objective=objective)
        messages.success(request, "The objective was removed.")
        return redirect("plans:plan-detail", pk=plan_pk)
    return render(request, "plans/objective_remove.html", {"objective": objective})


@staff_required
def principle_list(request: HttpRequest) -> HttpResponse:
    can_edit = can_edit_plans(request.user)
    return render(
        request,
        "plans/principle_list.html",
        {"principles": principles(include_retired=can_edit), "can_edit": can_edit},
    )


@roles_required(Role.ADMINISTRATOR)
def principle_create(request: HttpRequest) -> HttpResponse:
    next_number = (principles(include_retired=True).values_list("number", flat=True).last() or 0) + 1
    return _form_page(
        request,
        PrincipleForm(request.POST or None, initial={"number": next_number, "is_active": True}),
        save=lambda principle: services.principle_save(by=request.user, principle=principle),
        heading="Add a commissioning principle",
        caption="Commissioning principles",
        back_url=reverse("plans:principle-list"),
        done_url=lambda principle: reverse("plans:principle-list"),
        done_message="The principle was added.",
    )


@roles_required(Role.ADMINISTRATOR)
def principle_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
