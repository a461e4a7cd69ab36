"""The documents sent with an application: new uploads (checked by content) or the organisation's current
due-diligence items, reused instead of uploaded again. Documents change only while the application is a draft,
and only by people who act for its organisation. Each change is recorded on the application's history.

On submission each reused item's stored file is kept on the application's own document row, so the application
goes on serving the file it was sent with after the organisation replaces the item (the old file stays in storage:
organisations.services.due_diligence_update)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused, Verdict, check
from commissioning.audit.services import audit_record
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.uploads import CheckedUpload, check_upload
from commissioning.organisations.models import DueDiligenceItem, DueDiligenceKind, DueDiligenceStatus

from ..models import Application, ApplicationDocument, ApplicationStatus

DOCUMENT_KINDS = frozenset(DueDiligenceKind.values)


def _check_may_change(*, by: Actor, application: Application) -> None:
    verdict = check(by, "application.apply", application)
    if not verdict:
        reason = "Only people who act for the applying organisation can change its documents"
        raise PermissionRefused(Verdict(False, reason, verdict.rule))
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError("The documents cannot be changed after the application has been sent")


@transaction.atomic
def application_document_add(
    *, by: Actor, application: Application, kind: str, upload: Any
) -> ApplicationDocument:
    """Upload a new document. `upload` is the uploaded file (checked here by content, size and emptiness) or a
    CheckedUpload a form has already made; a refused file raises DomainError on the field "upload"."""
    _check_may_change(by=by, application=application)
    if kind not in DOCUMENT_KINDS:
        raise DomainError("Select the type of document", field="kind")
    if not isinstance(upload, CheckedUpload):
        upload = check_upload(upload)
    document = ApplicationDocument(
        application=application,
        kind=kind,
        original_name=upload.original_name,
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by_id=acting_person_id(by),
    )
    document.file.save(upload.stored_name, upload.file, save=False)
    document.save()
    audit_record(
        by=by,
        action="add document",
        instance=application,
        before={"document": None},
        after={
            "document": document.original_name,
            "kind": kind,
            "content_type": document.content_type,
            "size": document.size,
        },
    )
    return document


@transaction.atomic
def application_document_reuse(
    *, by: Actor, application: Application, item: DueDiligenceItem
) -> ApplicationDocument:
    """Send one of the organisation's current due-diligence items with the application instead of a new upload."""
    _check_may_change(by=by, application=application)
    if item.organisation_id != application.organisation_id:
        raise DomainError("Select one of your organisation's own documents", field="item")
    if item.status(timezone.localdate()) == DueDiligenceStatus.EXPIRED:
        raise DomainError(f"{item.title} has expired. Upload a current version instead", field="item")
    if application.documents.filter(due_diligence_item=item).exists():
        raise DomainError(f"{item.title} is already part of this application", field="item")
    document = ApplicationDocument.objects.create(
        application=application,
        kind=item.kind,
        due_diligence_item=item,
        original_name=item.original_name,
        content_type=item.content_type,
        size=item.size,
        uploaded_by_id=acting_person_id(by),
    )
    audit_record(
        by=by,
        action="reuse document",
        instance=application,
        before={"document": None},
        after={"document": item.title, "kind": item.kind, "due_diligence_item": item.pk},
    )
    return document


@transaction.atomic
def application_document_remove(*, by: Actor, document: ApplicationDocument) -> None:
    """Take a document off a draft application. A new upload's file is deleted once the change is saved; a
    reused due-diligence item stays with the organisation."""
    application = document.application
    _check_may_change(by=by, application=application)
    label = document.original_name or (
        document.due_diligence_item.title if document.due_diligence_item else document.kind
    )
    stored = document.file.name if document.file and not document.due_diligence_item_id else ""
    storage = document.file.storage
    document.delete()
    audit_record(
        by=by,
        action="remove document",
        instance=application,
        before={"document": label, "kind": document.kind},
        after={"document": None},
    )
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def application_documents_keep_as_sent(*, application: Application) -> None:
    """Keep, on each of the application's document rows, the exact stored file of the due-diligence item it
    reuses, with its name, type and size: called as the application is submitted, inside that transaction."""
    for document in application.documents.select_related("due_diligence_item").filter(
        due_diligence_item__isnull=False
    ):
        item = document.due_diligence_item
        assert item is not None
        document.file.name = item.document.name if item.document else ""
        document.original_name = item.original_name
        document.content_type = item.content_type
        document.size = item.size
        document.save(update_fields=["file", "original_name", "content_type", "size"])
