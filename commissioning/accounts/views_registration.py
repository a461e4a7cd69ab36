"""Pages for people who register themselves to apply for funding: create an account, confirm the email address
by the emailed link (which signs them in), and ask for a new link.

Every outcome of the registration and resend forms shows the same "check your email" page, so neither form tells
anyone whether an address already has an account."""

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.core.redirects import safe_next

from .forms_registration import RegistrationForm, ResendVerificationForm, govuk_password_errors
from .hooks import next_step_after_verification
from .services import applicant_register, email_verify, verification_resend
from .tokens import TokenProblem, check_verification_token, link_lifetime_in_words

SESSION_EMAIL = "registration_email"


def _safe(request: HttpRequest, candidate: str | None) -> str:
    return safe_next(request, candidate or "")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = RegistrationForm(request.POST or None, initial={"next": _safe(request, request.GET.get("next"))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant_register(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password"],
                base_url=_base_url(request),
                next_url=_safe(request, data.get("next")),
            )
        except ValidationError as err:
            for message in govuk_password_errors(err):
                form.add_error("password", message)
        else:
            request.session[SESSION_EMAIL] = data["email"]
            return redirect("accounts:check-email")
    return render(request, "accounts/register.html", {"form": form})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/check_email.html",
        {"email": request.session.get(SESSION_EMAIL, ""), "link_lifetime": link_lifetime_in_words()},
    )


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(
        request.POST or None,
        initial={
            "email": request.session.get(SESSION_EMAIL, ""),
            "next": _safe(request, request.GET.get("next")),
        },
    )
    if request.method == "POST" and form.is_valid():
        verification_resend(
            email=form.cleaned_data["email"],
            base_url=_base_url(request),
            next_url=_safe(request, form.cleaned_data.get("next")),
        )
        request.session[SESSION_EMAIL] = form.cleaned_data["email"]
        return redirect("accounts:check-email")
    return render(request, "accounts/resend_verification.html", {"form": form})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm the address and sign the person in; then on to what they came for, or to set up their organisation."""
    check = check_verification_token(token)
    if check.problem is TokenProblem.USED:
        return render(request, "accounts/verify_used.html")
    if check.problem is not None or check.user is None or not check.user.is_active:
        expired = check.problem is TokenProblem.EXPIRED
        return render(
            request,
            "accounts/verify_failed.html",
            {"expired": expired, "link_lifetime": link_lifetime_in_words()},
            status=410 if expired else 400,
        )
    user = email_verify(user=check.user)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])  # the backend that signs people in
    request.session.pop(SESSION_EMAIL, None)
    next_url = _safe(request, request.GET.get("next"))
    if next_url:
        return redirect(next_url)
    return redirect(reverse(next_step_after_verification(user) or settings.LOGIN_REDIRECT_URL))
