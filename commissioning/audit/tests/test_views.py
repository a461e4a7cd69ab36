import pytest
from django.db import connection
from django.template import Context, Template
from django.urls import reverse

from commissioning.accounts.permissions import READ_ALL
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.audit.testing import audit_guard_disabled

pytestmark = pytest.mark.django_db

NOT_READ_ALL = [Role.ASSESSOR, Role.PARTNER_ADMINISTRATOR, Role.PROVIDER]


def history_url(body) -> str:
    return reverse("audit:history", args=["core.commissioningbody", body.pk])


# A record's history


@pytest.mark.parametrize("role", sorted(READ_ALL))
def test_staff_who_read_everything_see_a_records_history(client_as, role, body, record_changes, make_user):
    officer = make_user(full_name="Olive Officer")
    record_changes(2, by=officer)
    response = client_as(role).get(history_url(body))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Office of the Example Commissioner</h1>' in content
    assert "Commissioning body history" in content
    assert "Olive Officer" in content
    assert "Name 1 → Name 2" in content
    # newest first
    assert content.index("Name 1 → Name 2") < content.index("Name 0 → Name 1")


@pytest.mark.parametrize("role", NOT_READ_ALL)
def test_other_roles_may_not_see_history(client_as, role, body, record_changes):
    record_changes(1)
    assert client_as(role).get(history_url(body)).status_code == 403


def test_signed_out_people_are_asked_to_sign_in(client, body):
    response = client.get(history_url(body))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_history_of_an_unknown_record_is_not_found(client_as, db):
    client = client_as(Role.AUDITOR)
    assert client.get(reverse("audit:history", args=["core.commissioningbody", "999"])).status_code == 404
    assert client.get(reverse("audit:history", args=["nothing.here", "1"])).status_code == 404
    assert (
        client.get(reverse("audit:history", args=["core.commissioningbody", "not-a-number"])).status_code
        == 404
    )


def test_a_record_with_no_changes_yet_has_an_empty_history(client_as, body):
    response = client_as(Role.AUDITOR).get(history_url(body))
    assert response.status_code == 200
    assert "No changes have been recorded yet." in response.content.decode()


def test_a_deleted_record_keeps_its_history(client_as, body, record_changes):
    record_changes(1)
    url = history_url(body)
    body.delete()
    response = client_as(Role.AUDITOR).get(url)
    assert response.status_code == 200
    assert "Office of the Example Commissioner" in response.content.decode()


def test_history_is_paged_and_its_queries_are_bounded(
    client_as, body, record_changes, django_assert_max_num_queries
):
    record_changes(200)
    client = client_as(Role.COMMISSIONER)
    with django_assert_max_num_queries(10):
        response = client.get(history_url(body))
    content = response.content.decode()
    assert content.count("Name 199 → Name 200") == 1
    assert "Name 175 → Name 176" in content
    assert "Name 174 → Name 175" not in content  # 25 a page
    assert 'aria-label="Page 8"' in content
    with django_assert_max_num_queries(10):
        response = client.get(history_url(body) + "?page=8")
    content = response.content.decode()
    assert "Name 0 → Name 1" in content
    assert "Name 25 → Name 26" not in content
    assert client.get(history_url(body) + "?page=nonsense").status_code == 200


