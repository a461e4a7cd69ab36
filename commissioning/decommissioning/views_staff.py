"""Staff pages for decommissioning: the list (by status and reason), starting a proposal from an agreement, the
proposal's page with the monitoring report it cites beside it, a page for each part, the provider's response,
and a page for each move (the decision page shows the remaining value and who may decide it)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.agreements.access import agreement_for
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.uploads import download_response

from .access import decommissioning_for, decommissioning_moves, may_write
from .forms import PART_FORMS, PART_TITLES, DecideForm, FilterForm, MoveForm, ReasonForm, ResponseForm
from .models import Decommissioning, DecommissioningStatus
from .selectors import decommissioning_page, decommissioning_search, remaining_value, who_may_decide
from .services import (
    PARTS,
    decommissioning_decide,
    decommissioning_propose,
    decommissioning_refuse,
    decommissioning_response_record,
    decommissioning_start,
    decommissioning_update,
    decommissioning_withdraw,
)

PER_PAGE = 25
S = DecommissioningStatus
# Each move's page: its heading, its button and whether it needs a reason typed.
MOVE_PAGES = {
    S.PROPOSED: ("Propose for decision", "Propose for decision", False),
    S.WITHDRAWN: ("Withdraw the proposal", "Withdraw the proposal", True),
    S.REFUSED: ("Refuse the proposal", "Refuse the proposal", True),
    S.DECIDED: ("Decide the proposal", "Decide and publish the decision", False),
}


@permission_required("staff.pages")
@permission_required("decommissioning.view")
def decommissioning_list(request: AuthenticatedRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = decommissioning_search(
        status=filters.get("status", ""), reason=filters.get("reason", ""), agreement=filters.get("agreement")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    filter_query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    return render(
        request,
        "decommissioning/staff/list.html",
        {
            "form": form,
            "page": page,
            "filter_query": filter_query,
            "selects": [
                (form["status"], form.fields["status"].choices),  # type: ignore[attr-defined]
                (form["reason"], form.fields["reason"].choices),  # type: ignore[attr-defined]
            ],
            "filtered": any(filters.values()) if filters else bool(form.errors),
        },
    )


@permission_required("decommissioning.propose")
def start(request: AuthenticatedRequest, agreement_pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, agreement_pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = decommissioning_start(by=request.user, agreement=agreement, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Decommissioning {d.reference} has been started as a draft")
            return redirect("decommissioning:detail", pk=d.pk)
    return render(request, "decommissioning/staff/start.html", {"agreement": agreement, "form": form})


@permission_required("staff.pages")
@permission_required("decommissioning.view")
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    d = decommissioning_for(request.user, pk)
    return render(
        request,
        "decommissioning/staff/detail.html",
        {
            "d": d,
            "page": decommissioning_page(d),
            "moves": decommissioning_moves(request.user, d),
            "may_write": may_write(request.user, d),
            "parts": PART_TITLES,
        },
    )


@permission_required("decommissioning.propose")
def part(request: AuthenticatedRequest, pk: int, part: str) -> HttpResponse:
    if part not in PARTS:
        raise Http404("No such part")
    d = decommissioning_for(request.user, pk)
    if not may_write(request.user, d):
        raise Http404("This decommissioning can no longer be changed")
    initial = {name: getattr(d, name) for name in PARTS[part] if name != "equality_document"}
    form = PART_FORMS[part](request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decommissioning_update(by=request.user, decommissioning=d, part=part, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{PART_TITLES[part]} saved")
            return redirect("decommissioning:detail", pk=d.pk)
    return render(
        request, "decommissioning/staff/part.html", {"d": d, "form": form, "title": PART_TITLES[part]}
    )


def response_form(request: AuthenticatedRequest, d: Decommissioning) -> tuple[ResponseForm, bool]:
    """The provider's response form, and whether a posted response was recorded (staff or the provider)."""
    form = ResponseForm(request.POST or None, initial={"response": d.provider_response})
    if request.method == "POST" and form.is_valid():
        try:
            decommissioning_response_record(
                by=request.user,
                decommissioning=d,
                response=form.cleaned_data["response"],
                responded_on=form.cleaned_data.get("responded_on"),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return form, True
    return form, False


@permission_required("decommissioning.propose")
def response(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    d = decommissioning_for(request.user, pk)
    if not may_write(request.user, d):
        raise Http404("This decommissioning can no longer be changed")
    form, saved = response_form(request, d)
    if saved:
        messages.success(request, "The provider's response has been recorded")
        return redirect("decommissioning:detail", pk=d.pk)
    return render(
        request, "decommissioning/staff/part.html", {"d": d, "form": form, "title": "The provider's response"}
    )


@permission_required("staff.pages")
@permission_required("decommissioning.view")
def move(request: AuthenticatedRequest, pk: int, to: str) -> HttpResponse:
    if to not in MOVE_PAGES:
        raise Http404("No such move")
    d = decommissioning_for(request.user, pk)
    option = next((m for m in decommissioning_moves(request.user, d) if m.to == to), None)
    if option is None:
        raise Http404("This move is not open to you")
    title, button, needs_reason = MOVE_PAGES[S(to)]
    form_class = DecideForm if to == S.DECIDED else MoveForm
    form = form_class(request.POST or None, submit_label=button, required=needs_reason)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if to == S.PROPOSED:
                decommissioning_propose(by=request.user, decommissioning=d, reason=data["reason"])
            elif to == S.WITHDRAWN:
                decommissioning_withdraw(by=request.user, decommissioning=d, reason=data["reason"])
            elif to == S.REFUSED:
                decommissioning_refuse(by=request.user, decommissioning=d, reason=data["reason"])
            else:
                decommissioning_decide(
                    by=request.user,
                    decommissioning=d,
                    reason=data["reason"],
                    confidentiality=data["confidentiality"],
                    exemption=data["exemption"],
                    exempt_part=data["exempt_part"],
                )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Decommissioning {d.reference}: {title.lower()} done")
            return redirect("decommissioning:detail", pk=d.pk)
    remaining = remaining_value(d.agreement_id)
    return render(
        request,
        "decommissioning/staff/move.html",
        {
            "d": d,
            "form": form,
            "title": title,
            "option": option,
            "deciding": to == S.DECIDED,
            "remaining": remaining,
            "who": who_may_decide(request.user, remaining) if to == S.DECIDED else None,
        },
    )


@require_GET
@login_required
def equality_document(request: AuthenticatedRequest, pk: int) -> FileResponse:
    d = decommissioning_for(request.user, pk)  # refused unless the person may see proposals
    if not d.equality_document:
        raise Http404("No equality impact assessment document")
    return download_response(
        d.equality_document, filename=d.equality_document_name, content_type=d.equality_document_type
    )
