"""Staff pages for the scheme of delegation: the limits in effect and to come; administrators add a limit."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.selectors import commissioning_body

from .access import may_change_delegation
from .forms import DelegatedLimitForm
from .selectors import limits_in_effect, role_heading, upcoming_limits
from .services import delegated_limit_add


@permission_required("delegation.view")
def delegation(request: AuthenticatedRequest) -> HttpResponse:
    body = commissioning_body()
    return render(
        request,
        "governance/delegation.html",
        {
            "current": [(role_heading(row.role, body), row) for row in limits_in_effect()],
            "upcoming": [(role_heading(row.role, body), row) for row in upcoming_limits()],
            "may_change": may_change_delegation(request.user),
        },
    )


@permission_required("delegation.change")
def limit_add(request: AuthenticatedRequest) -> HttpResponse:
    form = DelegatedLimitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = delegated_limit_add(by=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Added the limit: {row}")
            return redirect("governance:delegation")
    return render(request, "governance/limit_add.html", {"form": form})
