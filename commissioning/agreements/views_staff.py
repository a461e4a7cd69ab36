"""Staff pages for agreements: the list, an agreement's page, recording a payment, withdrawing, varying and
ending one (on time or early), how it is paid (its payment plan), and its invoices (recorded, approved or
rejected, paid)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, View, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.money import pounds
from commissioning.core.paging import CappedPaginator
from commissioning.finance.selectors import funds_visible_to

from .access import (
    agreement_actions,
    agreement_for,
    agreements_visible_to,
    instalment_for,
    invoice_for,
    invoice_moves,
    managed_agreement_for,
    may_pay_invoice,
)
from .forms import (
    AgreementFilterForm,
    EndEarlyForm,
    EndForm,
    InstalmentPayForm,
    InvoiceForm,
    InvoicePayForm,
    InvoiceRejectForm,
    PaymentPlanForm,
    VariationForm,
    WithdrawForm,
)
from .hooks import agreement_page_links
from .models import InvoiceStatus, PaymentPlanKind
from .selectors import (
    acceptance_of,
    agreement_detail,
    agreement_list_keys,
    agreement_list_rows,
    agreement_search,
    invoice_detail,
    payment_plan_of,
    payment_words,
)
from .services import (
    agreement_end,
    agreement_terminate,
    instalment_pay,
    invoice_approve,
    invoice_pay,
    invoice_record,
    invoice_reject,
    offer_withdraw,
    payment_plan_change,
    variation_make,
)

PER_PAGE = 25
SEARCH_COUNT_CAP = 100


def staff_agreement_pages(view: View) -> View:
    """The staff pages that show agreements: for staff (not the organisations funded, who have their own pages)
    whom the table lets see agreements."""
    return permission_required("staff.pages")(permission_required("agreement.view")(view))


@staff_agreement_pages
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
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


@staff_agreement_pages
def agreement_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk, for_page=True)
    actions = agreement_actions(request.user, agreement)
    detail = agreement_detail(agreement)
    return render(
        request,
        "agreements/staff/detail.html",
        {
            "detail": detail,
            "agreement": agreement,
            "acceptance": acceptance_of(agreement),
            "history": detail.history,
            "payment_words": payment_words(detail.payment_plan, agreement) if detail.payment_plan else "",
            "may_plan_payments": actions.may_plan_payments and not detail.payments_started,
            "may_record_invoice": actions.may_record_invoice,
            "may_pay": actions.may_pay,
            "may_withdraw": actions.move("withdrawn") is not None,
            "may_end": actions.move("ended") is not None,
            "may_end_early": actions.move("terminated") is not None,
            "may_vary": actions.may_vary,
            "spoke_links": agreement_page_links(request.user, agreement),
        },
    )


@permission_required("agreement.pay")
def instalment_pay_page(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    agreement = managed_agreement_for(request.user, pk, "agreement.pay")
    instalment = instalment_for(agreement, number)
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


@permission_required("agreement.manage")
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = managed_agreement_for(request.user, pk, "agreement.manage")
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


@permission_required("agreement.vary")
def vary(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = managed_agreement_for(request.user, pk, "agreement.vary")
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


@permission_required("agreement.end")
def end(request: AuthenticatedRequest, pk: int, *, early: bool = False) -> HttpResponse:
    """End an active agreement, on time (it has run its course) or early (whatever is unpaid goes back)."""
    agreement = managed_agreement_for(request.user, pk, "agreement.end")
    form = (EndEarlyForm if early else EndForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = agreement_terminate if early else agreement_end
        try:
            service(by=request.user, agreement=agreement, reason=form.cleaned_data["reason"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                f"{agreement.reference} has been ended early and its unpaid money released"
                if early
                else f"{agreement.reference} has ended",
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request, "agreements/staff/end.html", {"agreement": agreement, "form": form, "early": early}
    )


# --- How it is paid, and its invoices ----------------------------------------------------------------------------


@permission_required("agreement.plan_payments")
def payment_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change how an agreement is paid, before payments start."""
    agreement = managed_agreement_for(request.user, pk, "agreement.plan_payments")
    plan = payment_plan_of(agreement)
    form = PaymentPlanForm(
        request.POST or None,
        initial={
            "kind": plan.kind,
            "interval_months": plan.interval_months,
            "single_payment_below": plan.single_payment_below,
            "unit": plan.unit,
            "unit_price": plan.unit_price,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = payment_plan_change(by=request.user, agreement=agreement, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"{agreement.reference} is now paid {changed.get_kind_display().lower()}"
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/staff/payment_plan.html",
        {"agreement": agreement, "plan": plan, "form": form, "words": payment_words(plan, agreement)},
    )


@permission_required("invoice.record")
def invoice_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = managed_agreement_for(request.user, pk, "invoice.record")
    plan = payment_plan_of(agreement)
    per_unit = plan.kind == PaymentPlanKind.PER_UNIT
    form = InvoiceForm(request.POST or None, per_unit=per_unit)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = invoice_record(by=request.user, agreement=agreement, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"Recorded invoice {invoice.reference} for {pounds(invoice.amount)}, to be approved"
            )
            return redirect("agreements:invoice", pk=agreement.pk, number=invoice.number)
    return render(
        request,
        "agreements/staff/invoice_add.html",
        {"agreement": agreement, "plan": plan, "form": form, "words": payment_words(plan, agreement)},
    )


@staff_agreement_pages
def invoice_page(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """An invoice, with the approve and reject buttons for those who may."""
    agreement = agreement_for(request.user, pk)
    invoice = invoice_for(agreement, number)
    moves = invoice_moves(request.user, invoice)
    rejecting = request.method == "POST" and request.POST.get("move") == InvoiceStatus.REJECTED
    reject_form = InvoiceRejectForm(request.POST if rejecting else None)
    error = ""
    if request.method == "POST":
        try:
            if rejecting:
                if reject_form.is_valid():
                    invoice_reject(
                        by=request.user, invoice=invoice, reason=reject_form.cleaned_data["reason"]
                    )
                    messages.success(request, f"Invoice {invoice.reference} has been rejected")
                    return redirect("agreements:invoice", pk=agreement.pk, number=invoice.number)
            elif request.POST.get("move") == InvoiceStatus.APPROVED:
                invoice_approve(by=request.user, invoice=invoice)
                messages.success(request, f"Invoice {invoice.reference} has been approved for payment")
                return redirect("agreements:invoice", pk=agreement.pk, number=invoice.number)
        except DomainError as err:
            if rejecting:
                add_domain_error(reject_form, err)
            else:
                error = err.message
    return render(
        request,
        "agreements/staff/invoice.html",
        {
            "agreement": agreement,
            "detail": invoice_detail(invoice),
            "invoice": invoice,
            "may_approve": any(option.to == InvoiceStatus.APPROVED for option in moves),
            "may_reject": any(option.to == InvoiceStatus.REJECTED for option in moves),
            "may_pay": may_pay_invoice(request.user, invoice),
            "form": reject_form,
            "error": error,
        },
        status=400 if error else 200,
    )


@permission_required("invoice.pay")
def invoice_pay_page(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """Record the payment of an invoice; refused, with the reason, until it has been approved."""
    agreement = managed_agreement_for(request.user, pk, "invoice.pay")
    invoice = invoice_for(agreement, number)
    form = InvoicePayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_pay(by=request.user, invoice=invoice, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, f"Recorded the payment of {pounds(invoice.amount)} for invoice {invoice.reference}"
            )
            return redirect("agreements:invoice", pk=agreement.pk, number=invoice.number)
    return render(
        request,
        "agreements/staff/invoice_pay.html",
        {
            "agreement": agreement,
            "invoice": invoice,
            "form": form,
            "may_pay": may_pay_invoice(request.user, invoice),
        },
    )
