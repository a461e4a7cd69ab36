"""The application journey through HTTP: start, the task list, each topic page, save and return, a session that
expired, check answers, submit, confirmation, the organisation's list, and privacy between organisations."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.grants.models import Application, ApplicationStatus, BudgetLine, Decision
from commissioning.grants.services import applications as services
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import DueDiligenceItemFactory, OrganisationFactory

from .factories import (
    ApplicationFactory,
    complete_application,
    current_plan_priorities,
    police_property_act_scheme,
    provider_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities():
    return current_plan_priorities()


@pytest.fixture
def scheme():
    return police_property_act_scheme()


@pytest.fixture
def provider():
    return provider_for(OrganisationFactory(sector=Sector.COMMUNITY_GROUP, name="Devizes Street Pastors"))


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def draft(scheme, provider):
    return services.application_start(by=provider, scheme=scheme)


def section_url(application, section):
    return reverse("apply:section", args=[application.pk, section])


def text(response):
    return response.content.decode()


DATES = {
    "starts_on_0": "1",
    "starts_on_1": "6",
    "starts_on_2": str(timezone.localdate().year + 1),
    "ends_on_0": "31",
    "ends_on_1": "3",
    "ends_on_2": str(timezone.localdate().year + 2),
}


def test_someone_not_signed_in_is_asked_to_sign_in_or_create_an_account(client, scheme):
    response = client.get(reverse("apply:start", args=[scheme.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    page = text(client.get(response["Location"]))
    assert reverse("accounts:register") in page


def test_staff_cannot_use_the_applicant_pages(client_as, scheme, draft):
    client = client_as(Role.COMMISSIONING_OFFICER)
    assert client.get(reverse("apply:start", args=[scheme.slug])).status_code == 403
    assert client.get(reverse("apply:task-list", args=[draft.pk])).status_code == 403
    assert client.get(reverse("apply:list")).status_code == 403


def test_a_provider_without_an_organisation_is_sent_to_register_one(client_as, scheme):
    client = client_as(Role.PROVIDER)
    response = client.get(reverse("apply:start", args=[scheme.slug]))
    start = reverse("apply:start", args=[scheme.slug])
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('my-organisation:start')}?next={start.replace('/', '%2F')}"
    assert client.get(reverse("apply:list"))["Location"].startswith(reverse("my-organisation:start"))


def test_start_shows_what_to_have_ready_and_makes_one_draft(client_for, scheme, provider):
    client = client_for(provider)
    page = text(client.get(reverse("apply:start", args=[scheme.slug])))
    assert "Before you start" in page and "Devizes Street Pastors" in page
    response = client.post(reverse("apply:start", args=[scheme.slug]))
    application = Application.objects.get()
    assert response["Location"] == reverse("apply:task-list", args=[application.pk])
    client.post(reverse("apply:start", args=[scheme.slug]))
    assert Application.objects.count() == 1
    assert "Continue your application" in text(client.get(reverse("apply:start", args=[scheme.slug])))


def test_a_closed_or_unpublished_scheme_cannot_be_started(client_for, scheme, provider):
    client = client_for(provider)
    scheme.closes_at = timezone.now() - timedelta(minutes=1)
    scheme.save()
    response = client.post(reverse("apply:start", args=[scheme.slug]))
    assert response.status_code == 400 and "is not open for applications" in text(response)
    scheme.is_published = False
    scheme.save()
    assert client.get(reverse("apply:start", args=[scheme.slug])).status_code == 404
    assert Application.objects.count() == 0


def test_the_whole_journey_from_task_list_to_confirmation(
    client_for, provider, draft, priorities, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(provider)
    page = text(client.get(reverse("apply:task-list", args=[draft.pk])))
    assert page.count("Not yet started") == 7 and "Cannot start yet" in page
    assert 'class="govuk-task-list"' in page

    def save(section, data, expect=302):
        response = client.post(section_url(draft, section), {**data, "continue": ""})
        assert response.status_code == expect, text(response)[:3000]
        return response

    page = text(client.get(section_url(draft, "organisation")))
    assert "Devizes Street Pastors" in page and "Save and come back later" in page
    save("organisation", {"organisation_confirmed": "on"})
    save(
        "project",
        {
            "project_title": "Night pastors",
            "project_summary": "Volunteers on the streets on Friday nights.",
            "amount_requested": "£2,750.00",
            "recurring": "no",
        },
    )
    save(
        "priorities",
        {"priorities": [priorities[0].pk, priorities[2].pk], "priorities_explanation": "Safer nights"},
    )
    save(
        "outcomes",
        {
            "outcomes": "Fewer assaults",
            "beneficiaries": "People out at night",
            "beneficiary_count": "300",
            "location": "Devizes",
            "location_postcode": "sn102la",
        },
    )
    response = client.post(
        section_url(draft, "budget"), {"description": "Radios", "amount": "750", "add": ""}
    )
    assert response.status_code == 302
    page = text(client.get(section_url(draft, "budget")))
    assert "Radios" in page and "£2,000 less than the amount you are applying for" in page
    save("budget", {"description": "Training", "amount": "2,000"})
    save("dates", DATES)
    DueDiligenceItemFactory(organisation=draft.organisation, title="Our safeguarding policy")
    page = text(client.get(section_url(draft, "documents")))
    assert "Our safeguarding policy" in page
    save("documents", {})
    page = text(client.get(reverse("apply:task-list", args=[draft.pk])))
    assert "Cannot start yet" not in page
    save(
        "declarations",
        {
            "declaration_name": "Sam Smith",
            "declaration_role": "Chair",
            "declaration_confirmations": ["true", "authority", "changes"],
        },
    )
    page = text(client.get(reverse("apply:task-list", args=[draft.pk])))
    assert "You have completed 8 of 8 sections" in page

    page = text(client.get(reverse("apply:check-answers", args=[draft.pk])))
    assert "What is your project called?" in page and "Night pastors" in page
    assert "£2,750.00" in page and "SN10 2LA" in page and "Radios: £750.00" in page
    assert "1. Priority 1" in page and "3. Priority 3" in page
    assert page.count(">Change<") >= 15
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("apply:submit", args=[draft.pk]))
    assert response["Location"] == reverse("apply:confirmation", args=[draft.pk])
    draft.refresh_from_db()
    year = timezone.localtime().year
    assert draft.status == ApplicationStatus.SUBMITTED and draft.reference == f"PPAF-{year}-0001"
    page = text(client.get(response["Location"]))
    assert "govuk-panel--confirmation" in page and f"PPAF-{year}-0001" in page and "What happens next" in page
    assert len(mailoutbox) == 1 and f"PPAF-{year}-0001" in mailoutbox[0].body
    assert f"http://testserver/apply/{draft.pk}/" in mailoutbox[0].body
    page = text(client.get(reverse("apply:list")))
    assert f"PPAF-{year}-0001" in page and "Submitted" in page
    # After submission the answers can be read but not changed.
    assert client.get(section_url(draft, "project"))["Location"] == reverse(
        "apply:application", args=[draft.pk]
    )
    assert client.get(reverse("apply:task-list", args=[draft.pk]))["Location"] == reverse(
        "apply:application", args=[draft.pk]
    )
    page = text(client.get(reverse("apply:application", args=[draft.pk])))
    assert "Night pastors" in page and ">Change<" not in page


def test_save_and_come_back_later_keeps_partial_answers_without_asking_for_the_rest(
    client_for, provider, draft
):
    client = client_for(provider)
    response = client.post(section_url(draft, "project"), {"project_title": "Half done", "later": ""})
    assert response["Location"] == reverse("apply:list")
    draft.refresh_from_db()
    assert draft.project_title == "Half done" and draft.completed_sections == []
    assert "have been saved" in text(client.get(reverse("apply:list")))
    assert 'value="Half done"' in text(client.get(section_url(draft, "project")))
    assert "In progress" in text(client.get(reverse("apply:task-list", args=[draft.pk])))


def test_save_and_continue_asks_for_every_answer_in_the_section(client_for, provider, draft):
    client = client_for(provider)
    response = client.post(section_url(draft, "project"), {"project_title": "Only a title", "continue": ""})
    assert response.status_code == 400
    page = text(response)
    assert "govuk-error-summary" in page
    assert "Describe your project" in page and "Enter the amount you are applying for" in page
    assert "Select yes if the project will need this funding again every year" in page
    draft.refresh_from_db()
    assert draft.project_title == "" and "project" not in draft.completed_sections
    response = client.post(
        section_url(draft, "declarations"), {"declaration_confirmations": ["true"], "continue": ""}
    )
    assert "Select all the declarations to confirm them" in text(response)


def test_a_section_posted_after_the_session_expired_is_not_lost(provider, draft):
    client = Client()
    client.force_login(provider)
    client.logout()  # the session has gone: the next POST arrives without one
    typed = {"project_title": "Typed before the timeout", "project_summary": "Long answer", "later": ""}
    response = client.post(section_url(draft, "project"), typed)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))
    draft.refresh_from_db()
    assert draft.project_title == ""
    response = client.post(response["Location"], {"username": provider.email, "password": "x"})
    assert response.status_code == 302 and response["Location"] == section_url(draft, "project")
    page = text(client.get(response["Location"]))
    assert 'value="Typed before the timeout"' in page and "Long answer" in page
    assert "We kept the answers you entered" in page
    # Shown once; saving it is one press of the button.
    assert "Typed before the timeout" not in text(client.get(section_url(draft, "project")))


def test_a_tampered_or_other_pages_stash_is_ignored(provider, draft):
    from commissioning.grants.views.applicant import STASH_KEY

    client = Client()
    client.force_login(provider)
    session = client.session
    session[STASH_KEY] = "not-signed"
    session.save()
    assert "We kept the answers" not in text(client.get(section_url(draft, "project")))


def test_a_provider_of_another_organisation_finds_nothing_at_any_address(
    client_for, draft, provider, priorities
):
    other = client_for(provider_for(OrganisationFactory(sector=Sector.CHARITY)))
    line = services.budget_line_add(by=provider, application=draft, description="Hall", amount=Decimal("10"))
    gets = [
        reverse("apply:task-list", args=[draft.pk]),
        reverse("apply:application", args=[draft.pk]),
        reverse("apply:check-answers", args=[draft.pk]),
        reverse("apply:confirmation", args=[draft.pk]),
        reverse("apply:withdraw", args=[draft.pk]),
        reverse("apply:document-add", args=[draft.pk]),
        *[section_url(draft, section) for section in services.SECTION_KEYS],
    ]
    for url in gets:
        assert other.get(url).status_code == 404, url
    posts = [
        reverse("apply:submit", args=[draft.pk]),
        reverse("apply:withdraw", args=[draft.pk]),
        reverse("apply:budget-line-remove", args=[draft.pk, line.pk]),
        reverse("apply:document-reuse", args=[draft.pk]),
        reverse("apply:document-add", args=[draft.pk]),
        reverse("apply:document-remove", args=[draft.pk, 1]),
        section_url(draft, "project"),
    ]
    for url in posts:
        assert other.post(url, {"project_title": "Hijack", "continue": ""}).status_code == 404, url
    draft.refresh_from_db()
    assert draft.project_title == "" and draft.status == ApplicationStatus.DRAFT
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    assert "has not started any applications" in text(other.get(reverse("apply:list")))


def test_budget_lines_are_added_and_removed_from_the_page(client_for, provider, draft):
    client = client_for(provider)
    client.post(section_url(draft, "project"), {"amount_requested": "1000", "later": ""})
    client.post(section_url(draft, "budget"), {"description": "Hall hire", "amount": "400", "add": ""})
    line = BudgetLine.objects.get()
    page = text(client.get(section_url(draft, "budget")))
    assert "£600 less than the amount you are applying for" in page
    response = client.post(reverse("apply:budget-line-remove", args=[draft.pk, line.pk]))
    assert response.status_code == 302 and not BudgetLine.objects.exists()
    response = client.post(section_url(draft, "budget"), {"continue": ""})
    assert response.status_code == 400 and "Add at least one budget line" in text(response)
    response = client.post(section_url(draft, "budget"), {"description": "Hall hire", "continue": ""})
    assert "Enter how much it will cost" in text(response)
    assert client.get(reverse("apply:budget-line-remove", args=[draft.pk, 1])).status_code == 405


def test_documents_are_reused_from_the_organisation_and_removed(client_for, provider, draft):
    client = client_for(provider)
    item = DueDiligenceItemFactory(organisation=draft.organisation, title="Insurance 2026")
    foreign = DueDiligenceItemFactory(title="Someone else's policy")
    response = client.post(reverse("apply:document-reuse", args=[draft.pk]), {"item": item.pk})
    assert response.status_code == 302
    document = draft.documents.get()
    assert document.due_diligence_item == item
    client.post(reverse("apply:document-reuse", args=[draft.pk]), {"item": foreign.pk})
    assert draft.documents.count() == 1
    page = text(client.get(section_url(draft, "documents")))
    assert "Insurance 2026" in page
    client.post(reverse("apply:document-remove", args=[draft.pk, document.pk]))
    assert draft.documents.count() == 0


def test_a_document_upload_is_checked_by_content(client_for, provider, draft, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(provider)
    disguised = SimpleUploadedFile("policy.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(
        reverse("apply:document-add", args=[draft.pk]), {"kind": "insurance", "upload": disguised}
    )
    assert response.status_code == 400 and "must be a PDF" in text(response)
    pdf = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("apply:document-add", args=[draft.pk]), {"kind": "insurance", "upload": pdf}
    )
    assert response.status_code == 302
    assert draft.documents.get().original_name == "policy.pdf"
    response = client.post(reverse("apply:document-add", args=[draft.pk]), {"kind": "nonsense"})
    assert response.status_code == 400 and "Select the kind of document from the list" in text(response)


@pytest.mark.parametrize(
    ("section", "data", "message"),
    [
        ("project", {"project_title": "<script>alert(1)</script>", "later": ""}, None),
        ("project", {"amount_requested": "9" * 40, "later": ""}, "must be £999,999,999,999 or less"),
        ("project", {"amount_requested": "lots", "later": ""}, "must be an amount of money"),
        ("project", {"amount_requested": "-5", "later": ""}, "must be £0.00 or more"),
        ("project", {"amount_requested": "12.345", "later": ""}, "in pounds and pence"),
        ("project", {"recurring": "maybe", "later": ""}, "Select yes or no"),
        ("project", {"project_title": "x" * 201, "later": ""}, "200 characters or fewer"),
        ("outcomes", {"beneficiary_count": "1e99", "later": ""}, "whole number"),
        ("outcomes", {"beneficiary_count": "99999999999999999999", "later": ""}, "10,000,000 or fewer"),
        ("outcomes", {"location_postcode": "NOT A POSTCODE", "later": ""}, "Enter a real postcode"),
        ("priorities", {"priorities": ["abc"], "later": ""}, "Select priorities from the list"),
        ("priorities", {"priorities": ["999999"], "later": ""}, "Select priorities from the list"),
        ("dates", {"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2027", "later": ""}, "real date"),
        ("dates", {"starts_on_0": "a", "starts_on_1": "b", "starts_on_2": "c", "later": ""}, "real date"),
        (
            "dates",
            {"starts_on_0": "1", "starts_on_1": "1", "starts_on_2": "99999999", "later": ""},
            "real date",
        ),
        (
            "dates",
            {**DATES, "ends_on_2": str(timezone.localdate().year), "later": ""},
            "The end date must be the same as or after the start date",
        ),
        (
            "declarations",
            {"declaration_confirmations": ["<b>"], "later": ""},
            "Select declarations from the list",
        ),
        ("budget", {"description": "Hall", "amount": "1" * 30, "add": ""}, "or less"),
    ],
)
def test_hostile_input_gets_a_message_never_a_server_error(
    client_for, provider, draft, priorities, section, data, message
):
    client = client_for(provider)
    response = client.post(section_url(draft, section), data)
    assert response.status_code in (302, 400)
    if message is None:
        page = text(client.get(section_url(draft, section)))
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    else:
        assert response.status_code == 400
        assert message in text(response)
        assert "govuk-error-summary" in text(response)


def test_unknown_sections_and_applications_are_not_found(client_for, provider, draft):
    client = client_for(provider)
    assert client.get(reverse("apply:section", args=[draft.pk, "nope"])).status_code == 404
    assert client.get(reverse("apply:task-list", args=[987654])).status_code == 404


def test_the_task_list_and_check_answers_make_a_fixed_number_of_queries(
    client_for, provider, draft, priorities, django_assert_max_num_queries
):
    draft = complete_application(draft, by=provider, priorities=priorities)
    for n in range(40):
        BudgetLine.objects.create(application=draft, description=f"Line {n}", amount=Decimal("1"))
    for _ in range(30):
        ApplicationFactory(scheme=draft.scheme)
    client = client_for(provider)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("apply:task-list", args=[draft.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("apply:check-answers", args=[draft.pk]))
    assert response.status_code == 200 and "Line 39" in text(response)
    with django_assert_max_num_queries(12):
        assert client.get(section_url(draft, "budget")).status_code == 200


def test_the_list_of_applications_is_paged_with_a_fixed_number_of_queries(
    client_for, provider, scheme, django_assert_max_num_queries
):
    organisation = provider.membership.organisation
    for n in range(60):
        ApplicationFactory(scheme=scheme, organisation=organisation, project_title=f"Project {n:02d}")
    client = client_for(provider)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("apply:list"))
    assert response.status_code == 200
    assert len(re.findall(r'<tr class="govuk-table__row">', text(response))) == 26  # header and 25 rows
    with django_assert_max_num_queries(8):
        assert client.get(reverse("apply:list") + "?page=3").status_code == 200


def test_a_declined_application_shows_the_reasons_and_an_approved_one_its_offer(client_for, provider, draft):
    client = client_for(provider)
    draft.status = ApplicationStatus.DECLINED
    draft.reference = "PPAF-2026-0099"
    draft.submitted_at = timezone.now()
    draft.save()
    Decision.objects.create(
        application=draft,
        outcome=Decision.Outcome.DECLINE,
        reasons="The project does not show how it reduces crime.",
        decided_by=provider,
        decided_at=timezone.now(),
    )
    page = text(client.get(reverse("apply:application", args=[draft.pk])))
    assert "Why your application was not funded" in page
    assert "The project does not show how it reduces crime." in page
    assert "Withdraw this application" not in page


def test_withdrawing_a_submitted_application(client_for, provider, draft, priorities):
    draft = complete_application(draft, by=provider, priorities=priorities[:1])
    services.application_submit(by=provider, application=draft)
    client = client_for(provider)
    assert "Withdraw this application" in text(client.get(reverse("apply:application", args=[draft.pk])))
    assert "Are you sure" in text(client.get(reverse("apply:withdraw", args=[draft.pk])))
    response = client.post(reverse("apply:withdraw", args=[draft.pk]))
    assert response["Location"] == reverse("apply:list")
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN
    response = client.post(reverse("apply:withdraw", args=[draft.pk]))
    assert response.status_code == 400 and "withdrawn, so it cannot be withdrawn" in text(response)
    assert len(mail.outbox) == 0 or all("received" in m.subject for m in mail.outbox)


def test_an_approved_application_links_to_its_offer(client_for, provider, draft, make_user):
    from commissioning.agreements.models import AgreementStatus
    from commissioning.agreements.tests.factories import make_agreement

    officer = make_user(Role.COMMISSIONING_OFFICER)
    agreement = make_agreement(
        by=officer, organisation=draft.organisation, fund=None, status=AgreementStatus.DRAFT
    )
    draft.status = ApplicationStatus.APPROVED
    draft.reference = "PPAF-2026-0100"
    draft.submitted_at = timezone.now()
    draft.save()
    Decision.objects.create(
        application=draft,
        outcome=Decision.Outcome.APPROVE_DIFFERENT,
        amount=Decimal("2000.00"),
        reasons="A strong case; the hall hire is funded elsewhere.",
        decided_by=officer,
        decided_at=timezone.now(),
        agreement=agreement,
    )
    page = text(client_for(provider).get(reverse("apply:application", args=[draft.pk])))
    assert "Your application has been approved for £2,000.00" in page
    assert reverse("my-agreements:offer", args=[agreement.pk]) in page


def test_section_pages_submit_with_real_buttons(client_for, provider, draft):
    page = text(client_for(provider).get(section_url(draft, "project")))
    assert re.search(r'<button\s+name="continue"', page) and re.search(r'<button\s+name="later"', page)
    assert 'class="govuk-button-group"' in page


def test_a_schemes_own_question_is_asked_saved_and_shown_as_worded(client_for, provider):
    scheme = police_property_act_scheme(
        question_definitions={"partners": {"label": "Who will you work with?", "hint": "Name any partners"}}
    )
    client = client_for(provider)
    client.post(reverse("apply:start", args=[scheme.slug]))
    application = Application.objects.get()
    page = text(client.get(section_url(application, "project")))
    assert "Who will you work with?" in page and "Name any partners" in page
    response = client.post(section_url(application, "project"), {"partners": "The local school", "later": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers == {"partners": "The local school"}
    response = client.post(section_url(application, "project"), {"project_title": "T", "continue": ""})
    assert "Answer the question &#x27;Who will you work with?&#x27;" in text(response)
    page = text(client.get(reverse("apply:check-answers", args=[application.pk])))
    assert "Who will you work with?" in page and "The local school" in page


def test_an_application_holding_only_the_schemes_questions_still_shows_every_question(
    client_for, provider, scheme
):
    application = ApplicationFactory(
        scheme=scheme,
        organisation=provider.membership.organisation,
        question_definitions={"partners": {"label": "Who will you work with?", "hint": ""}},
        answers={"partners": "Schools"},
    )
    page = text(client_for(provider).get(reverse("apply:check-answers", args=[application.pk])))
    assert "What is your project called?" in page and application.project_title in page
    assert "Who will you work with?" in page and "Schools" in page
