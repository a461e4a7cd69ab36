from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.permissions import may
from commissioning.organisations.selectors import organisation_of


def home(request: HttpRequest) -> HttpResponse:
    """The front page: staff go on to their dashboard; everyone else sees the public site's ways in, and a
    provider their organisation's."""
    if may(request.user, "staff.pages"):
        return redirect("dashboard:home")
    return render(request, "dashboard/front_page.html", {"organisation": organisation_of(request.user)})
