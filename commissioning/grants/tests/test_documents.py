"""Documents sent with an application, and the protected downloads of them and of due-diligence documents:
only people allowed to see the application (or organisation) can download, by any address."""

from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.core.uploads import check_upload
from commissioning.grants.models import Application, ApplicationDocument, ApplicationStatus
from commissioning.grants.services.documents import (
    application_document_add,
    application_document_remove,
    application_document_reuse,
)
from commissioning.grants.tests.factories import ApplicationFactory, AssignmentFactory, provider_for
from commissioning.organisations.models import DueDiligenceItem
from commissioning.organisations.services import due_diligence_add
from commissioning.organisations.tests.factories import DueDiligenceItemFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name="Safeguarding policy.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def application():
    return ApplicationFactory()


@pytest.fixture
def applicant(application):
    return provider_for(application.organisation, email="applicant@example.org")


@pytest.fixture
def document(application, applicant):
    return application_document_add(
        by=applicant, application=application, kind="safeguarding_policy", upload=pdf()
    )


def download(client, document):
    return client.get(reverse("documents:application-document", args=[document.pk]))


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def sent(application):
    """The application as submitted (staff see an application, and its files, only once it has been sent)."""
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)


# Services -----------------------------------------------------------------------------------------------------


def test_a_member_uploads_a_document_to_a_draft_application(application, applicant, document):
    assert document.application == application
    assert document.original_name == "Safeguarding policy.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.uploaded_by == applicant
    stored = document.file.name
    assert stored.startswith("applications/")
    assert "Safeguarding" not in stored and stored.endswith(".pdf")
    assert default_storage.open(stored).read() == PDF
    event = AuditEvent.objects.get(action="add document", record_id=str(application.pk))
    assert event.after["document"] == "Safeguarding policy.pdf"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", EXE), "The selected file must be a PDF, Word document"),
        (SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>"), "must be a PDF"),
        (SimpleUploadedFile("empty.pdf", b""), "The selected file is empty"),
    ],
)
def test_a_refused_file_is_explained_on_the_upload_field(application, applicant, upload, message):
    with pytest.raises(DomainError, match=message) as refused:
        application_document_add(by=applicant, application=application, kind="other", upload=upload)
    assert refused.value.field == "upload"
    assert not ApplicationDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(settings, application, applicant):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="The selected file must be smaller than 1KB"):
        application_document_add(
            by=applicant, application=application, kind="other", upload=pdf(content=PDF + b"0" * 2000)
        )


def test_an_unknown_kind_is_refused(application, applicant):
    with pytest.raises(DomainError, match="Select the type of document"):
        application_document_add(by=applicant, application=application, kind="selfie", upload=pdf())


def test_only_members_of_the_organisation_may_add_documents(application, make_user):
    outsider = provider_for(OrganisationFactory())
    officer = make_user(Role.COMMISSIONING_OFFICER)
    for person in (outsider, officer):
        with pytest.raises(DomainError, match="Only people who act for the applying organisation"):
            application_document_add(by=person, application=application, kind="other", upload=pdf())


def test_documents_cannot_change_after_the_application_is_sent(application, applicant, document):
    application.status = ApplicationStatus.SUBMITTED
    application.save()
    with pytest.raises(DomainError, match="cannot be changed after the application has been sent"):
        application_document_add(by=applicant, application=application, kind="other", upload=pdf())
    with pytest.raises(DomainError, match="cannot be changed"):
        application_document_remove(by=applicant, document=document)


def test_removing_a_document_deletes_its_file_once_saved(
    application, applicant, document, django_capture_on_commit_callbacks
):
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        application_document_remove(by=applicant, document=document)
    assert not ApplicationDocument.objects.exists()
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(action="remove document", record_id=str(application.pk)).exists()


