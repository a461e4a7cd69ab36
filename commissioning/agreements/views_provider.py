"""Pages for the organisations the body funds: their offers and agreements, answering an offer, the PDF letter."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from .access import agreements_visible_to, may_answer_offer, provider_agreement_for
from .forms import AcceptForm, DeclineForm
from .hooks import agreement_page_links
from .pdf import offer_letter_pdf
from .selectors import acceptance_of, offer_letter, provider_agreements
from .services import offer_accept, offer_decline

PER_PAGE = 25


@permission_required("agreement.view_own")
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(provider_agreements(agreements_visible_to(request.user)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "agreements/provider/list.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "filter_query": "",
        },
    )


@permission_required("agreement.view_own")
def offer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = provider_agreement_for(request.user, pk)
    may_answer = may_answer_offer(request.user, agreement)
    declining = request.method == "POST" and "decline-reason" in request.POST
    accept_form = AcceptForm(
        request.POST if request.method == "POST" and not declining else None, prefix="accept"
    )
    decline_form = DeclineForm(request.POST if declining else None, prefix="decline")
    if request.method == "POST" and may_answer:
        form = decline_form if declining else accept_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if declining:
                    offer_decline(
                        by=request.user,
                        agreement=agreement,
                        name=data["name"],
                        role=data["role"],
                        reason=data["reason"],
                    )
                else:
                    offer_accept(by=request.user, agreement=agreement, name=data["name"], role=data["role"])
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(
                    request,
                    f"You have declined the offer {agreement.reference}"
                    if declining
                    else f"You have accepted the offer {agreement.reference}. We will pay it as the letter sets out",
                )
                return redirect("my-agreements:offer", pk=agreement.pk)
    return render(
        request,
        "agreements/provider/offer.html",
        {
            "letter": offer_letter(agreement),
            "agreement": agreement,
            "acceptance": acceptance_of(agreement),
            "may_answer": may_answer,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "form": decline_form if declining else accept_form,
            "declining": declining,
            "spoke_links": agreement_page_links(request.user, agreement),
        },
    )


@permission_required("agreement.view_own")
def offer_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = provider_agreement_for(request.user, pk)
    response = HttpResponse(offer_letter_pdf(offer_letter(agreement)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="offer-{agreement.reference}.pdf"'
    return response
