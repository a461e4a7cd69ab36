"""Staff pages for the monitoring tiers: every tier by its date of effect, a check of which tier an agreement of a
given value and length gets, and (officers and administrators) adding a tier."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.monitoring.access import may_adjust_plans
from commissioning.monitoring.forms.tiers import TierCheckForm, TierForm
from commissioning.monitoring.selectors.tiers import tier_sets
from commissioning.monitoring.services.plans import tier_for
from commissioning.monitoring.services.tiers import monitoring_tier_add


@permission_required("monitoring.view")
def tiers(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    check = TierCheckForm(request.GET if "value" in request.GET else None)
    found = None
    if check.is_bound and check.is_valid():
        try:
            found = tier_for(
                check.cleaned_data["value"], check.cleaned_data["months"], check.cleaned_data["on"]
            )
        except DomainError as err:
            add_domain_error(check, err)
    return render(
        request,
        "monitoring/staff/tiers.html",
        {
            "sets": tier_sets(on=today),
            "check": check,
            "found": found,
            "may_change": may_adjust_plans(request.user),
        },
    )


@permission_required("monitoring.manage")
def tier_add(request: AuthenticatedRequest) -> HttpResponse:
    form = TierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tier = monitoring_tier_add(by=request.user, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Added the tier {tier.name}")
            return redirect("monitoring:tiers")
    return render(request, "monitoring/staff/tier_add.html", {"form": form})
