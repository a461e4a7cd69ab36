from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .permissions import may

EXEMPT_PREFIXES = ("/account/", "/static/", "/accessibility", "/public", "/open-data")


class StaffTwoFactorMiddleware:
    """When two-factor sign-in is required, a staff member must set up and pass TOTP before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.OTP_REQUIRED_FOR_STAFF
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path != "/"
            and may(user, "staff.pages")
        ):
            return redirect("accounts:two-factor")
        return self.get_response(request)
