"""Writes to the register. Each runs in one transaction with its audit event.

Identifiers and members are parts of an organisation's record, so their changes are recorded as events on the
organisation; due-diligence items are records of their own.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.accounts.permissions import may, require
from commissioning.audit.services import audit_record, audited_save, snapshot
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.uploads import CheckedUpload

from .identifiers import normalise_identifier
from .models import DueDiligenceItem, Organisation, OrganisationIdentifier, OrganisationMembership

ORGANISATION_FIELDS = (
    "name",
    "sector",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "email",
    "phone",
    "website",
    "notes",
)


def _validation_to_domain(err: ValidationError) -> DomainError:
    """A model's full_clean error as the first message against its field, for the form's error summary."""
    if hasattr(err, "error_dict"):
        field, errors = next(iter(err.error_dict.items()))
        return DomainError(errors[0].messages[0], field=None if field == "__all__" else field)
    return DomainError(err.messages[0])


def _duplicate_message(existing: OrganisationIdentifier, organisation: Organisation) -> str:
    if existing.organisation_id == organisation.pk:
        return f"This organisation already has {existing.noun} {existing.value}"
    return (
        f"An organisation with {existing.noun} {existing.value} is already on the register: "
        f"{existing.organisation.name}"
    )


def _refuse_duplicate(scheme_code: str, value: str, organisation: Organisation) -> None:
    existing = (
        OrganisationIdentifier.objects.select_related("organisation")
        .filter(scheme=scheme_code, value=value)
        .first()
    )
    if existing is not None:
        raise DomainError(_duplicate_message(existing, organisation), field="value")


@transaction.atomic
def organisation_create(
    *,
    by: Actor,
    name: str,
    sector: str,
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    notes: str = "",
    identifiers: Iterable[tuple[str, str]] = (),
) -> Organisation:
    """Add an organisation to the register with any identifiers it has. A duplicate identifier refuses the lot.
    Register staff add any organisation; a provider user or partner administrator who acts for none yet adds
    their own (`invitations.organisation_register`)."""
    require(by, "organisation.create", {"name": name})
    organisation = Organisation(
        name=name.strip(),
        sector=sector,
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        town=town,
        postcode=postcode,
        email=email,
        phone=phone,
        website=website,
        notes=notes,
    )
    try:
        audited_save(by=by, instance=organisation)
    except ValidationError as err:
        raise _validation_to_domain(err) from None
    for scheme_code, value in identifiers:
        _identifier_add(by=by, organisation=organisation, scheme=scheme_code, value=value)
    return organisation


@transaction.atomic
def organisation_update(*, by: Actor, organisation: Organisation, changes: Mapping[str, Any]) -> Organisation:
    """Change an organisation's details. Writes nothing when nothing changed."""
    require(by, "organisation.edit", organisation)
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"organisation_update cannot change {sorted(unknown)}")
    before = snapshot(organisation)
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if field == "name" else value)
    if snapshot(organisation) == before:
        return organisation
    try:
        audited_save(by=by, instance=organisation)
    except ValidationError as err:
        organisation.refresh_from_db()
        raise _validation_to_domain(err) from None
    return organisation


@transaction.atomic
def identifier_add(
    *, by: Actor, organisation: Organisation, scheme: str, value: str, is_preferred: bool = False
) -> OrganisationIdentifier:
    """Record an official identifier, checked for its scheme's shape and refused if already on the register."""
    require(by, "organisation.edit", organisation)
    return _identifier_add(
        by=by, organisation=organisation, scheme=scheme, value=value, is_preferred=is_preferred
    )


def _identifier_add(
    *, by: Actor, organisation: Organisation, scheme: str, value: str, is_preferred: bool = False
) -> OrganisationIdentifier:
    try:
        normalised = normalise_identifier(scheme, value)
    except ValidationError as err:
        field = "scheme" if err.code == "scheme" else "value"
        raise DomainError(err.messages[0], field=field) from None
    _refuse_duplicate(scheme, normalised, organisation)
    if is_preferred:
        organisation.identifiers.filter(is_preferred=True).update(is_preferred=False)
    try:
        # A savepoint, so that losing a race with another insert leaves the outer transaction usable.
        with transaction.atomic():
            identifier = OrganisationIdentifier.objects.create(
                organisation=organisation, scheme=scheme, value=normalised, is_preferred=is_preferred
            )
    except IntegrityError:
        _refuse_duplicate(scheme, normalised, organisation)
        raise
    audit_record(
        by=by,
        action="add identifier",
        instance=organisation,
        before={"identifier": None},
        after={"identifier": identifier.org_id, "preferred": is_preferred},
    )
    return identifier


