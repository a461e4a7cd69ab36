"""Staff report pages: the list of years and the annual report of a financial year, as a page and as a PDF."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.accounts.access import permission_required
from commissioning.core.selectors import commissioning_body
from commissioning.finance import years

from .pdf import annual_report_pdf
from .selectors import (
    NO_PRIORITY,
    NOT_THROUGH_AGREEMENT,
    annual_report,
    default_start_year,
    report_year,
    report_years,
)


def _start_year(slug: str) -> int:
    start_year = years.start_year_from_slug(slug)
    if start_year is None:
        raise Http404("There is no financial year at this address")
    return start_year


@permission_required("report.view")
def index(request: HttpRequest) -> HttpResponse:
    default = default_start_year()
    return render(
        request,
        "reports/index.html",
        {"report_years": report_years(), "default_year": report_year(default)},
    )


@permission_required("report.view")
def annual(request: HttpRequest, year: str) -> HttpResponse:
    report = annual_report(report_year(_start_year(year)))
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "not_through_agreement": NOT_THROUGH_AGREEMENT,
            "no_priority": NO_PRIORITY,
        },
    )


@permission_required("report.view")
def annual_pdf(request: HttpRequest, year: str) -> HttpResponse:
    report = annual_report(report_year(_start_year(year)))
    response = HttpResponse(
        annual_report_pdf(report, body=commissioning_body()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="annual-report-{report.year.slug}.pdf"'
    return response