def test_a_current_due_diligence_item_is_reused_instead_of_uploaded(application, applicant):
    item = due_diligence_add(
        by=applicant,
        organisation=application.organisation,
        kind="insurance",
        title="Public liability insurance",
        dated=date(2026, 1, 1),
        expires_on=timezone.localdate() + timedelta(days=200),
        document=check_upload(pdf("insurance.pdf")),
    )
    document = application_document_reuse(by=applicant, application=application, item=item)
    assert document.due_diligence_item == item
    assert document.kind == "insurance"
    assert not document.file
    assert document.original_name == "insurance.pdf"
    with pytest.raises(DomainError, match="already part of this application"):
        application_document_reuse(by=applicant, application=application, item=item)
    # Removing it from the application leaves the organisation's file alone.
    application_document_remove(by=applicant, document=document)
    item.refresh_from_db()
    assert default_storage.exists(item.document.name)


def test_an_expired_or_another_organisations_item_cannot_be_reused(application, applicant):
    expired = DueDiligenceItemFactory(
        organisation=application.organisation, dated=date(2024, 1, 1), expires_on=date(2025, 1, 1)
    )
    with pytest.raises(DomainError, match="has expired"):
        application_document_reuse(by=applicant, application=application, item=expired)
    foreign = DueDiligenceItemFactory(organisation=OrganisationFactory())
    with pytest.raises(DomainError, match="your organisation's own documents"):
        application_document_reuse(by=applicant, application=application, item=foreign)


# Downloads ----------------------------------------------------------------------------------------------------