@transaction.atomic
def identifier_remove(*, by: Actor, identifier: OrganisationIdentifier) -> None:
    organisation = identifier.organisation
    require(by, "organisation.edit", organisation)
    org_id = identifier.org_id
    identifier.delete()
    audit_record(
        by=by,
        action="remove identifier",
        instance=organisation,
        before={"identifier": org_id},
        after={"identifier": None},
    )


def _check_due_diligence_dates(*, dated: date, expires_on: date | None) -> None:
    if dated > timezone.localdate():
        raise DomainError("The date of the document must be today or in the past", field="dated")
    if expires_on is not None and expires_on < dated:
        raise DomainError(
            "The expiry date must be the same as or after the date of the document", field="expires_on"
        )


def _attach_document(item: DueDiligenceItem, document: CheckedUpload | None) -> None:
    if document is None:
        return
    item.document.save(document.stored_name, document.file, save=False)
    item.original_name = document.original_name
    item.content_type = document.content_type
    item.size = document.size


@transaction.atomic
def due_diligence_add(
    *,
    by: Actor,
    organisation: Organisation,
    kind: str,
    title: str,
    dated: date,
    expires_on: date | None = None,
    checked: bool = False,
    document: CheckedUpload | None = None,
) -> DueDiligenceItem:
    """Record a due-diligence document. `checked` records that the acting member of staff has seen it;
    `document` is the file itself, already checked by `core.uploads.check_upload`."""
    require(by, "organisation.due_diligence", organisation)
    _check_due_diligence_dates(dated=dated, expires_on=expires_on)
    item = DueDiligenceItem(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        dated=dated,
        expires_on=expires_on,
        checked_by_id=acting_person_id(by) if checked else None,
        checked_on=timezone.localdate() if checked else None,
    )
    _attach_document(item, document)
    try:
        audited_save(by=by, instance=item)
    except ValidationError as err:
        raise _validation_to_domain(err) from None
    return item


@transaction.atomic
def due_diligence_update(
    *,
    by: Actor,
    item: DueDiligenceItem,
    kind: str,
    title: str,
    dated: date,
    expires_on: date | None,
    checked: bool = False,
    document: CheckedUpload | None = None,
) -> DueDiligenceItem:
    """Change a due-diligence item. A changed document needs checking again, so the check is kept only when the
    document is unchanged and `checked` is still true; writes nothing when nothing changed. A new `document`
    file replaces the old one (which is kept in storage: applications may have been sent with it)."""
    require(by, "organisation.due_diligence", item)
    _check_due_diligence_dates(dated=dated, expires_on=expires_on)
    before = snapshot(item)
    item.kind, item.title, item.dated, item.expires_on = kind, title.strip(), dated, expires_on
    _attach_document(item, document)
    document_changed = snapshot(item) != before
    if not checked:
        item.checked_by, item.checked_on = None, None
    elif document_changed or item.checked_by_id is None:
        item.checked_by_id, item.checked_on = acting_person_id(by), timezone.localdate()
    if snapshot(item) == before:
        return item
    try:
        audited_save(by=by, instance=item)
    except ValidationError as err:
        raise _validation_to_domain(err) from None
    return item


@transaction.atomic
def membership_add(
    *, by: Actor, organisation: Organisation, user: Any, is_administrator: bool = False
) -> OrganisationMembership:
    """A provider user or partner administrator joins an organisation. A person belongs to only one. Register
    staff add members; a person joins themselves only through registering their organisation or accepting an
    invitation (`invitations`), which check their own rules."""
    if by is not user:
        require(by, "organisation.edit", organisation)
    if not may(user, "organisation.belong"):
        raise DomainError(
            f"{user.email} is not a provider user or partner administrator, so cannot belong to an organisation",
            field="email",
        )
    existing = (
        OrganisationMembership.objects.select_for_update()
        .select_related("organisation")
        .filter(user=user)
        .first()
    )
    if existing is not None:
        if existing.organisation_id == organisation.pk:
            raise DomainError(f"{user.email} is already a member of this organisation", field="email")
        raise DomainError(
            f"{user.email} already belongs to {existing.organisation.name}. A person can belong to only one "
            "organisation",
            field="email",
        )
    try:
        with transaction.atomic():
            membership = OrganisationMembership.objects.create(
                user=user, organisation=organisation, is_administrator=is_administrator
            )
    except IntegrityError:
        raise DomainError(f"{user.email} already belongs to an organisation", field="email") from None
    audit_record(
        by=by,
        action="add member",
        instance=organisation,
        before={"member": None},
        after={"member": user.email, "administrator": is_administrator},
    )
    return membership


@transaction.atomic
def membership_remove(*, by: Actor, membership: OrganisationMembership) -> None:
    organisation = membership.organisation
    require(by, "organisation.edit", organisation)
    email = membership.user.email
    membership.delete()
    audit_record(
        by=by, action="remove member", instance=organisation, before={"member": email}, after={"member": None}
    )
