"""The public feedback pages (namespace `feedback`): no sign-in. Choose a running service, say what happened,
optionally leave contact details. Posts are rate-limited per client and a honeypot catches form-filling bots."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from .forms import HONEYPOT_FIELD, FeedbackForm
from .ratelimit import attempt_record, client_key, is_limited
from .selectors import feedback_with_details, service_open_to_feedback, services_open_to_feedback
from .services import feedback_give

SERVICES_PER_PAGE = 20
GIVEN_SESSION_KEY = "feedback_given"


def service_choose(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    error = ""
    if "choose" in request.GET:
        chosen = request.GET.get("service", "")
        service = service_open_to_feedback(int(chosen)) if chosen.isdigit() else None
        if service is not None:
            return redirect("feedback:give", pk=service.pk)
        error = "Choose the service you want to give feedback about"
    paginator = Paginator(services_open_to_feedback(search=search), SERVICES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request, "feedback/public/choose.html", {"page": page, "search": search, "error": error}, status=200
    )


def feedback_new(request: HttpRequest, pk: int) -> HttpResponse:
    service = service_open_to_feedback(pk)
    if service is None:
        raise Http404("No running service found")
    form = FeedbackForm(request.POST) if request.method == "POST" else FeedbackForm()
    if request.method == "POST":
        client = client_key(request)
        if is_limited(client):
            return render(request, "feedback/public/too_many.html", {"service": service}, status=429)
        if request.POST.get(HONEYPOT_FIELD):
            # A bot filled the hidden box: thank it as if stored, keep nothing but the attempt.
            attempt_record(client)
            request.session.pop(GIVEN_SESSION_KEY, None)
            return redirect("feedback:thanks")
        if form.is_valid():
            try:
                feedback = feedback_give(agreement=service, **form.answers())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                attempt_record(client)
                request.session[GIVEN_SESSION_KEY] = feedback.pk
                return redirect("feedback:thanks")
    return render(request, "feedback/public/give.html", {"service": service, "form": form})


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    given = request.session.get(GIVEN_SESSION_KEY)
    feedback = feedback_with_details(int(given)) if isinstance(given, int) else None
    return render(request, "feedback/public/thanks.html", {"feedback": feedback})
