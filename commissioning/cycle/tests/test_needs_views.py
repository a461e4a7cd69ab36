"""Needs assessment pages through HTTP: who may read and write, writing and revising with GOV.UK errors and nothing
lost, earlier versions readable, evidence files served only to staff, and query bounds with many rows."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.cycle.models import EvidenceKind, NeedsAssessment
from commissioning.cycle.services.needs import EvidenceInput, needs_assessment_revise

from .needs_support import PDF, every_kind_of_evidence, pdf, write_assessment

pytestmark = pytest.mark.django_db


def _form(choices, **values):
    data = {
        "title": "Support for young people at risk of exploitation",
        "priorities": [str(choices[1].pk)],
        "need": "County lines groom around 300 young people a year.",
        "gaps": "No outreach in the rural north.",
        "implications": "Commission detached youth work in the north.",
    }
    for number in range(3):
        for name in ("kind", "title", "summary", "source", "dated_on_0", "dated_on_1", "dated_on_2"):
            data[f"evidence_{number}_{name}"] = ""
    data.update(values)
    return data


STAFF_READERS = [
    Role.ADMINISTRATOR,
    Role.COMMISSIONER,
    Role.CHIEF_EXECUTIVE,
    Role.CHIEF_FINANCE_OFFICER,
    Role.COMMISSIONING_OFFICER,
    Role.AUDITOR,
    Role.ASSESSOR,
    Role.PARTNER_ADMINISTRATOR,
]


@pytest.mark.parametrize("role", STAFF_READERS)
def test_everyone_on_staff_reads_the_list_a_version_and_its_files(
    client_as, officer, priorities, media, role
):
    assessment = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    document = assessment.versions.get().evidence.get(kind=EvidenceKind.DOCUMENT)
    client = client_as(role)
    listing = client.get(reverse("needs:list"))
    assert listing.status_code == 200 and assessment.title in listing.content.decode()
    page = client.get(reverse("needs:detail", args=[assessment.pk]))
    assert page.status_code == 200 and "Victims&#x27; needs survey 2025" in page.content.decode()
    download = client.get(reverse("needs:evidence", args=[assessment.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="Victims survey.pdf"')


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ASSESSOR, Role.COMMISSIONER, Role.CHIEF_FINANCE_OFFICER])
def test_staff_who_are_not_officers_read_but_do_not_write(client_as, officer, priorities, role):
    assessment = write_assessment(officer, priorities)
    client = client_as(role)
    page = client.get(reverse("needs:detail", args=[assessment.pk])).content.decode()
    assert "Revise the assessment" not in page
    assert "Write a needs assessment" not in client.get(reverse("needs:list")).content.decode()
    assert client.get(reverse("needs:create")).status_code == 403
    assert client.post(reverse("needs:create"), _form(priorities)).status_code == 403
    assert client.get(reverse("needs:revise", args=[assessment.pk])).status_code == 403
    assert NeedsAssessment.objects.count() == 1


def test_a_provider_and_the_public_are_refused_staff_pages_and_files(
    client, client_as, officer, priorities, media
):
    assessment = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    document = assessment.versions.get().evidence.get(kind=EvidenceKind.DOCUMENT)
    provider = client_as(Role.PROVIDER)
    urls = [
        reverse("needs:list"),
        reverse("needs:detail", args=[assessment.pk]),
        reverse("needs:version", args=[assessment.pk, 1]),
        reverse("needs:create"),
        reverse("needs:revise", args=[assessment.pk]),
        reverse("needs:evidence", args=[assessment.pk, document.pk]),
    ]
    for url in urls:
        assert provider.get(url).status_code in (403, 404)
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]


def test_an_evidence_file_is_served_only_with_its_own_assessment(client_as, officer, priorities, media):
    first = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    second = write_assessment(officer, priorities, title="Another")
    document = first.versions.get().evidence.get(kind=EvidenceKind.DOCUMENT)
    data = first.versions.get().evidence.get(kind=EvidenceKind.DATA)
    client = client_as(Role.AUDITOR)
    assert client.get(reverse("needs:evidence", args=[second.pk, document.pk])).status_code == 404
    assert client.get(reverse("needs:evidence", args=[first.pk, data.pk])).status_code == 404


def test_an_officer_writes_an_assessment_with_evidence(client_as, officer, priorities, media):
    client = client_as(user=officer)
    assert client.get(reverse("needs:create")).status_code == 200
    data = _form(
        priorities,
        evidence_0_kind="document",
        evidence_0_title="Exploitation profile",
        evidence_0_upload=SimpleUploadedFile("profile.pdf", PDF, content_type="application/pdf"),
        evidence_1_kind="data",
        evidence_1_title="Missing episodes",
        evidence_1_dated_on_0="31",
        evidence_1_dated_on_1="3",
        evidence_1_dated_on_2="2026",
    )
    response = client.post(reverse("needs:create"), data)
    assessment = NeedsAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "needs:detail", args=[assessment.pk]
    )
    version = assessment.versions.get()
    assert version.evidence.get(kind="data").dated_on == date(2026, 3, 31)
    assert version.evidence.get(kind="document").original_name == "profile.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "saved as version 1" in page and "Missing episodes" in page and "profile.pdf" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": ""}, "Enter the title of the needs assessment"),
        ({"priorities": []}, "Select at least one priority the assessment is for"),
        ({"priorities": ["999999"]}, "Select priorities from the list"),
        ({"need": " "}, "Enter the need and demand"),
        ({"evidence_0_kind": "document", "evidence_0_title": "Report"}, "Select the document&#x27;s file"),
        ({"evidence_0_kind": "data", "evidence_0_title": "Crime data"}, "Enter the date of the data"),
        (
            {"evidence_2_kind": "consultation_public", "evidence_2_title": "Survey"},
            "Enter what the consultation heard",
        ),
        ({"evidence_1_title": "Something"}, "Select the kind of evidence"),
        ({"evidence_0_kind": "rumour", "evidence_0_title": "x"}, "Select the kind of evidence from the list"),
        (
            {
                "evidence_0_kind": "data",
                "evidence_0_title": "x",
                "evidence_0_dated_on_0": "31",
                "evidence_0_dated_on_1": "2",
                "evidence_0_dated_on_2": "2026",
            },
            "must be a real date",
        ),
    ],
)
def test_bad_input_is_shown_in_govuk_words_and_nothing_typed_is_lost(
    client_as, officer, priorities, values, message
):
    client = client_as(user=officer)
    response = client.post(reverse("needs:create"), _form(priorities, **values))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "County lines groom around 300 young people a year." in html or values.get("need") == " "
    assert not NeedsAssessment.objects.exists()


def test_a_disguised_file_is_refused_beside_its_field(client_as, officer, priorities, media):
    client = client_as(user=officer)
    data = _form(
        priorities,
        evidence_0_kind="document",
        evidence_0_title="Report",
        evidence_0_upload=SimpleUploadedFile(
            "report.pdf", b"<html><script>x</script>", content_type="application/pdf"
        ),
    )
    response = client.post(reverse("needs:create"), data)
    assert response.status_code == 200
    assert "The selected file must be a PDF" in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_an_officer_revises_and_the_earlier_version_stays_readable(client_as, officer, priorities, media):
    assessment = write_assessment(officer, priorities, evidence=every_kind_of_evidence())
    first = assessment.versions.get()
    keep = [str(row.pk) for row in first.evidence.exclude(kind=EvidenceKind.CONSULTATION_PUBLIC)]
    client = client_as(user=officer)
    form = client.get(reverse("needs:revise", args=[assessment.pk])).content.decode()
    assert "About 9,000 incidents a year" in form and "Evidence to carry forward" in form
    data = _form(
        priorities,
        title=assessment.title,
        need="About 10,500 incidents a year.",
        revision_note="New figures for 2026.",
        keep_evidence=keep,
        evidence_0_kind="consultation_service_users",
        evidence_0_title="Second survivors' panel",
        evidence_0_summary="Evening support is still missing.",
    )
    response = client.post(reverse("needs:revise", args=[assessment.pk]), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Version 2" in page and "About 10,500 incidents a year." in page and "Public survey" not in page
    assert "New figures for 2026." in page and "Olive Officer" in page
    earlier = client.get(reverse("needs:version", args=[assessment.pk, 1])).content.decode()
    assert "This is an earlier version" in earlier and "About 9,000 incidents a year" in earlier
    assert "Public survey" in earlier
    assert client_as(Role.AUDITOR).get(reverse("needs:version", args=[assessment.pk, 3])).status_code == 404


def test_a_revision_needs_its_reason(client_as, officer, priorities):
    assessment = write_assessment(officer, priorities)
    client = client_as(user=officer)
    response = client.post(reverse("needs:revise", args=[assessment.pk]), _form(priorities, revision_note=""))
    assert "Enter what changed from the earlier version, and why" in response.content.decode()
    assert assessment.versions.count() == 1


def test_the_list_filters_by_priority(client_as, officer, priorities):
    write_assessment(officer, priorities, title="Domestic abuse", priority_ids=[priorities[0].pk])
    write_assessment(officer, priorities, title="Youth violence", priority_ids=[priorities[1].pk])
    client = client_as(Role.AUDITOR)
    html = client.get(reverse("needs:list"), {"priority": priorities[1].pk}).content.decode()
    assert "Youth violence" in html and "Domestic abuse" not in html
    bad = client.get(reverse("needs:list"), {"priority": "nonsense"})
    assert bad.status_code == 200 and "Select a priority from the list" in bad.content.decode()


def test_the_pages_read_a_bounded_number_of_queries(
    client_as, officer, priorities, media, django_assert_max_num_queries
):
    for number in range(40):
        assessment = write_assessment(
            officer,
            priorities,
            title=f"Assessment {number}",
            priority_ids=[p.pk for p in priorities[: 1 + number % 3]],
            evidence=[
                EvidenceInput(kind="data", title=f"Data {n}", dated_on=date(2026, 1, 1)) for n in range(3)
            ],
        )
    for number in range(2, 8):
        needs_assessment_revise(
            by=officer,
            assessment=assessment,
            need=f"Revision {number}",
            gaps="g",
            implications="i",
            revision_note=f"Revision {number}",
            keep_evidence=list(
                assessment.versions.order_by("-number").first().evidence.values_list("pk", flat=True)
            ),
            evidence=[EvidenceInput(kind="document", title=f"Report {number}", upload=pdf())],
        )
    client = client_as(Role.AUDITOR)
    for query in ({}, {"page": "2"}, {"priority": priorities[0].pk}):
        with django_assert_max_num_queries(12):
            assert client.get(reverse("needs:list"), query).status_code == 200
    for url in (
        reverse("needs:detail", args=[assessment.pk]),
        reverse("needs:version", args=[assessment.pk, 3]),
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    writer = client_as(user=officer)
    with django_assert_max_num_queries(12):
        assert writer.get(reverse("needs:revise", args=[assessment.pk])).status_code == 200
