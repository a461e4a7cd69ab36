from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token

from commissioning.core.redirects import safe_next

from .access import AuthenticatedRequest
from .forms import SignInForm, TokenForm
from .permissions import may
from .selectors import has_confirmed_device
from .services import totp_device_confirm, totp_device_unconfirmed


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        if settings.OTP_REQUIRED_FOR_STAFF and may(user, "staff.pages"):
            next_url = self.get_redirect_url()
            url = "/account/two-factor/"
            return f"{url}?next={next_url}" if next_url else url
        return super().get_success_url()


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, default=settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the TOTP code, or set up an authenticator app first if the person has none."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]  # django-otp's middleware adds it to the user
        return redirect(_safe_next(request))
    has_device = has_confirmed_device(user)
    if has_device:
        form = TokenForm(request.POST or None, verify=lambda token: match_token(user, token))
        if request.method == "POST" and form.is_valid():
            otp_login(request, form.device)
            return redirect(_safe_next(request))
        return render(request, "accounts/two_factor.html", {"form": form, "next": _safe_next(request)})

    device = totp_device_unconfirmed(by=user, user=user)

    def verify(token: str) -> Any:
        return device if device.verify_token(token) else None

    form = TokenForm(request.POST or None, verify=verify)
    if request.method == "POST" and form.is_valid():
        totp_device_confirm(by=user, device=device)
        otp_login(request, device)
        return redirect(_safe_next(request))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = (
        buffer.getvalue()
        .decode()
        .replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)
    )
    secret = __import__("base64").b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": mark_safe(svg), "secret": secret, "next": _safe_next(request)},  # noqa: S308
    )