# The whole trail


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.AUDITOR])
def test_administrators_and_auditors_see_the_whole_trail(client_as, role, record_changes, make_user):
    record_changes(3, by=make_user(full_name="Olive Officer"))
    response = client_as(role).get(reverse("audit:event-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Audit trail" in content
    assert content.count("Olive Officer") >= 3
    assert history_link_in(content)
    assert content.index("#3") < content.index("#1")


def history_link_in(content: str) -> bool:
    return "/staff/audit/core.commissioningbody/" in content


@pytest.mark.parametrize(
    "role",
    [
        Role.COMMISSIONER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONING_OFFICER,
        Role.ASSESSOR,
        Role.PARTNER_ADMINISTRATOR,
        Role.PROVIDER,
    ],
)
def test_other_roles_may_not_see_the_whole_trail(client_as, role):
    client = client_as(role)
    assert client.get(reverse("audit:event-list")).status_code == 403
    assert client.get(reverse("audit:verify")).status_code == 403


def test_the_trail_is_in_the_navigation_of_administrators_and_auditors_only(client_as):
    url = reverse("audit:event-list")
    assert f'href="{url}"' in client_as(Role.AUDITOR).get(reverse("dashboard:home")).content.decode()
    assert f'href="{url}"' not in client_as(Role.COMMISSIONER).get(reverse("dashboard:home")).content.decode()


def test_the_trail_filters_by_record_type_and_person(client_as, body, record_changes, make_user):
    olive = make_user(full_name="Olive Officer")
    carl = make_user(full_name="Carl Chief")
    record_changes(2, by=olive)
    record_changes(1, by=carl, instance=olive)
    client = client_as(Role.AUDITOR)

    content = client.get(reverse("audit:event-list"), {"record_type": "accounts.user"}).content.decode()
    assert "/staff/audit/accounts.user/" in content
    assert "/staff/audit/core.commissioningbody/" not in content

    content = client.get(reverse("audit:event-list"), {"person": olive.pk}).content.decode()
    assert "/staff/audit/core.commissioningbody/" in content
    assert "/staff/audit/accounts.user/" not in content

    content = client.get(
        reverse("audit:event-list"), {"person": carl.pk, "record_type": "core.commissioningbody"}
    )
    assert "No changes match." in content.content.decode()


def test_a_bad_filter_is_explained(client_as, record_changes):
    record_changes(1)
    response = client_as(Role.AUDITOR).get(
        reverse("audit:event-list"), {"record_type": "nonsense", "person": "x"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Select a type of record from the list" in content
    assert "Select a person from the list" in content


def test_the_trail_is_paged_and_its_queries_are_bounded(
    client_as, body, record_changes, make_user, django_assert_max_num_queries
):
    people = [make_user() for _ in range(4)]
    for person in people:
        record_changes(50, by=person)
    client = client_as(Role.AUDITOR)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:event-list"))
    content = response.content.decode()
    assert "#200" in content
    assert "#176" in content
    assert "#175<" not in content
    assert "page 1 of 8" in content
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:event-list"), {"person": people[0].pk, "page": 2})
    content = response.content.decode()
    assert "#25<" in content
    assert "#26<" not in content
    assert f"person={people[0].pk}" in content  # paging links keep the filter


# Verification page


def test_the_verification_page_reports_an_intact_trail(client_as, record_changes):
    record_changes(3)
    content = client_as(Role.ADMINISTRATOR).get(reverse("audit:verify")).content.decode()
    assert "The audit trail is intact" in content
    assert "3 changes checked" in content


def test_the_verification_page_names_a_tampered_event(client_as, record_changes):
    record_changes(3)
    with audit_guard_disabled(), connection.cursor() as cursor:
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        cursor.execute(f"UPDATE {table} SET action = 'forged' WHERE sequence = 2")  # noqa: S608
    content = client_as(Role.AUDITOR).get(reverse("audit:verify")).content.decode()
    assert "The audit trail has been tampered with" in content
    assert "Audit trail broken at event #2" in content


# Linking to a history from other pages


def test_the_history_link_tag(body):
    html = Template("{% load audit %}{% history_link body %}|{% history_url body as url %}{{ url }}").render(
        Context({"body": body})
    )
    url = reverse("audit:history", args=["core.commissioningbody", body.pk])
    assert html == f'<a class="govuk-link" href="{url}">View full history</a>|{url}'


def test_recent_history_on_a_record_page_links_to_its_full_history(
    client_as, admin_user, body, record_changes
):
    record_changes(2)
    page = client_as(user=admin_user).get(reverse("dashboard:body-edit")).content.decode()
    assert f'href="{history_url(body)}">View full history</a>' in page
    full = client_as(user=admin_user).get(history_url(body)).content.decode()
    assert "View full history" not in full  # not on the full history itself
