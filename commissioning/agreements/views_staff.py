"""Staff pages for agreements: the list, an agreement's page, recording a payment, withdrawing, varying."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import roles_required
from commissioning.accounts.roles import Role
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.money import pounds
from commissioning.core.paging import CappedPaginator
from commissioning.finance.selectors import funds_visible_to

from .access import MANAGE_ROLES, STAFF_READ_ROLES, agreement_for, agreements_visible_to, may_manage_agreement
from .forms import AgreementFilterForm, InstalmentPayForm, VariationForm, WithdrawForm
from .models import AGREEMENT_TRANSITIONS, AgreementStatus, Instalment
from .selectors import agreement_detail, agreement_list_keys, agreement_list_rows, agreement_search
from .services import PAY_ROLES, instalment_pay, may_record_payments, offer_withdraw, variation_make

PER_PAGE = 25
SEARCH_COUNT_CAP = 100


@roles_required(*STAFF_READ_ROLES)
def agreement_list(request: HttpRequest) -> HttpResponse:
    funds = funds_visible_to(request.user)
    form = AgreementFilterForm(request.GET or None, funds=funds)
    filters = form.cleaned_data if form.is_valid() else {}
    # The selects' options, read once (a model choice field would count the funds, then read them again).
    selects = [
        (form["mechanism"], form.fields["mechanism"].choices),  # type: ignore[attr-defined]
        (form["status"], form.fields["status"].choices),  # type: ignore[attr-defined]
        (form["fund"], [("", "All funds"), *((fund.pk, fund.name) for fund in funds)]),
    ]
    agreements = agreement_search(
        agreements_visible_to(request.user),
        mechanism=filters.get("mechanism", ""),
        status=filters.get("status", ""),
        fund=filters.get("fund"),
        query=filters.get("query", ""),
    )
    # A text search reads every row it counts: count its matches only as far as a few pages.
    cap = SEARCH_COUNT_CAP if filters.get("query", "").strip() else None
    paginator = CappedPaginator(agreement_list_keys(agreements), PER_PAGE, cap=cap, load=agreement_list_rows)
    page = paginator.get_page(request.GET.get("page"))
    filter_query = urlencode(
        [(key, value) for key, value in request.GET.items() if key != "page" and value], doseq=False
    )
    return render(
        request,
        "agreements/staff/list.html",
        {
            "form": form,
            "selects": selects,
            "page": page,
            "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "filter_query": filter_query,
            "filtered": any(filters.values()) if filters else bool(form.errors),
        },
    )


@roles_required(*STAFF_READ_ROLES)
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk, for_page=True)
    manage = may_manage_agreement(request.user, agreement)
    detail = agreement_detail(agreement)
    return render(
        request,
        "agreements/staff/detail.html",
        {
            "detail": detail,
            "agreement": agreement,
            "history": detail.history,
            "may_pay": may_record_payments(request.user)
            and agreement.status in (AgreementStatus.ACTIVE, AgreementStatus.ENDED),
            "may_withdraw": manage and AgreementStatus.WITHDRAWN in AGREEMENT_TRANSITIONS[agreement.status],
            "may_vary": manage
            and agreement.status in (AgreementStatus.DRAFT, AgreementStatus.OFFERED, AgreementStatus.ACTIVE),
        },
    )


@roles_required(*PAY_ROLES)
def instalment_pay_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    instalment = (
        Instalment.objects.filter(agreement=agreement, number=number)
        .select_related("payment", "commitment__allocation__financial_year")
        .first()
    )
    if instalment is None:
        raise Http404("No instalment found")
    form = InstalmentPayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instalment_pay(by=request.user, instalment=instalment, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                f"Recorded the payment of {pounds(instalment.amount)} for instalment {instalment.number}",
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/staff/instalment_pay.html",
        {"agreement": agreement, "instalment": instalment, "form": form},
    )


def _managed(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    agreement = agreement_for(request.user, pk)
    if not may_manage_agreement(request.user, agreement):
        raise PermissionDenied("You cannot change this agreement.")
    return agreement


@roles_required(*MANAGE_ROLES, Role.PARTNER_ADMINISTRATOR)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _managed(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer_withdraw(by=request.user, agreement=agreement, reason=form.cleaned_data["reason"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{agreement.reference} has been withdrawn and its money released")
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/staff/withdraw.html", {"agreement": agreement, "form": form})


@roles_required(*MANAGE_ROLES, Role.PARTNER_ADMINISTRATOR)
def vary(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _managed(request, pk)
    form = VariationForm(
        request.POST or None,
        initial={"ends_on": agreement.ends_on, "value": agreement.value, "conditions": agreement.conditions},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            variation_make(
                by=request.user,
                agreement=agreement,
                reason=data["reason"],
                ends_on=data["ends_on"],
                conditions=data["conditions"],
                value=data["value"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"The variation to {agreement.reference} has been made")
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/staff/vary.html", {"agreement": agreement, "form": form})
