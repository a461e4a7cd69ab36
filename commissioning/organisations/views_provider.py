"""Pages for the people who act for an organisation (provider users and partner administrators): their own
organisation's record and its due diligence documents. Every page loads the organisation through
`organisation_for`, so another organisation's id is simply "not found"."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.accounts.access import roles_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from . import services
from .access import (
    MEMBER_ROLES,
    can_manage_due_diligence,
    due_diligence_item_for,
    organisation_for,
    organisation_for_due_diligence,
)
from .forms import DueDiligenceForm
from .selectors import due_diligence_counts, due_diligence_of, members_of, organisation_of


@roles_required(*MEMBER_ROLES)
def my_organisation(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation is None:
        return render(request, "organisations/provider/no_organisation.html")
    return redirect("my-organisation:detail", pk=organisation.pk)


@roles_required(*MEMBER_ROLES)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request.user, pk)
    items = list(due_diligence_of(organisation))
    return render(
        request,
        "organisations/provider/detail.html",
        {
            "organisation": organisation,
            "identifiers": list(organisation.identifiers.all()),
            "items": items,
            "item_counts": due_diligence_counts(items),
            "members": members_of(organisation),
            "can_manage": can_manage_due_diligence(request.user, organisation)[0],
        },
    )


@roles_required(*MEMBER_ROLES)
def due_diligence_list(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request.user, pk)
    items = list(due_diligence_of(organisation))
    return render(
        request,
        "organisations/provider/due_diligence_list.html",
        {
            "organisation": organisation,
            "items": items,
            "item_counts": due_diligence_counts(items),
            "can_manage": can_manage_due_diligence(request.user, organisation)[0],
        },
    )


@roles_required(*MEMBER_ROLES)
def due_diligence_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for_due_diligence(request.user, pk)
    form = DueDiligenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.due_diligence_add(by=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The document was added. The commissioning team will check it.")
            return redirect("my-organisation:due-diligence", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": "Add a due diligence document",
            "back_url": reverse("my-organisation:due-diligence", args=[organisation.pk]),
            "provider": True,
        },
    )


@roles_required(*MEMBER_ROLES)
def due_diligence_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = due_diligence_item_for(request.user, pk, item_pk)
    initial = {"kind": item.kind, "title": item.title, "dated": item.dated, "expires_on": item.expires_on}
    form = DueDiligenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            # A document changed by the organisation needs checking again by staff.
            services.due_diligence_update(by=request.user, item=item, checked=False, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The document was saved.")
            return redirect("my-organisation:due-diligence", pk=pk)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": item.organisation,
            "title": "Change a due diligence document",
            "back_url": reverse("my-organisation:due-diligence", args=[pk]),
            "provider": True,
        },
    )
