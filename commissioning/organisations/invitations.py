"""How a person comes to act for an organisation by themselves: registering a new organisation (they become its
administrator), or accepting an invitation from an administrator of an existing one.

There is deliberately no way to search the register and ask to join: who is on it, and who acts for whom, stays
private. An invitation is the only way in. Writes here follow services.py: keyword-only, one transaction each,
audited on the organisation's record, email sent on commit.
"""

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import may, require
from commissioning.audit.services import audit_record
from commissioning.core.actors import Actor, acting_person, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date
from commissioning.core.selectors import commissioning_body

from .access import organisation_for
from .models import INVITATION_DAYS, Invitation, Organisation, OrganisationMembership
from .selectors import membership_of
from .services import membership_add, organisation_create


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Access ------------------------------------------------------------------------------------------------------


def may_invite(user: Any, organisation: Organisation) -> bool:
    """An administrator of the organisation (a provider user or partner administrator who belongs to it)."""
    return may(user, "organisation.invite", organisation)


def organisation_to_invite_for(user: Any, pk: int) -> Organisation:
    """The person's own organisation, if they administer it; another organisation's id is "not found"."""
    organisation = organisation_for(user, pk)
    if not may_invite(user, organisation):
        raise PermissionDenied("Only your organisation's administrators can invite people to join it.")
    return organisation


def invitation_with_token(token: str) -> Invitation:
    """The invitation an emailed link names, or "not found"."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise Http404("No invitation has this address.")
    return invitation


def invitation_for(user: Any, pk: int) -> Invitation:
    """An invitation sent to the signed-in person's own email address, or "not found"."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=pk, email__iexact=getattr(user, "email", ""))
        .first()
    )
    if invitation is None:
        raise Http404("No invitation has this address.")
    return invitation


# Reads -------------------------------------------------------------------------------------------------------


def invitations_waiting_for(user: Any) -> QuerySet[Invitation]:
    """Open invitations sent to the person's email address, newest first."""
    return Invitation.objects.select_related("organisation", "invited_by").filter(
        email__iexact=getattr(user, "email", ""), accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitations_sent_by(organisation: Organisation) -> QuerySet[Invitation]:
    """The organisation's invitations that have not been accepted, newest first (expired ones included)."""
    return Invitation.objects.select_related("invited_by").filter(
        organisation=organisation, accepted_at__isnull=True
    )


# Writes ------------------------------------------------------------------------------------------------------


@transaction.atomic
def organisation_register(
    *, by: Actor, details: Mapping[str, Any], identifiers: Iterable[tuple[str, str]] = ()
) -> Organisation:
    """A person who acts for no organisation yet adds theirs to the register and becomes its administrator."""
    person = acting_person(by)
    membership = membership_of(person)
    if membership is not None:
        raise DomainError(
            f"You already act for {membership.organisation.name}. A person can belong to only one organisation"
        )
    organisation = organisation_create(by=person, identifiers=identifiers, **details)
    membership_add(by=person, organisation=organisation, user=person, is_administrator=True)
    # membership_of's cache on the person, so the rest of this request sees the new membership.
    person._membership_cache = (  # type: ignore[attr-defined]
        OrganisationMembership.objects.select_related("organisation").get(user_id=person.pk)
    )
    return organisation


def _send_invitation(*, invitation: Invitation, link: str) -> None:
    body = commissioning_body()
    context = {
        "body": body,
        "organisation": invitation.organisation.name,
        "invited_by": invitation.invited_by.full_name or invitation.invited_by.email,
        "link": link,
        "expires": govuk_date(timezone.localtime(invitation.expires_at).date()),
    }
    send_mail(
        f"Join {invitation.organisation.name} – {body.short_name}",
        render_to_string("accounts/email/invitation.txt", context),
        None,
        [invitation.email],
    )


@transaction.atomic
def invitation_create(*, by: Actor, organisation: Organisation, email: str, base_url: str) -> Invitation:
    """An administrator invites a colleague by email. The link in the email works for INVITATION_DAYS days.

    Only membership of this organisation is checked here: whether the address belongs to someone in another
    organisation is not this administrator's business, and is refused when the invitation is accepted."""
    require(by, "organisation.invite", organisation)
    email = email.strip().lower()
    if OrganisationMembership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of {organisation.name}", field="email")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=token_hash(token),
        invited_by_id=acting_person_id(by),
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        by=by,
        action="invite",
        instance=organisation,
        before={"invitation": None},
        after={"invitation": email, "expires_at": invitation.expires_at},
    )
    link = base_url.rstrip("/") + reverse("my-organisation:invitation", args=[token])
    transaction.on_commit(lambda: _send_invitation(invitation=invitation, link=link))
    return invitation


@transaction.atomic
def invitation_accept(*, by: Actor, invitation: Invitation) -> OrganisationMembership:
    """The invited person joins the organisation. The invitation must be open and sent to their own address;
    a person who already belongs to an organisation is refused with the membership rule's message."""
    person = acting_person(by)
    locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    name = locked.organisation.name
    if locked.accepted_at is not None:
        raise DomainError("This invitation has already been used")
    if locked.expires_at <= timezone.now():
        raise DomainError(f"This invitation has expired. Ask an administrator of {name} to invite you again")
    if locked.email.lower() != (getattr(person, "email", "") or "").lower():
        raise DomainError(
            "This invitation was sent to a different email address. Sign in with the address it was sent to, "
            "or ask for an invitation to your own address"
        )
    membership = membership_add(
        by=person, organisation=locked.organisation, user=person, is_administrator=False
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by_id = person.pk
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        by=by,
        action="accept invitation",
        instance=locked.organisation,
        before={"invitation": locked.email},
        after={"invitation": locked.email, "accepted": True},
    )
    person._membership_cache = membership  # type: ignore[attr-defined]  # membership_of's cache, as above
    return membership
