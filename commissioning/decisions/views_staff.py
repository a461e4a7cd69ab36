"""Staff pages for decision records: the list, a record with its history, drafting, approving and publishing."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.paging import CappedPaginator

from .access import decision_for, decision_moves, may_draft, may_edit
from .forms import ApproveForm, DecisionFilterForm, DecisionForm, PublishForm, ReturnForm
from .models import DRAFT_FIELDS, DecisionRecord, DecisionStatus
from .selectors import (
    decision_detail,
    decision_list_keys,
    decision_list_rows,
    decision_search,
    decision_years,
)
from .services import decision_approve, decision_create, decision_publish, decision_return, decision_update

PER_PAGE = 25
SEARCH_COUNT_CAP = 100
# The page that makes each move of a record (it asks for the date of the decision, or a confirmation).
MOVE_PAGES: dict[str, str] = {
    DecisionStatus.APPROVED: "decisions:approve",
    DecisionStatus.PUBLISHED: "decisions:publish",
    DecisionStatus.RETURNED: "decisions:return",
}


@permission_required("decision.view")
def decision_list(request: AuthenticatedRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None, year_choices=decision_years())
    filters = form.cleaned_data if form.is_valid() else {}
    records = decision_search(
        status=filters.get("status", ""),
        year=filters.get("year"),
        confidentiality=filters.get("confidentiality", ""),
        query=filters.get("query", ""),
    )
    cap = SEARCH_COUNT_CAP if filters.get("query", "").strip() else None
    paginator = CappedPaginator(decision_list_keys(records), PER_PAGE, cap=cap, load=decision_list_rows)
    page = paginator.get_page(request.GET.get("page"))
    selects = [(form[name], form.fields[name].choices) for name in ("status", "year", "confidentiality")]  # type: ignore[attr-defined]
    return render(
        request,
        "decisions/staff/list.html",
        {
            "form": form,
            "selects": selects,
            "page": page,
            "filtered": any(value not in ("", None) for value in filters.values()) or bool(form.errors),
            "may_draft": may_draft(request.user),
        },
    )


@permission_required("decision.view")
def decision_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = decision_for(request.user, pk)
    detail = decision_detail(record)
    return render(
        request,
        "decisions/staff/detail.html",
        {
            "record": record,
            "source": detail.source,
            "returned_because": detail.returned_because,
            "history": detail.history,
            "may_edit": may_edit(request.user, record),
            "moves": [
                (move.label, reverse(MOVE_PAGES[move.to], args=[record.pk]))
                for move in decision_moves(request.user, record)
            ],
        },
    )


def _draft_values(form: DecisionForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in DRAFT_FIELDS}


@permission_required("decision.draft")
def decision_create_page(request: AuthenticatedRequest) -> HttpResponse:
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = decision_create(by=request.user, **_draft_values(form))
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Draft decision {record.reference} saved")
            return redirect("decisions:detail", pk=record.pk)
    return render(request, "decisions/staff/form.html", {"form": form, "record": None})


@permission_required("decision.draft")
def decision_edit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = decision_for(request.user, pk)
    if not may_edit(request.user, record):
        raise PermissionDenied("Only a draft decision record can be changed.")
    initial = {name: getattr(record, name) for name in DRAFT_FIELDS}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision_update(by=request.user, record=record, **_draft_values(form))
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Draft decision {record.reference} saved")
            return redirect("decisions:detail", pk=record.pk)
    return render(request, "decisions/staff/form.html", {"form": form, "record": record})


def _posted(request: AuthenticatedRequest) -> Any:
    """The posted data, even when empty: a confirmation form has no fields of its own."""
    return request.POST if request.method == "POST" else None


def _action_page(
    request: AuthenticatedRequest, record: DecisionRecord, form: Any, template: str, act: Any, done: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            act()
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, done)
            return redirect("decisions:detail", pk=record.pk)
    return render(request, template, {"form": form, "record": record})


@permission_required("decision.approve")
def decision_approve_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = decision_for(request.user, pk)
    form = ApproveForm(_posted(request), initial={"decided_on": timezone.localdate()})
    return _action_page(
        request,
        record,
        form,
        "decisions/staff/approve.html",
        lambda: decision_approve(by=request.user, record=record, decided_on=form.cleaned_data["decided_on"]),
        f"Decision {record.reference} approved",
    )


@permission_required("decision.publish")
def decision_publish_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = decision_for(request.user, pk)
    form = PublishForm(_posted(request))
    return _action_page(
        request,
        record,
        form,
        "decisions/staff/publish.html",
        lambda: decision_publish(by=request.user, record=record),
        f"Decision {record.reference} published",
    )


@permission_required("decision.approve")
def decision_return_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = decision_for(request.user, pk)
    form = ReturnForm(_posted(request))
    return _action_page(
        request,
        record,
        form,
        "decisions/staff/return.html",
        lambda: decision_return(by=request.user, record=record, reason=form.cleaned_data["reason"]),
        f"Decision {record.reference} returned without a decision",
    )
