"""Staff pages for the register of organisations: search, read, add and change."""

import copy
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error

from . import services
from .access import (
    can_edit_organisation,
    due_diligence_item_for,
    identifier_for,
    membership_for,
    organisation_for,
    organisation_for_due_diligence,
    organisation_to_edit,
)
from .forms import (
    IdentifierForm,
    MemberForm,
    OrganisationCreateForm,
    OrganisationForm,
    OrganisationSearchForm,
    StaffDueDiligenceForm,
)
from .selectors import (
    account_with_email,
    organisation_history,
    organisation_list_rows,
    organisation_page,
    organisation_search_keys,
)

PAGE_SIZE = 25


@permission_required("organisation.view")
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None)
    query, sector = "", ""
    if form.is_bound and form.is_valid():
        query, sector = form.cleaned_data["query"], form.cleaned_data["sector"]
    keys = (
        organisation_search_keys(query=query, sector=sector)
        if not form.errors
        else organisation_search_keys()
    )
    # Pages and counts the ids alone, then reads the page's organisations in full.
    ids = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    page = Page(organisation_list_rows(ids.object_list), ids.number, cast(Any, ids.paginator))
    return render(
        request,
        "organisations/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(query or sector),
            "can_edit": can_edit_organisation(request.user),
        },
    )


@permission_required("organisation.view")
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request.user, pk)
    return render(
        request,
        "organisations/detail.html",
        {
            **organisation_page(organisation),
            "history": organisation_history(organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


@permission_required("organisation.edit")
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                by=request.user, identifiers=form.identifiers(), **form.organisation_fields()
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{organisation.name} was added to the register.")
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "title": "Add an organisation", "back_url": reverse("organisations:list")},
    )


@permission_required("organisation.edit")
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_to_edit(request.user, pk)
    # The form validates a copy: a ModelForm writes what was typed onto its instance, and the service compares
    # the saved record with the changes.
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                by=request.user, organisation=organisation, changes=form.cleaned_data
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The organisation's details were saved.")
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": "Change the organisation's details",
            "back_url": reverse("organisations:detail", args=[organisation.pk]),
        },
    )


@permission_required("organisation.edit")
def identifier_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_to_edit(request.user, pk)
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            identifier = services.identifier_add(
                by=request.user,
                organisation=organisation,
                scheme=form.cleaned_data["scheme"],
                value=form.cleaned_data["value"],
                is_preferred=form.cleaned_data["is_preferred"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{identifier.org_id} was added.")
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": "Add an identifier",
            "back_url": reverse("organisations:detail", args=[organisation.pk]),
        },
    )


@permission_required("organisation.edit")
def identifier_remove(request: AuthenticatedRequest, pk: int, identifier_pk: int) -> HttpResponse:
    identifier = identifier_for(request.user, pk, identifier_pk)
    if request.method == "POST":
        services.identifier_remove(by=request.user, identifier=identifier)
        messages.success(request, f"{identifier.org_id} was removed.")
        return redirect("organisations:detail", pk=pk)
    return render(
        request,
        "organisations/confirm_remove.html",
        {
            "organisation": identifier.organisation,
            "title": f"Remove {identifier.org_id}?",
            "description": f"{identifier.scheme_label} {identifier.value} will no longer be recorded "
            f"for {identifier.organisation.name}.",
            "button": "Remove identifier",
        },
    )


@permission_required("organisation.edit")
def due_diligence_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_for_due_diligence(request.user, pk)
    form = StaffDueDiligenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.due_diligence_add(by=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The due diligence document was recorded.")
            return redirect(reverse("organisations:detail", args=[organisation.pk]) + "#due-diligence")
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": "Add a due diligence document",
            "back_url": reverse("organisations:detail", args=[organisation.pk]),
        },
    )


@permission_required("organisation.edit")
def due_diligence_edit(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    item = due_diligence_item_for(request.user, pk, item_pk)
    initial = {
        "kind": item.kind,
        "title": item.title,
        "dated": item.dated,
        "expires_on": item.expires_on,
        "checked": item.checked_by_id is not None,
    }
    form = StaffDueDiligenceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.due_diligence_update(by=request.user, item=item, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The due diligence document was saved.")
            return redirect(reverse("organisations:detail", args=[pk]) + "#due-diligence")
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": item.organisation,
            "title": "Change a due diligence document",
            "back_url": reverse("organisations:detail", args=[pk]),
        },
    )


@permission_required("organisation.edit")
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_to_edit(request.user, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = account_with_email(form.cleaned_data["email"])
        if person is None:
            form.add_error("email", "There is no account with this email address")
        else:
            try:
                services.membership_add(
                    by=request.user,
                    organisation=organisation,
                    user=person,
                    is_administrator=form.cleaned_data["is_administrator"],
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, f"{person} now belongs to {organisation.name}.")
                return redirect(reverse("organisations:detail", args=[pk]) + "#members")
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": "Add a person to the organisation",
            "back_url": reverse("organisations:detail", args=[pk]),
        },
    )


@permission_required("organisation.edit")
def member_remove(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = membership_for(request.user, pk, membership_pk)
    if request.method == "POST":
        services.membership_remove(by=request.user, membership=membership)
        messages.success(request, f"{membership.user} no longer belongs to {membership.organisation.name}.")
        return redirect(reverse("organisations:detail", args=[pk]) + "#members")
    return render(
        request,
        "organisations/confirm_remove.html",
        {
            "organisation": membership.organisation,
            "title": f"Remove {membership.user} from the organisation?",
            "description": f"{membership.user} ({membership.user.email}) will no longer act for "
            f"{membership.organisation.name}.",
            "button": "Remove person",
        },
    )
