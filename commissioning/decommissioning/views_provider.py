"""The provider's page of a decommissioning proposed for its own agreement: what is proposed, the notice, and its
response."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required

from .access import may_respond, provider_decommissioning_for
from .views_staff import response_form


@permission_required("provider.pages")
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    d = provider_decommissioning_for(request.user, pk)
    responding = may_respond(request.user, d)
    form, saved = response_form(request, d) if responding else (None, False)
    if saved:
        messages.success(request, "Your response has been sent")
        return redirect("my-decommissioning:detail", pk=d.pk)
    return render(
        request, "decommissioning/provider/detail.html", {"d": d, "form": form, "may_respond": responding}
    )
