from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.permissions import READ_ALL
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.organisations.models import DueDiligenceItem, Organisation, OrganisationMembership
from commissioning.organisations.sectors import Sector

from .factories import DueDiligenceItemFactory, IdentifierFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client_as):
    return client_as(Role.COMMISSIONING_OFFICER)


def many_organisations(make_user, count=60):
    """`count` organisations, each with two identifiers, three due-diligence items and a member."""
    organisations = []
    for n in range(count):
        organisation = OrganisationFactory(name=f"Organisation {n:03d}")
        IdentifierFactory(organisation=organisation, scheme="GB-CHC", value=str(1100000 + n))
        IdentifierFactory(organisation=organisation, scheme="GB-COH", value=f"{n:08d}")
        for kind in ("insurance", "safeguarding_policy", "latest_accounts"):
            DueDiligenceItemFactory(organisation=organisation, kind=kind, expires_on=date(2030, 1, 1))
        MembershipFactory(organisation=organisation, user=make_user(Role.PROVIDER))
        organisations.append(organisation)
    return organisations


STAFF_PAGES = [
    ("organisations:list", False),
    ("organisations:create", False),
    ("organisations:detail", True),
    ("organisations:edit", True),
    ("organisations:identifier-add", True),
    ("organisations:due-diligence-add", True),
    ("organisations:member-add", True),
]


@pytest.mark.parametrize(("name", "with_pk"), STAFF_PAGES)
@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.PROVIDER, Role.PARTNER_ADMINISTRATOR])
def test_staff_pages_refuse_people_without_a_staff_reading_role(client_as, make_user, name, with_pk, role):
    organisation = OrganisationFactory()
    client = client_as(role)
    url = reverse(name, args=[organisation.pk]) if with_pk else reverse(name)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(("name", "with_pk"), STAFF_PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, name, with_pk):
    organisation = OrganisationFactory()
    url = reverse(name, args=[organisation.pk]) if with_pk else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


@pytest.mark.parametrize("role", sorted(READ_ALL))
def test_every_reading_role_sees_the_list_and_the_record(client_as, role):
    organisation = OrganisationFactory(name="Kennet Valley Foodbank")
    client = client_as(role)
    assert b"Kennet Valley Foodbank" in client.get(reverse("organisations:list")).content
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COMMISSIONER, Role.CHIEF_FINANCE_OFFICER])
def test_readers_who_cannot_edit_get_no_edit_links_and_403_on_edit_pages(client_as, role):
    organisation = OrganisationFactory()
    client = client_as(role)
    detail = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert "Add an identifier" not in detail and "Change the details" not in detail
    for name in ("organisations:edit", "organisations:identifier-add", "organisations:due-diligence-add"):
        assert client.get(reverse(name, args=[organisation.pk])).status_code == 403
    assert (
        client.post(reverse("organisations:edit", args=[organisation.pk]), {"name": "x"}).status_code == 403
    )


def test_unknown_organisation_is_not_found(officer_client):
    assert officer_client.get(reverse("organisations:detail", args=[999999])).status_code == 404