def test_the_applicant_downloads_their_document_as_an_attachment(client_as, applicant, document):
    response = download(client_as(user=applicant), document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Safeguarding policy.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert body_of(response) == PDF


@pytest.mark.parametrize(
    "role", [Role.COMMISSIONING_OFFICER, Role.AUDITOR, Role.ADMINISTRATOR, Role.CHIEF_FINANCE_OFFICER]
)
def test_staff_who_read_everything_may_download(client_as, document, role):
    # A draft is the applicant's own: no staff role opens its files by address.
    assert download(client_as(role), document).status_code == 404
    sent(document.application)
    response = download(client_as(role), document)
    assert response.status_code == 200
    assert body_of(response) == PDF


def test_a_provider_of_another_organisation_gets_not_found_by_any_address(client_as, document):
    outsider = provider_for(OrganisationFactory())
    client = client_as(user=outsider)
    assert download(client, document).status_code == 404
    for pk in (document.pk, document.pk + 1, 999999):
        assert client.get(reverse("documents:application-document", args=[pk])).status_code == 404
    # Nor through the due-diligence download, nor the stored path itself.
    assert client.get("/media/" + document.file.name).status_code == 404
    assert client.get("/" + document.file.name).status_code == 404


def test_only_assigned_assessors_may_download(client_as, make_user, document):
    unassigned = make_user(Role.ASSESSOR)
    assert download(client_as(user=unassigned), document).status_code == 404
    assigned = make_user(Role.ASSESSOR)
    sent(document.application)
    AssignmentFactory(application=document.application, assessor=assigned)
    assert download(client_as(user=assigned), document).status_code == 200


def test_a_signed_out_person_is_asked_to_sign_in(client, document):
    response = download(client, document)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response.url


def test_a_reused_item_downloads_the_organisations_file(client_as, application, applicant):
    item = due_diligence_add(
        by=applicant,
        organisation=application.organisation,
        kind="governing_document",
        title="Constitution",
        dated=date(2025, 6, 1),
        document=check_upload(pdf("constitution.pdf")),
    )
    document = application_document_reuse(by=applicant, application=application, item=item)
    bare = DueDiligenceItemFactory(organisation=application.organisation, kind="equality_policy")
    empty = application_document_reuse(by=applicant, application=application, item=bare)
    sent(application)
    response = download(client_as(Role.AUDITOR), document)
    assert response.status_code == 200
    assert "constitution.pdf" in response["Content-Disposition"]
    assert body_of(response) == PDF
    # An item recorded without a file has nothing to download.
    assert download(client_as(user=applicant), empty).status_code == 404


# Due-diligence documents: uploaded on the organisation's pages, downloaded through a checked view -----------------


@pytest.fixture
def organisation_admin():
    return provider_for(OrganisationFactory(name="Devizes Youth Project"), email="admin@example.org")


def add_item(client, url, **extra):
    return client.post(
        url,
        {
            "kind": "safeguarding_policy",
            "title": "Safeguarding policy 2026",
            "dated_0": "1",
            "dated_1": "2",
            "dated_2": "2026",
            **extra,
        },
    )


def test_an_organisation_administrator_uploads_and_downloads_a_due_diligence_document(
    client_as, organisation_admin
):
    organisation = organisation_admin.membership.organisation
    client = client_as(user=organisation_admin)
    url = reverse("my-organisation:due-diligence-add", args=[organisation.pk])
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    response = add_item(client, url, document=pdf("policy.pdf"))
    assert response.status_code == 302
    item = DueDiligenceItem.objects.get()
    assert item.original_name == "policy.pdf"
    assert item.content_type == "application/pdf"
    assert item.document.name.startswith("due-diligence/")
    page = client.get(reverse("my-organisation:due-diligence", args=[organisation.pk])).content.decode()
    link = reverse("documents:due-diligence", args=[item.pk])
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert body_of(response) == PDF
    # Staff readers too; the staff page links it.
    assert client_as(Role.AUDITOR).get(link).status_code == 200
    staff_page = client_as(Role.COMMISSIONING_OFFICER).get(
        reverse("organisations:detail", args=[organisation.pk])
    )
    assert link in staff_page.content.decode()


def test_a_disguised_due_diligence_upload_is_refused_with_a_message(client_as, organisation_admin):
    organisation = organisation_admin.membership.organisation
    url = reverse("my-organisation:due-diligence-add", args=[organisation.pk])
    response = add_item(
        client_as(user=organisation_admin), url, document=SimpleUploadedFile("policy.pdf", EXE)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The selected file must be a PDF, Word document, spreadsheet, image or text file" in html
    assert not DueDiligenceItem.objects.exists()


def test_staff_upload_a_due_diligence_document_and_a_replacement_needs_checking_again(client_as, make_user):
    organisation = OrganisationFactory()
    officer = make_user(Role.COMMISSIONING_OFFICER)
    client = client_as(user=officer)
    add_item(
        client,
        reverse("organisations:due-diligence-add", args=[organisation.pk]),
        checked="on",
        document=pdf("first.pdf"),
    )
    item = DueDiligenceItem.objects.get()
    assert item.checked_by == officer
    first = item.document.name
    admin = provider_for(organisation)
    response = client_as(user=admin).post(
        reverse("my-organisation:due-diligence-edit", args=[organisation.pk, item.pk]),
        {
            "kind": "safeguarding_policy",
            "title": "Safeguarding policy 2026",
            "dated_0": "1",
            "dated_1": "2",
            "dated_2": "2026",
            "document": pdf("second.pdf"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.original_name == "second.pdf"
    assert item.document.name != first
    assert item.checked_by is None


def test_due_diligence_downloads_are_refused_to_everyone_else(
    client, client_as, make_user, organisation_admin
):
    organisation = organisation_admin.membership.organisation
    item = due_diligence_add(
        by=organisation_admin,
        organisation=organisation,
        kind="insurance",
        title="Insurance",
        dated=date(2026, 1, 1),
        document=check_upload(pdf()),
    )
    link = reverse("documents:due-diligence", args=[item.pk])
    assert client_as(user=provider_for(OrganisationFactory())).get(link).status_code == 404
    assert client_as(Role.ASSESSOR).get(link).status_code == 404
    assert client_as(Role.PARTNER_ADMINISTRATOR).get(link).status_code == 404
    assert client.get(link).status_code == 302
    bare = DueDiligenceItemFactory(organisation=organisation)
    assert (
        client_as(user=organisation_admin).get(reverse("documents:due-diligence", args=[bare.pk])).status_code
        == 404
    )


def test_the_due_diligence_list_with_many_documents_keeps_its_query_count(
    client_as, organisation_admin, django_assert_max_num_queries
):
    organisation = organisation_admin.membership.organisation
    for n in range(40):
        DueDiligenceItemFactory(
            organisation=organisation,
            title=f"Document {n}",
            document=f"due-diligence/2026/01/{n:032x}.pdf",
            original_name=f"document-{n}.pdf",
            content_type="application/pdf",
            size=1234,
        )
    client = client_as(user=organisation_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("my-organisation:due-diligence", args=[organisation.pk]))
    assert response.content.decode().count("/documents/due-diligence/") == 40
