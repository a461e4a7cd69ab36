import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_error_pages_are_in_service_style(client, client_as):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()
    forbidden = client_as(Role.PROVIDER).get(reverse("dashboard:body-edit"))
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
