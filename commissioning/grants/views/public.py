"""The public scheme pages (namespace `schemes`): no sign-in. Open schemes, and each scheme's guidance, rules in
plain words, assessment criteria and dates, with a start button while it is open."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commissioning.grants.eligibility import scheme_is_open
from commissioning.grants.selectors.public import (
    open_schemes,
    rules_of,
    scheme_for_public,
    scheme_summaries,
    scheme_summary,
    what_we_fund,
)

SCHEMES_PER_PAGE = 20


def scheme_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(open_schemes(), SCHEMES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grants/public/scheme_list.html",
        {"page": page, "summaries": scheme_summaries(list(page.object_list))},
    )


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = scheme_for_public(slug)
    if scheme is None:
        raise Http404("No scheme found")
    now = timezone.now()
    rules = rules_of(scheme)
    return render(
        request,
        "grants/public/scheme_detail.html",
        {
            "scheme": scheme,
            # Unpublished schemes say only that they are not open: their guidance may still be a draft.
            "published": scheme.is_published,
            "is_open": scheme_is_open(scheme, at=now),
            "not_yet_open": scheme.is_published and now < scheme.opens_at,
            "summary": scheme_summary(scheme, at=now),
            "fund_rules": what_we_fund(rules),
            "criteria": list(scheme.criteria.all()),
            "score_bands": list(scheme.score_bands.all()),
        },
    )
