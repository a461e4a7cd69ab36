import subprocess
import sys

import pytest
from django.test import override_settings
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
    assert client.get(reverse("core:home")).status_code == 200
    page = client.get(reverse("core:accessibility"))
    assert page.status_code == 200
    assert "Accessibility statement" in page.content.decode()


def test_the_header_shows_the_body_name_from_data(client):
    CommissioningBody.objects.create(**BODY)
    html = client.get(reverse("core:home")).content.decode()
    assert "Office of the Mayor for Somewhere" in html


def test_administrator_edits_the_body_and_the_change_is_in_its_history(client_as):
    body = CommissioningBody.objects.create(**{**BODY, "name": "Old name"})
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(reverse("core:body-edit"), BODY)
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Office of the Mayor for Somewhere"
    event = AuditEvent.objects.get(record_type="core.commissioningbody", record_id=str(body.pk))
    assert event.before["name"] == "Old name"
    page = admin.get(reverse("core:body-edit")).content.decode()
    assert "Old name" in page and "History" in page


def test_body_edit_explains_bad_input_and_keeps_the_saved_record(client_as):
    body = CommissioningBody.objects.create(**BODY)
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("core:body-edit"),
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
    assert client_as(role).get(reverse("core:body-edit")).status_code == 403


def test_staff_dashboard_needs_a_staff_role(client, client_as):
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert client_as(Role.PROVIDER).get(reverse("core:dashboard")).status_code == 403
    assert client_as(Role.ASSESSOR).get(reverse("core:dashboard")).status_code == 200


def test_error_pages_are_in_service_style(client, client_as):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()
    forbidden = client_as(Role.PROVIDER).get(reverse("core:body-edit"))
    assert forbidden.status_code == 403
    assert "govuk-heading-xl" in forbidden.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_context(rf):
    from commissioning.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "Set SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "Set ALLOWED_HOSTS"),
        # Emails need the site's one address: a host pattern cannot give it.
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": ".example.org"}, "Set SITE_URL"),
    ],
)
def test_settings_refuse_to_start_without_secret_key_and_hosts_when_debug_is_off(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "commissioning.settings", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_provider_user_finds_their_organisation_from_the_home_page(client_as, make_user):
    from commissioning.organisations.models import Organisation, OrganisationMembership

    organisation = Organisation.objects.create(name="Swindon Night Shelter", sector="charity")
    provider = make_user(Role.PROVIDER)
    OrganisationMembership.objects.create(user=provider, organisation=organisation, is_administrator=True)
    html = client_as(user=provider).get(reverse("core:home")).content.decode()
    assert "Swindon Night Shelter" in html
    assert reverse("my-organisation:detail", args=[organisation.pk]) in html


def test_the_public_and_provider_users_see_their_own_navigation(client, client_as):
    public = client.get(reverse("core:home")).content.decode()
    assert reverse("schemes:list") in public
    assert reverse("core:dashboard") not in public
    provider = client_as(Role.PROVIDER).get(reverse("core:home")).content.decode()
    assert reverse("apply:list") in provider and reverse("my-agreements:list") in provider
    assert reverse("finance:fund-list") not in provider
    officer = client_as(Role.COMMISSIONING_OFFICER).get(reverse("core:dashboard")).content.decode()
    assert reverse("finance:fund-list") in officer and reverse("apply:list") not in officer


def test_static_files_collect_for_production_with_no_crown_and_no_gds_transport(tmp_path):
    """With DEBUG off the manifest storage checks every file the CSS names; the service ships no crown or font."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
            "STATIC_ROOT": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    collected = [path.name for path in tmp_path.rglob("*") if path.is_file()]
    assert any(name.startswith("app.") and name.endswith(".css") for name in collected)
    assert not [
        name for name in collected if "crest" in name or "crown" in name or name.endswith((".woff", ".woff2"))
    ]
