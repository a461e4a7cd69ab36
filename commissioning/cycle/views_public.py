"""Public pages: the commissioning intentions the body has published, year by year, where providers look first.
No sign-in; only published years are read (cycle/selectors/intentions.py)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors.intentions import by_priority, published_intentions, published_year


def intentions_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cycle/public/list.html", {"years": list(published_intentions())})


def intentions_year(request: HttpRequest, start_year: int) -> HttpResponse:
    intentions = published_year(start_year)
    if intentions is None:
        raise Http404("No commissioning intentions are published for this year")
    return render(
        request,
        "cycle/public/year.html",
        {"intentions": intentions, "groups": by_priority(intentions)},
    )
