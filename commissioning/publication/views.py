"""The public site's pages (namespace `public`): no sign-in. The registers, the open data and its files, and the
monthly publication."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commissioning.agreements.models import Agreement
from commissioning.core.money import pounds
from commissioning.core.paging import CappedPaginator
from commissioning.core.selectors import commissioning_body

from . import open_data
from .decisions import decisions_published_in
from .forms import RegisterFilterForm
from .selectors import (
    CONTRACT_PUBLICATION_THRESHOLD,
    commissioned_services,
    funds_for_public,
    monthly_publication,
    monthly_publications,
    open_data_summary,
    public_agreement,
    publication_grants,
    published_contracts,
    published_grants,
    register_filters,
    register_rows,
    register_search,
)

PER_PAGE = 25
# (URL name, what to call the file, its format)
OPEN_DATA_FILES = (
    ("public:grants-json", "Grants (JSON)", "360Giving JSON package"),
    ("public:grants-csv", "Grants (CSV)", "CSV, 360Giving column titles"),
    ("public:grants-xlsx", "Grants (spreadsheet)", "Excel spreadsheet (XLSX), 360Giving column titles"),
)
SEARCH_COUNT_CAP = 100


@dataclass(frozen=True)
class Register:
    """One public register: which agreements, which filters, and what the page calls them."""

    agreements: Callable[[], QuerySet[Agreement]]
    fields: tuple[str, ...]
    heading: str
    noun: str
    url_name: str
    template: str
    row_url_name: str
    with_priorities: bool = False
    with_award_date: bool = False


REGISTERS = {
    "services": Register(
        commissioned_services,
        ("query", "mechanism", "fund", "priority", "status"),
        "Services we fund",
        "services",
        "public:services",
        "publication/service_list.html",
        row_url_name="public:service",
        with_priorities=True,
    ),
    "grants": Register(
        published_grants,
        ("query", "fund", "priority", "status"),
        "Grants awarded",
        "grants",
        "public:grants",
        "publication/grant_list.html",
        row_url_name="public:grant",
        with_award_date=True,
    ),
    "contracts": Register(
        published_contracts,
        ("query", "fund", "priority", "status"),
        f"Contracts over {pounds(CONTRACT_PUBLICATION_THRESHOLD)}",
        "contracts",
        "public:contracts",
        "publication/contract_list.html",
        row_url_name="public:service",
    ),
}


def _register_page(request: HttpRequest, name: str) -> HttpResponse:
    register = REGISTERS[name]
    funds, priorities = register_filters()
    form = RegisterFilterForm(request.GET or None, funds=funds, priorities=priorities, fields=register.fields)
    filters = form.cleaned_data if form.is_valid() else {}
    keys = register_search(
        register.agreements(),
        query=filters.get("query", ""),
        mechanism=filters.get("mechanism", ""),
        fund=filters.get("fund"),
        priority=filters.get("priority"),
        status=filters.get("status", ""),
    )
    cap = SEARCH_COUNT_CAP if filters.get("query", "").strip() else None
    paginator = CappedPaginator(
        keys,
        PER_PAGE,
        cap=cap,
        load=partial(
            register_rows,
            url_name=register.row_url_name,
            with_priorities=register.with_priorities,
            with_award_date=register.with_award_date,
        ),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        register.template,
        {
            "form": form,
            "selects": form.selects(),
            "page": page,
            "filtered": any(filters.values()) if filters else bool(form.errors),
            "heading": register.heading,
            "noun": register.noun,
            "url_name": register.url_name,
            "threshold": CONTRACT_PUBLICATION_THRESHOLD,
        },
    )


@require_safe
def funding(request: HttpRequest) -> HttpResponse:
    return render(
        request, "publication/funding.html", {"body": commissioning_body(), "funds": funds_for_public()}
    )


@require_safe
def service_list(request: HttpRequest) -> HttpResponse:
    return _register_page(request, "services")


@require_safe
def service_detail(request: HttpRequest, reference: str) -> HttpResponse:
    found = public_agreement(commissioned_services(), reference, with_parties=True)
    if found is None:
        raise Http404("No published service found")
    return render(
        request,
        "publication/service_detail.html",
        {"found": found, "agreement": found.agreement, "threshold": CONTRACT_PUBLICATION_THRESHOLD},
    )


@require_safe
def grant_list(request: HttpRequest) -> HttpResponse:
    return _register_page(request, "grants")


@require_safe
def grant_detail(request: HttpRequest, reference: str) -> HttpResponse:
    found = public_agreement(published_grants(), reference)
    if found is None:
        raise Http404("No published grant found")
    return render(
        request,
        "publication/grant_detail.html",
        {
            "found": found,
            "agreement": found.agreement,
            "grant_id": open_data.grant_identifier(
                commissioning_body().grant_identifier_prefix, found.agreement.reference
            ),
        },
    )


@require_safe
def contract_list(request: HttpRequest) -> HttpResponse:
    return _register_page(request, "contracts")


@require_safe
def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publication/open_data.html",
        {
            "summary": open_data_summary(),
            "files": OPEN_DATA_FILES,
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
            "body": commissioning_body(),
        },
    )


def _export_context(request: HttpRequest) -> open_data.ExportContext:
    return open_data.export_context(base_url=request.build_absolute_uri("/"))


@require_safe
def grants_json(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        open_data.json_chunks(_export_context(request)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="grants.json"'
    return response


@require_safe
def grants_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        open_data.csv_chunks(_export_context(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="grants.csv"'
    return response


@require_safe
def grants_xlsx(request: HttpRequest) -> FileResponse:
    return FileResponse(
        open_data.xlsx_file(_export_context(request)),
        as_attachment=True,
        filename="grants.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    paginator = CappedPaginator(monthly_publications(), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "publication/publication_list.html", {"page": page})


@require_safe
def publication_detail(request: HttpRequest, year: str, month: str) -> HttpResponse:
    try:
        first = date(int(year), int(month), 1)
    except ValueError:
        raise Http404("No such month") from None
    publication = monthly_publication(first)
    if publication is None:
        raise Http404("Nothing was published for that month")
    paginator = CappedPaginator(publication_grants(publication), PER_PAGE * 2)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "publication/publication_detail.html",
        {"publication": publication, "page": page, "decisions": decisions_published_in(first)},
    )
