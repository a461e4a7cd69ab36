"""The public pages through HTTP: anyone may read them, without signing in; only published records appear."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from commissioning.agreements.models import AgreementParty, AgreementStatus, Mechanism
from commissioning.core.formats import govuk_date
from commissioning.core.links import reference_address
from commissioning.finance.tests.factories import FundRulesFactory
from commissioning.grants.tests.factories import SchemeFactory
from commissioning.publication.services import month_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(body, make_grant, priorities, fund, group):
    scheme = SchemeFactory(fund=fund, name="Community Safety Fund 2026/27", slug="csf-2026-27")
    return {
        "grant": make_grant(
            title="Youth boxing club",
            scheme=scheme,
            awarded=datetime(2026, 4, 20, 15, 0).astimezone(),
            priorities=priorities,
            reference="CSF-2026-0042",
        ),
        "ended": make_grant(title="Speedwatch kit", organisation=group, status=AgreementStatus.ENDED),
        "offered": make_grant(title="Offered but not accepted", status=AgreementStatus.OFFERED),
        "declined": make_grant(title="Declined offer", status=AgreementStatus.DECLINED),
        "contract": make_grant(
            title="Town centre CCTV",
            mechanism=Mechanism.CONTRACT,
            value="48000.00",
            priorities=priorities[:1],
        ),
        "small_contract": make_grant(title="Leaflet printing", mechanism=Mechanism.CONTRACT, value="9999.99"),
        "threshold_contract": make_grant(
            title="Exactly ten thousand", mechanism=Mechanism.CONTRACT, value="10000.00"
        ),
        "partnership": make_grant(title="Pooled budget", mechanism=Mechanism.PARTNERSHIP, value="60000.00"),
    }


def test_grants_register_lists_published_grants_only(client, registers):
    response = client.get(reverse("public:grants"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Youth boxing club" in page and "Speedwatch kit" in page
    assert "Offered but not accepted" not in page and "Declined offer" not in page
    assert "Town centre CCTV" not in page
    assert "£2,500.00" in page
    assert "20 April 2026" in page
    assert "<caption" in page


def test_grant_page_by_reference(client, registers):
    response = client.get(reverse("public:grant", args=["CSF-2026-0042"]))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Youth boxing club",
        "Devizes Youth Boxing Club",
        "GB-CHC-1123456",
        "Spend it only on the project.",
        "£2,500.00",
        "20 April 2026",
        "Prevent crime and keep people safe",
        "Community Safety Fund 2026/27",
        "360G-opcctest-CSF-2026-0042",
    ):
        assert expected in page, expected
    # A lower-case reference finds it too.
    assert client.get("/grants/csf-2026-0042/").status_code == 200


@pytest.mark.parametrize("name", ["offered", "declined", "contract"])
def test_unpublished_or_other_agreements_have_no_grant_page(client, registers, name):
    assert client.get(reverse("public:grant", args=[registers[name].reference])).status_code == 404


def test_unknown_reference_is_not_found(client, registers):
    assert client.get("/grants/NOPE-1/").status_code == 404
    assert client.get("/services/NOPE-1/").status_code == 404


def test_services_register_has_every_mechanism_running_or_ended(client, registers):
    page = client.get(reverse("public:services")).content.decode()
    for title in (
        "Youth boxing club",
        "Speedwatch kit",
        "Town centre CCTV",
        "Leaflet printing",
        "Pooled budget",
    ):
        assert title in page
    assert "Offered but not accepted" not in page and "Declined offer" not in page
    assert "Prevent crime and keep people safe" in page


def test_services_register_filters_and_search_have_their_own_addresses(client, registers):
    def titles(**params):
        page = client.get(reverse("public:services"), params).content.decode()
        return {
            t
            for t in ("Youth boxing club", "Speedwatch kit", "Town centre CCTV", "Pooled budget")
            if t in page
        }

    assert titles(mechanism="contract") == {"Town centre CCTV"}
    assert titles(status="ended") == {"Speedwatch kit"}
    assert titles(query="pooled") == {"Pooled budget"}
    # The provider's name is searched too: every grant here but one is with the boxing club.
    assert titles(query="boxing club") == {"Youth boxing club", "Town centre CCTV", "Pooled budget"}
    assert titles(query="pewsey") == {"Speedwatch kit"}
    assert titles(query="CSF-2026-0042") == {"Youth boxing club"}
    priority = registers["grant"].priorities.order_by("number").first()
    assert titles(priority=str(priority.pk)) == {"Youth boxing club", "Town centre CCTV"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"fund": "999999"}, "Select a fund from the list"),
        ({"priority": "not-a-number"}, "Select a priority from the list"),
        ({"mechanism": "bribe"}, "Select a way of commissioning from the list"),
        ({"status": "<script>alert(1)</script>"}, "Select a status from the list"),
        ({"query": "x" * 201}, "Search for 200 characters or fewer"),
    ],
)
def test_bad_filters_get_a_message_not_an_error(client, registers, params, message):
    response = client.get(reverse("public:services"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("number", ["999", "abc", "-5", "0", "99999999999999999999999", "1e9"])
def test_any_page_number_shows_a_page(client, registers, number):
    for name in ("public:grants", "public:services", "public:contracts", "public:publications"):
        assert client.get(reverse(name), {"page": number}).status_code == 200


@pytest.mark.parametrize("path", ["/grants/%3Cscript%3E/", "/services/%00/", "/grants/" + "A" * 3000 + "/"])
def test_hostile_addresses_are_not_found(client, registers, path):
    assert client.get(path).status_code == 404


def test_a_search_with_a_null_character_gets_a_message(client, registers):
    response = client.get(reverse("public:grants"), {"query": "boxing\x00"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_contracts_register_is_contracts_over_ten_thousand_pounds(client, registers):
    page = client.get(reverse("public:contracts")).content.decode()
    assert "Town centre CCTV" in page
    assert "Leaflet printing" not in page and "Exactly ten thousand" not in page
    assert "Pooled budget" not in page and "Youth boxing club" not in page


def test_register_rows_show_each_agreements_details_and_link_to_its_page(client, registers, make_grant):
    make_grant(
        title="Stopped early",
        mechanism=Mechanism.CONTRACT,
        value="20000.00",
        status=AgreementStatus.TERMINATED,
    )
    services = client.get(reverse("public:services")).content.decode()
    assert f'href="{reverse("public:service", args=[registers["partnership"].reference])}"' in services
    assert f"{registers['partnership'].reference} · Partnership agreement" in services
    assert "Prevent crime and keep people safe; Protect the most vulnerable people in society" in services
    assert "None recorded" in services  # the partnership serves no recorded priority
    assert "£60,000.00" in services and "1 May 2026" in services and "31 March 2027" in services
    grants = client.get(reverse("public:grants")).content.decode()
    assert f'href="{reverse("public:grant", args=["CSF-2026-0042"])}"' in grants
    assert "Community Safety Fund" in grants and "Devizes Youth Boxing Club" in grants
    contracts = client.get(reverse("public:contracts")).content.decode()
    assert f'href="{reverse("public:service", args=[registers["contract"].reference])}"' in contracts
    assert '<td class="govuk-table__cell">Active</td>' in contracts
    assert '<td class="govuk-table__cell">Ended early</td>' in contracts


def test_grant_page_names_the_monthly_publication_that_first_published_it(client, registers, officer):
    month_publish(by=officer, month=date(2026, 4, 1), at=timezone.make_aware(datetime(2026, 5, 1, 9)))
    page = client.get(reverse("public:grant", args=["CSF-2026-0042"])).content.decode()
    assert "On 1 May 2026, in the" in page
    assert reverse("public:publication", args=["2026", "04"]) in page
    assert "grants published for April 2026" in page
    # Awarded in May (its start), so not in April's publication; its recipient has no registered identifier.
    ended = client.get(reverse("public:grant", args=[registers["ended"].reference])).content.decode()
    assert "In the open data now; it will be in next month's publication" in ended
    assert f"360G-opcctest-ORG-{registers['ended'].organisation_id}" in ended
    assert "Community Safety Fund" in ended  # no scheme: its fund is the grant programme


def test_service_page_names_each_party_and_its_role(client, registers, charity, group):
    partnership = registers["partnership"]
    AgreementParty.objects.create(agreement=partnership, organisation=charity, role=AgreementParty.Role.LEAD)
    AgreementParty.objects.create(agreement=partnership, organisation=group, role=AgreementParty.Role.PARTNER)
    page = client.get(reverse("public:service", args=[partnership.reference])).content.decode()
    assert "Devizes Youth Boxing Club (lead provider)<br>Pewsey Speedwatch (partner)" in page


def test_a_register_shows_a_changed_fund_or_priority_at_once(client, registers, fund, priorities):
    assert "Community Safety Fund" in client.get(reverse("public:services")).content.decode()  # now cached
    fund.name = "Safer Streets Fund"
    fund.save()
    priorities[0].title = "Keep people safe"
    priorities[0].save()
    page = client.get(reverse("public:services")).content.decode()
    assert "Safer Streets Fund" in page and "Community Safety Fund" not in page
    assert "Keep people safe" in page and "Prevent crime and keep people safe" not in page


def test_on_postgresql_searches_of_titles_have_a_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'agreements_title_trigram'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "upper((title)::text)" in definition


@pytest.mark.parametrize("reference", ["CSF-2026-0042", "A B&C+é~:@'", "100%-X?y#z"])
def test_a_rows_address_is_the_one_reverse_gives(reference):
    for url_name in ("public:service", "public:grant"):
        assert reference_address(url_name)(reference) == reverse(url_name, args=[reference])


def test_contract_page_says_no_documents_are_published(client, registers):
    response = client.get(reverse("public:service", args=[registers["contract"].reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contract documents" in page
    assert "No documents are published for this contract" in page
    assert "info@opcc.example.org" in page
    small = client.get(
        reverse("public:service", args=[registers["small_contract"].reference])
    ).content.decode()
    assert "Contract documents" not in small


def test_service_page_links_a_running_service_to_feedback_and_a_grant_to_its_page(client, registers):
    page = client.get(reverse("public:service", args=["CSF-2026-0042"])).content.decode()
    assert reverse("feedback:give", args=[registers["grant"].pk]) in page
    assert reverse("public:grant", args=["CSF-2026-0042"]) in page
    ended = client.get(reverse("public:service", args=[registers["ended"].reference])).content.decode()
    assert reverse("feedback:give", args=[registers["ended"].pk]) not in ended


def test_unpublished_services_have_no_page(client, registers):
    assert client.get(reverse("public:service", args=[registers["offered"].reference])).status_code == 404


def test_funding_page_shows_funds_rules_and_how_to_apply(client, body, fund):
    FundRulesFactory(fund=fund, max_award=Decimal("3000.00"), one_off=True)
    SchemeFactory(fund=fund)
    response = client.get(reverse("public:funding"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Community Safety Fund" in page
    assert "Awards are £3,000 or less" in page
    assert reverse("schemes:list") in page


def test_open_data_page_lists_each_file_with_licence_date_and_count(client, registers):
    response = client.get(reverse("public:open-data"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("public:grants-json", "public:grants-csv", "public:grants-xlsx"):
        assert reverse(name) in page
    assert page.count("Open Government Licence v3.0") >= 3
    assert "2 grants" in page
    # Last updated: the newest status change of a published grant (made today by the fixtures).
    assert govuk_date(timezone.localdate()) in page
    assert "<caption" in page


def test_public_pages_need_no_sign_in_and_refuse_writes(client, registers):
    for name in (
        "public:funding",
        "public:services",
        "public:grants",
        "public:contracts",
        "public:open-data",
        "public:publications",
    ):
        assert client.get(reverse(name)).status_code == 200
        assert client.post(reverse(name)).status_code == 405


def test_staff_see_the_same_public_pages(client, registers, officer):
    client.force_login(officer)
    assert client.get(reverse("public:grants")).status_code == 200


@pytest.mark.parametrize("name", ["public:services", "public:grants", "public:contracts"])
def test_registers_make_a_fixed_number_of_queries(
    client, body, make_grant, priorities, name, django_assert_max_num_queries
):
    for index in range(40):
        make_grant(
            title=f"Many {index}",
            mechanism=Mechanism.CONTRACT if name == "public:contracts" else Mechanism.GRANT,
            value="20000.00",
            priorities=priorities,
        )
    # A search also reads the organisations whose names match; the first visit also the filters' funds and
    # priorities and the body, kept in the cache for the next.
    with django_assert_max_num_queries(7):
        response = client.get(reverse(name), {"query": "Many", "page": "2"})
    assert response.status_code == 200
    # The count, the page's rows and (on the register of services) their priorities.
    with django_assert_max_num_queries(3):
        assert client.get(reverse(name)).status_code == 200


def test_detail_pages_make_a_fixed_number_of_queries(client, registers, django_assert_max_num_queries):
    # The grant with what its page shows as columns, and its priorities (and the body, on a first visit).
    with django_assert_max_num_queries(3):
        assert client.get(reverse("public:grant", args=["CSF-2026-0042"])).status_code == 200
    # The same, and the agreement's parties.
    with django_assert_max_num_queries(3):
        assert client.get(reverse("public:service", args=["CSF-2026-0042"])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("public:open-data")).status_code == 200
