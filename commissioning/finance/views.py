"""Staff pages for money: funds with their budget position, a fund's rules and allocations, changing one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date
from commissioning.core.forms import add_domain_error

from . import years
from .access import fund_for, may_change_allocations, may_change_purposes, purpose_for
from .forms import AllocationForm, FundPurposeForm, FundRulesForm
from .models import FinancialYear
from .rules import pounds, rules_in_plain_words
from .selectors import (
    NO_MONEY,
    allocation_of,
    allocation_position,
    budget_positions,
    commitments_for,
    current_start_year,
    financial_year_choices,
    fund_history,
    fund_purposes,
    fund_years,
    funds_visible_to,
    position_of,
    rules_in_time,
    with_ring_fences,
)
from .services import allocation_set, fund_purpose_save, fund_rules_add

COMMITMENTS_PER_PAGE = 25  # as every staff list


@permission_required("fund.view")
def fund_list(request: AuthenticatedRequest) -> HttpResponse:
    start_year = years.start_year_from_slug(request.GET.get("year", "")) or current_start_year()
    year = FinancialYear(start_year=start_year)
    funds = list(funds_visible_to(request.user))
    positions = budget_positions(year, funds=funds)
    rows = [(fund, positions.get(fund.pk, NO_MONEY)) for fund in funds]
    total = sum((position for _, position in rows), NO_MONEY)
    return render(
        request,
        "finance/fund_list.html",
        {"year": year, "years": financial_year_choices(), "rows": rows, "total": total},
    )


@permission_required("fund.view")
def fund_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    fund = fund_for(request.user, pk)
    rules = rules_in_time(fund)
    with_ring_fences(rules.every)
    year_rows = fund_years(fund)
    allocations = [row.allocation for row in year_rows if row.allocation is not None]
    purposes = fund_purposes(fund)
    ring_fence = {purpose.pk for purpose in rules.current.ring_fence} if rules.current else set()
    return render(
        request,
        "finance/fund_detail.html",
        {
            "fund": fund,
            "rules": rules.current,
            "rules_words": rules_in_plain_words(rules.current) if rules.current else [],
            "later_rules": [(row, rules_in_plain_words(row)) for row in rules.later],
            "year_rows": year_rows,
            "may_change": may_change_allocations(request.user, fund),
            "purposes": [(purpose, purpose.pk in ring_fence) for purpose in purposes],
            "ring_fenced": bool(ring_fence),
            "may_change_purposes": may_change_purposes(request.user, fund),
            "history": fund_history(fund, allocations=allocations, rules=rules.every, purposes=purposes),
        },
    )


@permission_required("fund.allocate")
def allocation_edit(request: AuthenticatedRequest, pk: int, start_year: int) -> HttpResponse:
    fund = fund_for(request.user, pk)
    year = FinancialYear(start_year=start_year)
    allocation = allocation_of(fund, year)
    position = allocation_position(allocation) if allocation else NO_MONEY
    form = AllocationForm(
        request.POST or None,
        year_label=year.label,
        initial={"amount": allocation.amount if allocation else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation_set(by=request.user, fund=fund, year=year, amount=form.cleaned_data["amount"])
        except DomainError as err:
            form.add_error(err.field or "amount", err.message)
        else:
            messages.success(
                request,
                f"The allocation for {fund.name} in {year.label} is now {pounds(form.cleaned_data['amount'])}",
            )
            return redirect("finance:fund-detail", pk=fund.pk)
    return render(
        request,
        "finance/allocation_edit.html",
        {"fund": fund, "year": year, "allocation": allocation, "position": position, "form": form},
    )


@permission_required("fund.view")
def commitment_list(request: AuthenticatedRequest, pk: int, start_year: int) -> HttpResponse:
    fund = fund_for(request.user, pk)
    year = FinancialYear(start_year=start_year)
    allocation = allocation_of(fund, year)
    commitments = commitments_for(allocation)
    page = Paginator(commitments, COMMITMENTS_PER_PAGE).get_page(request.GET.get("page"))
    position = position_of(allocation) if allocation else NO_MONEY
    return render(
        request,
        "finance/commitment_list.html",
        {"fund": fund, "year": year, "page": page, "position": position},
    )


@permission_required("fund.allocate")
def rules_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    fund = fund_for(request.user, pk)
    current = rules_in_time(fund).current
    if current is not None:
        with_ring_fences([current])
    form = FundRulesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            rules = fund_rules_add(by=request.user, fund=fund, **form.rules())  # type: ignore[arg-type]
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"Added the rules of {fund.name} from {govuk_date(rules.effective_from)}"
            )
            return redirect("finance:fund-detail", pk=fund.pk)
    return render(
        request,
        "finance/rules_add.html",
        {"fund": fund, "form": form, "current_words": rules_in_plain_words(current) if current else []},
    )


@permission_required("fund.purposes")
def purpose_edit(request: AuthenticatedRequest, pk: int, purpose_pk: int | None = None) -> HttpResponse:
    """Add a purpose to the fund's list, or change one's words."""
    fund = fund_for(request.user, pk)
    purpose = purpose_for(fund, purpose_pk) if purpose_pk is not None else None
    initial = {"name": purpose.name, "description": purpose.description} if purpose else None
    form = FundPurposeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = fund_purpose_save(by=request.user, fund=fund, purpose=purpose, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Saved the purpose {saved.name} of {fund.name}")
            return redirect("finance:fund-detail", pk=fund.pk)
    return render(request, "finance/purpose_edit.html", {"fund": fund, "purpose": purpose, "form": form})
