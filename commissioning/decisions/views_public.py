"""Public pages: published decision records, their public part only. No sign-in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.core.paging import CappedPaginator

from .forms import PublicDecisionFilterForm
from .models import PUBLIC_SOURCES
from .selectors import (
    public_decision,
    public_decision_keys,
    public_decision_rows,
    public_decision_search,
    public_decision_years,
)

PER_PAGE = 20
SEARCH_COUNT_CAP = 100


def decision_list(request: HttpRequest) -> HttpResponse:
    form = PublicDecisionFilterForm(request.GET or None, year_choices=public_decision_years())
    filters = form.cleaned_data if form.is_valid() else {}
    about = PUBLIC_SOURCES.get(filters.get("about", ""))
    records = public_decision_search(
        year=filters.get("year"), query=filters.get("query", ""), source_type=about[0] if about else ""
    )
    cap = SEARCH_COUNT_CAP if filters.get("query", "").strip() else None
    paginator = CappedPaginator(public_decision_keys(records), PER_PAGE, cap=cap, load=public_decision_rows)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/public/list.html",
        {
            "form": form,
            "page": page,
            "selects": [
                (form["year"], form.fields["year"].choices),  # type: ignore[attr-defined]
                (form["about"], form.fields["about"].choices),  # type: ignore[attr-defined]
            ],
            "filtered": any(value not in ("", None) for value in filters.values()) or bool(form.errors),
        },
    )


def decision_page(request: HttpRequest, reference: tuple[int, int]) -> HttpResponse:
    year, number = reference
    decision = public_decision(year=year, number=number)
    if decision is None:
        raise Http404("No published decision found")
    return render(request, "decisions/public/detail.html", {"decision": decision})
