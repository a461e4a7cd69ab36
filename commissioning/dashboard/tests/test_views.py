import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.models import CommissioningBody

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Office of the Mayor for Somewhere",
    "short_name": "Mayor's Office",
    "commissioner_title": "Mayor",
    "chief_executive_title": "Chief Executive",
    "chief_finance_officer_title": "Treasurer",
    "grant_identifier_prefix": "360G-somewhere",
    "organisation_identifier": "GB-GOR-PC000999",
    "contact_email": "team@example.org",
    "website": "https://example.org",
}


def test_public_pages_need_no_sign_in(client):
    assert client.get(reverse("front:home")).status_code == 200
    page = client.get(reverse("core:accessibility"))
    assert page.status_code == 200
    assert "Accessibility statement" in page.content.decode()


def test_the_header_shows_the_body_name_from_data(client):
    CommissioningBody.objects.create(**BODY)
    html = client.get(reverse("front:home")).content.decode()
    assert "Office of the Mayor for Somewhere" in html


def test_administrator_edits_the_body_and_the_change_is_in_its_history(client_as):
    body = CommissioningBody.objects.create(**{**BODY, "name": "Old name"})
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(reverse("dashboard:body-edit"), BODY)
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Office of the Mayor for Somewhere"
    event = AuditEvent.objects.get(record_type="core.commissioningbody", record_id=str(body.pk))
    assert event.before["name"] == "Old name"
    page = admin.get(reverse("dashboard:body-edit")).content.decode()
    assert "Old name" in page and "History" in page


def test_body_edit_explains_bad_input_and_keeps_the_saved_record(client_as):
    body = CommissioningBody.objects.create(**BODY)
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("dashboard:body-edit"),
        {**BODY, "name": "", "contact_email": "not an email", "website": "<script>"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0].replace("&lt;script&gt;", "")
    body.refresh_from_db()
    assert body.name == BODY["name"]


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.CHIEF_FINANCE_OFFICER, Role.AUDITOR, Role.PROVIDER])
def test_only_an_administrator_edits_the_body(client_as, role):
    assert client_as(role).get(reverse("dashboard:body-edit")).status_code == 403


def test_staff_dashboard_needs_a_staff_role(client, client_as):
    assert client.get(reverse("dashboard:home")).status_code == 302
    assert client_as(Role.PROVIDER).get(reverse("dashboard:home")).status_code == 403
    assert client_as(Role.ASSESSOR).get(reverse("dashboard:home")).status_code == 200


def test_a_provider_user_finds_their_organisation_from_the_home_page(client_as, make_user):
    from commissioning.organisations.models import Organisation, OrganisationMembership

    organisation = Organisation.objects.create(name="Swindon Night Shelter", sector="charity")
    provider = make_user(Role.PROVIDER)
    OrganisationMembership.objects.create(user=provider, organisation=organisation, is_administrator=True)
    html = client_as(user=provider).get(reverse("front:home")).content.decode()
    assert "Swindon Night Shelter" in html
    assert reverse("my-organisation:detail", args=[organisation.pk]) in html


def test_the_public_and_provider_users_see_their_own_navigation(client, client_as):
    public = client.get(reverse("front:home")).content.decode()
    assert reverse("schemes:list") in public
    assert reverse("dashboard:home") not in public
    provider = client_as(Role.PROVIDER).get(reverse("front:home")).content.decode()
    assert reverse("apply:list") in provider and reverse("my-agreements:list") in provider
    assert reverse("finance:fund-list") not in provider
    officer = client_as(Role.COMMISSIONING_OFFICER).get(reverse("dashboard:home")).content.decode()
    assert reverse("finance:fund-list") in officer and reverse("apply:list") not in officer
