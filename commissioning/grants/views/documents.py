"""Downloads of uploaded documents. Files are never served from MEDIA_URL: each download loads its record
through an access function, so anyone who may not see the application (or organisation) gets "not found", by
any address, and the file is streamed as an attachment."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from commissioning.core.uploads import download_response
from commissioning.organisations.access import due_diligence_document_for

from ..access import application_document_for


@require_GET
@login_required
def application_document(request: HttpRequest, pk: int) -> FileResponse:
    document = application_document_for(request.user, pk)
    # A submitted application keeps its own copy of each reused item's file (as it was sent); a draft's reused
    # item serves the organisation's current file.
    if document.file:
        return download_response(
            document.file, filename=document.original_name, content_type=document.content_type
        )
    item = document.due_diligence_item
    if item is None or not item.document:
        raise Http404("This document has no file.")
    return download_response(item.document, filename=item.original_name, content_type=item.content_type)


@require_GET
@login_required
def due_diligence_document(request: HttpRequest, pk: int) -> FileResponse:
    item = due_diligence_document_for(request.user, pk)
    return download_response(item.document, filename=item.original_name, content_type=item.content_type)
