from django.http import HttpRequest

from commissioning.accounts.roles import staff_navigation

from .selectors import commissioning_body


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "body": commissioning_body(),
        "staff_navigation": staff_navigation(user, request.path) if user is not None else [],
    }
