"""Staff pages for commissioning intentions: the years, one year with its projects, starting a year, its summary,
adding, changing and removing projects while it is a draft, submitting it for decision and publishing it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.accounts.permissions import may
from commissioning.audit.workflow import allowed_moves, history
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.finance.selectors import current_start_year

from .access import intentions_for, may_change_intentions
from .forms_intentions import ConfirmForm, IntentionForm, IntentionsStartForm, IntentionsSummaryForm
from .models import CommissioningIntentions, Intention, IntentionsStatus
from .selectors.intentions import intention_item, intentions_years, years_open_to_intentions
from .selectors.needs import priority_choices
from .services.intentions import (
    intention_add,
    intention_remove,
    intention_update,
    intentions_publish,
    intentions_start,
    intentions_submit,
    intentions_update,
)

# The page that makes each move a person makes from the year's page (approval and return follow the decision).
MOVE_PAGES: dict[str, str] = {
    IntentionsStatus.AWAITING_DECISION: "intentions:submit",
    IntentionsStatus.PUBLISHED: "intentions:publish",
}


@permission_required("intentions.view")
def intentions_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "cycle/intentions/list.html",
        {"years": list(intentions_years()), "may_write": may(request.user, "intentions.write")},
    )


@permission_required("intentions.view")
def intentions_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    intentions = intentions_for(request.user, pk)
    items = list(intentions.items.all())
    moves = [move for move in allowed_moves(intentions, request.user) if move.to in MOVE_PAGES]
    return render(
        request,
        "cycle/intentions/detail.html",
        {
            "intentions": intentions,
            "items": items,
            "total": sum(item.indicative_value for item in items),
            "may_change": may_change_intentions(request.user, intentions),
            "moves": [
                (move, reverse(MOVE_PAGES[move.to], args=[intentions.pk]))
                for move in moves
                if move.allowed or may(request.user, move.action, intentions)
            ],
            "moves_made": list(history(intentions)),
        },
    )


@permission_required("intentions.write")
def intentions_start_page(request: AuthenticatedRequest) -> HttpResponse:
    form = IntentionsStartForm(
        request.POST or None, start_years=years_open_to_intentions(today_start_year=current_start_year())
    )
    if request.method == "POST" and form.is_valid():
        try:
            intentions = intentions_start(by=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"Commissioning intentions for {intentions.financial_year.label} started"
            )
            return redirect("intentions:detail", pk=intentions.pk)
    return render(request, "cycle/intentions/start.html", {"form": form})


def _changeable(request: AuthenticatedRequest, pk: int) -> CommissioningIntentions:
    intentions = intentions_for(request.user, pk)
    if not may_change_intentions(request.user, intentions):
        raise PermissionDenied("Only draft commissioning intentions can be changed.")
    return intentions


def _done(request: AuthenticatedRequest, form: Any, act: Any, message: str, pk: int) -> HttpResponse | None:
    """Run the service once the form is valid: back to the year's page, or the refusal shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act()
    except DomainError as err:
        add_domain_error(form, err)
        return None
    messages.success(request, message)
    return redirect("intentions:detail", pk=pk)


@permission_required("intentions.write")
def intentions_summary_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    intentions = _changeable(request, pk)
    form = IntentionsSummaryForm(request.POST or None, initial={"summary": intentions.summary})
    done = _done(
        request,
        form,
        lambda: intentions_update(
            by=request.user, intentions=intentions, summary=form.cleaned_data["summary"]
        ),
        "Summary saved",
        pk,
    )
    return done or render(
        request,
        "cycle/intentions/form.html",
        {"form": form, "intentions": intentions, "heading": "The summary"},
    )


def _item(intentions: CommissioningIntentions, item_pk: int) -> Intention:
    item = intention_item(intentions, item_pk)
    if item is None:
        raise Http404("No such project in these intentions")
    return item


@permission_required("intentions.write")
def intention_add_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    intentions = _changeable(request, pk)
    form = IntentionForm(request.POST or None, priorities=priority_choices(), submit_label="Add the project")
    done = _done(
        request,
        form,
        lambda: intention_add(by=request.user, intentions=intentions, **form.service_arguments()),
        "Project added",
        pk,
    )
    return done or render(
        request,
        "cycle/intentions/form.html",
        {"form": form, "intentions": intentions, "heading": "Add a project"},
    )


@permission_required("intentions.write")
def intention_edit_page(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    intentions = _changeable(request, pk)
    item = _item(intentions, item_pk)
    priority_ids = [priority.pk for priority in item.priorities.all()]
    initial = {
        "title": item.title,
        "description": item.description,
        "priorities": priority_ids,
        "indicative_value": item.indicative_value,
        "starts_on": item.starts_on,
        "mechanism": item.mechanism,
    }
    form = IntentionForm(
        request.POST or None,
        initial=initial,
        priorities=priority_choices(including=priority_ids),
        submit_label="Save the project",
    )
    done = _done(
        request,
        form,
        lambda: intention_update(by=request.user, item=item, **form.service_arguments()),
        "Project saved",
        pk,
    )
    return done or render(
        request,
        "cycle/intentions/form.html",
        {"form": form, "intentions": intentions, "heading": f"Change {item.title}"},
    )


def _posted(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


@permission_required("intentions.write")
def intention_remove_page(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    intentions = _changeable(request, pk)
    item = _item(intentions, item_pk)
    form = ConfirmForm(_posted(request), submit_label="Remove the project")
    done = _done(
        request, form, lambda: intention_remove(by=request.user, item=item), f"{item.title} removed", pk
    )
    return done or render(
        request,
        "cycle/intentions/confirm.html",
        {
            "form": form,
            "intentions": intentions,
            "heading": f"Remove {item.title}?",
            "warning": "The project is taken out of the year's intentions.",
        },
    )


@permission_required("intentions.submit")
def intentions_submit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    intentions = intentions_for(request.user, pk)
    form = ConfirmForm(_posted(request), submit_label="Submit for decision")
    done = _done(
        request,
        form,
        lambda: intentions_submit(by=request.user, intentions=intentions),
        f"Commissioning intentions for {intentions.financial_year.label} submitted for decision",
        pk,
    )
    return done or render(
        request,
        "cycle/intentions/confirm.html",
        {
            "form": form,
            "intentions": intentions,
            "heading": "Submit the intentions for decision",
            "warning": "A decision record is drafted for the decision-maker. The intentions cannot be changed "
            "unless the decision is returned.",
        },
    )


@permission_required("intentions.publish")
def intentions_publish_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    intentions = intentions_for(request.user, pk)
    form = ConfirmForm(_posted(request), submit_label="Publish the intentions")
    done = _done(
        request,
        form,
        lambda: intentions_publish(by=request.user, intentions=intentions),
        f"Commissioning intentions for {intentions.financial_year.label} published",
        pk,
    )
    return done or render(
        request,
        "cycle/intentions/confirm.html",
        {
            "form": form,
            "intentions": intentions,
            "heading": "Publish the intentions",
            "warning": "The intentions and their decision record appear on the public site, where providers "
            "look first.",
        },
    )