class TestList:
    def test_query_count_is_bounded_with_many_organisations(
        self, client_as, make_user, django_assert_max_num_queries
    ):
        many_organisations(make_user)
        client = client_as(Role.AUDITOR)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("organisations:list"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "60 organisations on the register" in content
        assert "GB-COH-00000001" in content
        assert content.count('class="govuk-table__row"') == 26  # header and 25 rows
        with django_assert_max_num_queries(8):
            page3 = client.get(reverse("organisations:list"), {"page": 3, "sector": "charity"})
        assert "Organisation 059" in page3.content.decode()
        assert 'aria-current="page">3<' in page3.content.decode()

    def test_each_row_shows_its_organisation(self, officer_client, make_user):
        charity = OrganisationFactory(name="Kennet & Valley Foodbank", sector=Sector.CHARITY)
        IdentifierFactory(organisation=charity, scheme="GB-COH", value="09876543")
        IdentifierFactory(organisation=charity, scheme="GB-CHC", value="1151734")
        for _ in range(2):
            MembershipFactory(organisation=charity, user=make_user(Role.PROVIDER))
        OrganisationFactory(name="Wessex Community Safety Ltd", sector=Sector.PRIVATE_COMPANY)
        content = officer_client.get(reverse("organisations:list")).content.decode()
        url = reverse("organisations:detail", args=[charity.pk])
        assert f'<a class="govuk-link" href="{url}">Kennet &amp; Valley Foodbank</a>' in content
        assert (
            '<span class="app-nowrap">GB-CHC-1151734</span><br><span class="app-nowrap">GB-COH-09876543</span>'
            in (content)
        )
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in content
        assert "Private company" in content
        assert "None" in content

    def test_search_by_name_identifier_and_filter_by_sector(self, officer_client):
        charity = OrganisationFactory(name="Kennet Valley Foodbank", sector=Sector.CHARITY)
        IdentifierFactory(organisation=charity, scheme="GB-CHC", value="1151734")
        company = OrganisationFactory(name="Wessex Community Safety Ltd", sector=Sector.PRIVATE_COMPANY)
        IdentifierFactory(organisation=company, scheme="GB-COH", value="09876543")
        url = reverse("organisations:list")

        content = officer_client.get(url, {"query": "kennet"}).content.decode()
        assert "Kennet Valley Foodbank" in content and "Wessex" not in content
        assert "1 organisation found" in content

        content = officer_client.get(url, {"query": "GB-COH-9876543"}).content.decode()
        assert "Wessex Community Safety Ltd" in content and "Kennet" not in content

        content = officer_client.get(url, {"sector": "private_company"}).content.decode()
        assert "Wessex Community Safety Ltd" in content and "Kennet" not in content

        content = officer_client.get(url, {"query": "nothing like this"}).content.decode()
        assert "No organisations match your search" in content

    def test_hostile_search_input_gives_messages_not_errors(self, officer_client):
        OrganisationFactory(name="Kennet Valley Foodbank")
        url = reverse("organisations:list")
        response = officer_client.get(url, {"query": "x" * 5000, "sector": "<script>alert(1)</script>"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "The search must be 200 characters or fewer" in content
        assert "Select a sector from the list" in content
        assert "<script>alert(1)</script>" not in content
        assert "There is a problem" in content
        response = officer_client.get(url, {"query": "<script>alert(1)</script>", "page": "abc"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


class TestDetail:
    def test_query_count_is_bounded_with_many_rows(self, client_as, make_user, django_assert_max_num_queries):
        many_organisations(make_user, count=5)
        organisation = OrganisationFactory(name="Busy Charity")
        for n in range(10):
            IdentifierFactory(organisation=organisation, scheme="GB-MPR", value=f"{n + 1}R")
        for n in range(30):
            DueDiligenceItemFactory(
                organisation=organisation,
                title=f"Document {n}",
                dated=date(2019, 1, 1),
                expires_on=date(2020, 1, 1),
            )
        for _ in range(20):
            MembershipFactory(organisation=organisation, user=make_user(Role.PROVIDER))
        client = client_as(Role.COMMISSIONING_OFFICER)
        client.post(
            reverse("organisations:edit", args=[organisation.pk]),
            {"name": "Busy Charity 2", "sector": "charity"},
        )
        with django_assert_max_num_queries(10):
            response = client.get(reverse("organisations:detail", args=[organisation.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Document 29" in content and "GB-MPR-10R" in content
        assert content.count("govuk-tag--red") == 30

    def test_shows_identifiers_due_diligence_status_members_and_history(self, officer_client, make_user):
        organisation = OrganisationFactory(name="Kennet Valley Foodbank", postcode="SN8 1AA")
        IdentifierFactory(organisation=organisation, scheme="GB-CHC", value="1151734")
        DueDiligenceItemFactory(
            organisation=organisation,
            title="Old insurance",
            dated=date(2019, 1, 1),
            expires_on=date(2020, 1, 1),
        )
        DueDiligenceItemFactory(organisation=organisation, title="Constitution", expires_on=None)
        MembershipFactory(organisation=organisation, user=make_user(Role.PROVIDER, full_name="Dee Evans"))
        officer_client.post(
            reverse("organisations:edit", args=[organisation.pk]),
            {"name": "Kennet Valley Food Bank", "sector": "charity"},
        )
        content = officer_client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
        assert "Kennet Valley Food Bank" in content
        assert "GB-CHC-1151734" in content
        assert "Old insurance" in content and "Expired" in content
        assert "Constitution" in content and "Does not expire" in content
        assert "Dee Evans" in content
        assert "Kennet Valley Foodbank → Kennet Valley Food Bank" in content

    def test_organisation_without_identifiers_shows_its_publisher_id(self, officer_client):
        organisation = OrganisationFactory()
        content = officer_client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
        assert f"-ORG-{organisation.pk}" in content


class TestCreate:
    def test_add_an_organisation_with_an_identifier(self, officer_client):
        response = officer_client.post(
            reverse("organisations:create"),
            {
                "name": "Salisbury Youth Mentoring CIO",
                "sector": "cio",
                "scheme": "GB-CHC",
                "value": "1190 215",
                "postcode": "sp11jh",
                "email": "hello@example.org",
                "website": "www.example.org",
            },
        )
        organisation = Organisation.objects.get(name="Salisbury Youth Mentoring CIO")
        assert response.status_code == 302
        assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])
        assert organisation.postcode == "SP1 1JH"
        assert organisation.website == "https://www.example.org"
        assert organisation.org_id == "GB-CHC-1190215"

    def test_a_duplicate_identifier_shows_the_message_and_keeps_what_was_typed(self, officer_client):
        IdentifierFactory(
            organisation__name="Wiltshire Community Foundation", scheme="GB-CHC", value="1123126"
        )
        response = officer_client.post(
            reverse("organisations:create"),
            {"name": "Another Foundation", "sector": "charity", "scheme": "GB-CHC", "value": "1123126"},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "There is a problem" in content
        assert (
            "An organisation with charity number 1123126 is already on the register: Wiltshire Community Foundation"
            in content
        )
        assert 'value="Another Foundation"' in content
        assert not Organisation.objects.filter(name="Another Foundation").exists()

    def test_a_wrongly_shaped_identifier_shows_the_scheme_message(self, officer_client):
        response = officer_client.post(
            reverse("organisations:create"),
            {"name": "Company", "sector": "private_company", "scheme": "GB-COH", "value": "123456789"},
        )
        assert "Enter a company number in the correct format, like 01234567" in response.content.decode()
        assert not Organisation.objects.exists()

    def test_missing_and_hostile_input_gives_messages(self, officer_client):
        response = officer_client.post(reverse("organisations:create"), {"name": "", "sector": ""})
        content = response.content.decode()
        assert response.status_code == 200
        assert "Enter the organisation&#x27;s name" in content
        assert "Select the organisation&#x27;s sector" in content

        response = officer_client.post(
            reverse("organisations:create"),
            {
                "name": "<script>alert(1)</script>" * 100,
                "sector": "pirates",
                "scheme": "GB-NOPE",
                "value": "1" * 500,
                "postcode": "XX1 XXX",
                "email": "not an email",
                "phone": "call me",
                "website": "javascript:alert(1)",
            },
        )
        content = response.content.decode()
        assert response.status_code == 200
        for message in [
            "The organisation&#x27;s name must be 250 characters or fewer",
            "Select the organisation&#x27;s sector from the list",
            "Select the type of identifier from the list",
            "Enter a real postcode, like SN10 2LA",
            "Enter an email address in the correct format, like name@example.org",
            "Enter a telephone number",
            "Enter a website address in the correct format",
        ]:
            assert message in content, message
        assert "<script>alert(1)</script>" not in content
        assert not Organisation.objects.exists()

    def test_an_identifier_value_without_a_type_asks_for_the_type(self, officer_client):
        response = officer_client.post(
            reverse("organisations:create"), {"name": "Org", "sector": "charity", "value": "1123456"}
        )
        assert "Select the type of identifier" in response.content.decode()


def test_edit_changes_the_details(officer_client):
    organisation = OrganisationFactory(name="Old", sector=Sector.CHARITY)
    url = reverse("organisations:edit", args=[organisation.pk])
    assert 'value="Old"' in officer_client.get(url).content.decode()
    response = officer_client.post(url, {"name": "New", "sector": "cio", "town": "Devizes"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.sector, organisation.town) == ("New", "cio", "Devizes")
    response = officer_client.post(url, {"name": "", "sector": "cio"})
    assert "Enter the organisation&#x27;s name" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "New"


class TestIdentifiers:
    def test_add_and_remove(self, officer_client):
        organisation = OrganisationFactory()
        add = reverse("organisations:identifier-add", args=[organisation.pk])
        response = officer_client.post(add, {"scheme": "GB-SC", "value": "sc 012345", "is_preferred": "on"})
        assert response.status_code == 302
        identifier = organisation.identifiers.get()
        assert (identifier.org_id, identifier.is_preferred) == ("GB-SC-SC012345", True)

        remove = reverse("organisations:identifier-remove", args=[organisation.pk, identifier.pk])
        assert "Remove GB-SC-SC012345?" in officer_client.get(remove).content.decode()
        assert officer_client.post(remove).status_code == 302
        assert not organisation.identifiers.exists()

    def test_bad_and_duplicate_values_give_messages(self, officer_client):
        IdentifierFactory(organisation__name="First", scheme="GB-NIC", value="100012")
        organisation = OrganisationFactory()
        add = reverse("organisations:identifier-add", args=[organisation.pk])
        response = officer_client.post(add, {"scheme": "GB-NIC", "value": "NIC100012"})
        assert (
            "An organisation with Northern Ireland charity number 100012 is already on the register: First"
            in response.content.decode()
        )
        response = officer_client.post(add, {"scheme": "", "value": ""})
        content = response.content.decode()
        assert "Select the type of identifier" in content and "Enter the identifier" in content

    def test_an_identifier_of_another_organisation_cannot_be_removed_through_this_one(self, officer_client):
        identifier = IdentifierFactory()
        other = OrganisationFactory()
        url = reverse("organisations:identifier-remove", args=[other.pk, identifier.pk])
        assert officer_client.post(url).status_code == 404


class TestDueDiligence:
    def test_add_and_edit(self, officer_client):
        organisation = OrganisationFactory()
        response = officer_client.post(
            reverse("organisations:due-diligence-add", args=[organisation.pk]),
            {
                "kind": "insurance",
                "title": "Public liability insurance",
                "dated_0": "1",
                "dated_1": "4",
                "dated_2": "2025",
                "expires_on_0": "31",
                "expires_on_1": "3",
                "expires_on_2": "2026",
                "checked": "on",
            },
        )
        assert response.status_code == 302
        item = DueDiligenceItem.objects.get()
        assert (item.dated, item.expires_on, item.checked_by is not None) == (
            date(2025, 4, 1),
            date(2026, 3, 31),
            True,
        )
        edit = reverse("organisations:due-diligence-edit", args=[organisation.pk, item.pk])
        assert 'value="Public liability insurance"' in officer_client.get(edit).content.decode()
        response = officer_client.post(
            edit,
            {
                "kind": "insurance",
                "title": "Renewed insurance",
                "dated_0": "1",
                "dated_1": "4",
                "dated_2": "2025",
            },
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, item.expires_on, item.checked_by) == ("Renewed insurance", None, None)

    def test_bad_dates_give_messages(self, officer_client):
        organisation = OrganisationFactory()
        url = reverse("organisations:due-diligence-add", args=[organisation.pk])
        response = officer_client.post(
            url,
            {
                "kind": "insurance",
                "title": "Insurance",
                "dated_0": "31",
                "dated_1": "2",
                "dated_2": "2025",
                "expires_on_0": "1",
                "expires_on_1": "",
                "expires_on_2": "2026",
            },
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "The date of the document must be a real date" in content
        assert "The expiry date must include a month" in content
        response = officer_client.post(
            url,
            {
                "kind": "insurance",
                "title": "Insurance",
                "dated_0": "1",
                "dated_1": "4",
                "dated_2": "2025",
                "expires_on_0": "1",
                "expires_on_1": "1",
                "expires_on_2": "2025",
            },
        )
        assert (
            "The expiry date must be the same as or after the date of the document"
            in response.content.decode()
        )
        response = officer_client.post(
            url,
            {
                "kind": "<script>",
                "title": "",
                "dated_0": "99999999999999999999",
                "dated_1": "x",
                "dated_2": "1",
            },
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "Select the type of document" in content and "Enter the title of the document" in content
        assert not DueDiligenceItem.objects.exists()


class TestMembers:
    def test_add_and_remove(self, officer_client, make_user):
        organisation = OrganisationFactory()
        provider = make_user(Role.PROVIDER, email="dee@example.org")
        response = officer_client.post(
            reverse("organisations:member-add", args=[organisation.pk]),
            {"email": "DEE@example.org", "is_administrator": "on"},
        )
        assert response.status_code == 302
        membership = OrganisationMembership.objects.get(user=provider)
        assert membership.is_administrator
        remove = reverse("organisations:member-remove", args=[organisation.pk, membership.pk])
        assert officer_client.get(remove).status_code == 200
        assert officer_client.post(remove).status_code == 302
        assert not OrganisationMembership.objects.exists()

    def test_a_person_in_another_organisation_is_refused_with_a_message(self, officer_client, make_user):
        provider = make_user(Role.PROVIDER, email="dee@example.org")
        MembershipFactory(user=provider, organisation__name="First Charity")
        organisation = OrganisationFactory()
        response = officer_client.post(
            reverse("organisations:member-add", args=[organisation.pk]), {"email": "dee@example.org"}
        )
        assert "dee@example.org already belongs to First Charity" in response.content.decode()
        response = officer_client.post(
            reverse("organisations:member-add", args=[organisation.pk]), {"email": "nobody@example.org"}
        )
        assert "There is no account with this email address" in response.content.decode()


def test_writes_through_pages_are_audited(officer_client):
    officer_client.post(reverse("organisations:create"), {"name": "Audited", "sector": "charity"})
    assert AuditEvent.objects.filter(record_type="organisations.organisation", action="create").count() == 1
