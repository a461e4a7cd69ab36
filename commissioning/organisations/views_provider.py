"""Pages for the people who act for an organisation (provider users and partner administrators): their own
organisation's record and its due diligence documents. Every page loads the organisation through
`organisation_for`, so another organisation's id is simply "not found"."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.accounts.access import AuthenticatedRequest, permission_required
from commissioning.core.errors import DomainError
from commissioning.core.forms import add_domain_error
from commissioning.core.redirects import safe_next

from . import invitations, services
from .access import (
    can_manage_due_diligence,
    due_diligence_item_for,
    organisation_for,
    organisation_for_due_diligence,
)
from .forms import DueDiligenceForm
from .forms_provider import AcceptInvitationForm, ApplicantOrganisationForm, InvitationForm
from .selectors import due_diligence_counts, due_diligence_of, organisation_of, organisation_page


@permission_required("organisation.belong")
def my_organisation(request: AuthenticatedRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation is None:
        return render(request, "organisations/provider/no_organisation.html")
    return redirect("my-organisation:detail", pk=organisation.pk)


@permission_required("organisation.belong")
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request.user, pk)
    return render(
        request,
        "organisations/provider/detail.html",
        {
            **organisation_page(organisation),
            "can_manage": can_manage_due_diligence(request.user, organisation)[0],
            "can_invite": invitations.may_invite(request.user, organisation),
        },
    )


@permission_required("organisation.belong")
def due_diligence_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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


@permission_required("organisation.belong")
def due_diligence_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_for_due_diligence(request.user, pk)
    form = DueDiligenceForm(request.POST or None, request.FILES or None)
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


@permission_required("organisation.belong")
def due_diligence_edit(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    item = due_diligence_item_for(request.user, pk, item_pk)
    initial = {"kind": item.kind, "title": item.title, "dated": item.dated, "expires_on": item.expires_on}
    form = DueDiligenceForm(request.POST or None, request.FILES or None, initial=initial)
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


# Setting up: a person with no organisation registers theirs, or accepts an invitation to join one.


def _base_url(request: AuthenticatedRequest) -> str:
    return request.build_absolute_uri("/")


@permission_required("organisation.belong")
def organisation_start(request: AuthenticatedRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation is not None:
        return redirect("my-organisation:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/provider/start.html",
        {"invitations": list(invitations.invitations_waiting_for(request.user)), "next": safe_next(request)},
    )


@permission_required("organisation.belong")
def organisation_register(request: AuthenticatedRequest) -> HttpResponse:
    if organisation_of(request.user) is not None:
        return redirect("my-organisation:home")
    form = ApplicantOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = invitations.organisation_register(
                by=request.user, details=form.organisation_fields(), identifiers=form.identifiers()
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{organisation.name} was added. You are its administrator.")
            return redirect(safe_next(request) or reverse("my-organisation:detail", args=[organisation.pk]))
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": "Tell us about your organisation",
            "back_url": reverse("my-organisation:start"),
            "provider": True,
        },
    )


@permission_required("organisation.belong")
def invitation_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = invitations.organisation_to_invite_for(request.user, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invitation_create(
                by=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                base_url=_base_url(request),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"We have emailed an invitation to {invitation.email}.")
            return redirect("my-organisation:invite", pk=organisation.pk)
    return render(
        request,
        "organisations/provider/invite.html",
        {
            "form": form,
            "organisation": organisation,
            "waiting": list(invitations.invitations_sent_by(organisation)),
        },
    )


def invitation_respond(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """The page an emailed invitation links to: sign in or create an account, then accept."""
    invitation = invitations.invitation_with_token(token)
    # The form has no fields, so a POST is bound even though it carries nothing but the CSRF token.
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        try:
            membership = invitations.invitation_accept(by=request.user, invitation=invitation)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"You have joined {membership.organisation.name}.")
            return redirect("my-organisation:detail", pk=membership.organisation_id)
    return render(
        request,
        "organisations/provider/invitation.html",
        {"invitation": invitation, "form": form, "is_open": invitation.is_open()},
    )


@require_POST
@permission_required("organisation.belong")
def invitation_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Accept, from the start page, an invitation sent to the signed-in person's address."""
    invitation = invitations.invitation_for(request.user, pk)
    try:
        membership = invitations.invitation_accept(by=request.user, invitation=invitation)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("my-organisation:start")
    messages.success(request, f"You have joined {membership.organisation.name}.")
    return redirect("my-organisation:detail", pk=membership.organisation_id)
