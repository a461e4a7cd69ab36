import csv
import io
import json
import tracemalloc
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.agreements.models import AgreementStatus, Mechanism
from commissioning.core.selectors import commissioning_body
from commissioning.grants.tests.factories import SchemeFactory
from commissioning.publication import open_data
from commissioning.publication.schema import grant_titles, schema_errors
from commissioning.publication.selectors import published_grants

pytestmark = pytest.mark.django_db


def package(client: Any) -> dict[str, Any]:
    response = client.get(reverse("public:grants-json"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def csv_rows(client: Any) -> list[list[str]]:
    response = client.get(reverse("public:grants-csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_rows(client: Any) -> list[list[Any]]:
    response = client.get(reverse("public:grants-xlsx"))
    assert response.status_code == 200
    assert "grants.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook["grants"].iter_rows(values_only=True)]


@pytest.fixture
def grants(body, make_grant, priorities, group, fund):
    scheme = SchemeFactory(fund=fund, name="Community Safety Fund 2026/27", slug="csf-2026-27")
    return {
        "active": make_grant(
            scheme=scheme,
            awarded=datetime(2026, 4, 20, 15, 0).astimezone(),
            location="Devizes",
            priorities=priorities,
            value="2500.50",
        ),
        "ended": make_grant(status=AgreementStatus.ENDED, organisation=group, priorities=priorities[:1]),
        "terminated": make_grant(status=AgreementStatus.TERMINATED),
        "offered": make_grant(status=AgreementStatus.OFFERED),
        "declined": make_grant(status=AgreementStatus.DECLINED),
        "withdrawn": make_grant(status=AgreementStatus.WITHDRAWN),
        "draft": make_grant(status=AgreementStatus.DRAFT),
        "contract": make_grant(mechanism=Mechanism.CONTRACT, value="50000.00"),
    }


def test_the_package_validates_and_holds_only_published_grants(client, grants):
    data = package(client)
    assert schema_errors(data) == []
    ids = {grant["id"] for grant in data["grants"]}
    assert ids == {f"360G-opcctest-{grants[name].reference}" for name in ("active", "ended", "terminated")}
    assert data["license"] == open_data.LICENCE_URL
    assert data["publisher"] == {
        "name": "Office of the Police and Crime Commissioner for Testshire",
        "identifier": "GB-GOR-PC000999",
        "website": "https://opcc.example.org/",
    }


def test_a_grant_carries_what_the_law_and_the_standard_ask_for(client, grants):
    by_id = {grant["id"]: grant for grant in package(client)["grants"]}
    grant = by_id[f"360G-opcctest-{grants['active'].reference}"]
    assert grant["amountAwarded"] == 2500.5
    assert grant["currency"] == "GBP"
    assert grant["awardDate"] == "2026-04-20"
    assert grant["plannedDates"] == [{"startDate": "2026-05-01", "endDate": "2027-03-31"}]
    assert grant["recipientOrganization"] == [
        {"id": "GB-CHC-1123456", "name": "Devizes Youth Boxing Club", "postalCode": "SN10 1AA"}
    ]
    assert grant["fundingOrganization"] == [
        {"id": "GB-GOR-PC000999", "name": "Office of the Police and Crime Commissioner for Testshire"}
    ]
    assert grant["grantProgramme"] == [{"code": "csf-2026-27", "title": "Community Safety Fund 2026/27"}]
    assert grant["fromOpenCall"] == "Yes"
    assert grant["beneficiaryLocation"] == [{"name": "Devizes", "countryCode": "GB"}]
    assert [item["title"] for item in grant["classifications"]] == [
        "Prevent crime and keep people safe",
        "Protect the most vulnerable people in society",
    ]
    assert grant["url"] == f"http://testserver/grants/{grants['active'].reference}/"
    # An organisation without a registered identifier is published under the body's own prefix.
    ended = by_id[f"360G-opcctest-{grants['ended'].reference}"]
    assert ended["recipientOrganization"][0]["id"] == f"360G-opcctest-ORG-{grants['ended'].organisation_id}"
    assert "grantProgramme" not in ended
    assert ended["fromOpenCall"] == "No"
    assert ended["awardDate"] == ended["plannedDates"][0]["startDate"]


def test_the_validator_reports_a_broken_grant(client, grants):
    """The schema check is real: a grant without an amount, or with a date in the wrong form, fails."""
    data = package(client)
    del data["grants"][0]["amountAwarded"]
    data["grants"][1]["awardDate"] = "20/04/2026"
    errors = schema_errors(data)
    assert any(error.startswith("grants/0:") for error in errors)
    assert any(error.startswith("grants/1/awardDate") for error in errors)


def test_the_validator_reports_a_grant_given_twice(client, grants):
    data = package(client)
    assert schema_errors(data) == []
    data["grants"].append(dict(data["grants"][0]))
    assert schema_errors(data) == [
        f"grants: grants 0 and {len(data['grants']) - 1} are the same (items must be unique)"
    ]


def test_no_grants_is_still_a_well_formed_package(client, body):
    data = package(client)
    assert data["grants"] == []
    # The standard wants at least one grant in a package; nothing else may be wrong.
    assert [error for error in schema_errors(data) if "should be non-empty" not in error] == []


def test_csv_and_spreadsheet_have_the_official_titles_and_the_same_grants(client, grants):
    titles = grant_titles()
    headers = [title for title, _ in open_data.COLUMNS]
    # "Currency" is the 360Giving template's title for `currency`, which the schema leaves untitled.
    assert [title for title in headers if title not in titles] == ["Currency"]
    for required in ("Identifier", "Amount Awarded", "Recipient Org:Identifier", "Funding Org:Identifier"):
        assert required in headers

    grants_json = package(client)["grants"]
    rows = csv_rows(client)
    sheet = xlsx_rows(client)
    assert rows[0] == headers
    assert list(sheet[0]) == headers
    assert len(rows) - 1 == len(sheet) - 1 == len(grants_json) == 3
    expected = [open_data.flat_row(grant) for grant in grants_json]
    for csv_row, sheet_row, flat in zip(rows[1:], sheet[1:], expected, strict=True):
        by_title = dict(zip(headers, csv_row, strict=True))
        assert by_title["Identifier"] == flat["id"]
        assert by_title["Amount Awarded"] == str(flat["amount"])
        assert by_title["Recipient Org:Identifier"] == flat["recipient_id"]
        in_sheet = dict(zip(headers, sheet_row, strict=True))
        assert in_sheet["Identifier"] == flat["id"]
        assert in_sheet["Amount Awarded"] == flat["amount"]
        assert in_sheet["Award Date"] == flat["award_date"]


def test_hostile_text_stays_data(client, body, make_grant):
    make_grant(title='=HYPERLINK("http://evil.example")', priorities=[])
    rows = csv_rows(client)
    assert rows[1][1] == '=HYPERLINK("http://evil.example")'
    data = package(client)
    assert data["grants"][0]["title"] == '=HYPERLINK("http://evil.example")'
    response = client.get(reverse("public:grants-xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["grants"]
    title = sheet.cell(row=2, column=2)
    assert (title.value, title.data_type) == ('=HYPERLINK("http://evil.example")', "s")


def test_spreadsheet_addresses_are_text_not_hyperlinks(client, grants):
    # Excel holds at most 65,530 hyperlinks a sheet, and XlsxWriter leaves every cell past that empty: the large
    # set's 34,000 grants have two addresses each.
    response = client.get(reverse("public:grants-xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["grants"]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("URL") + 1
    addresses = [sheet.cell(row=row, column=column) for row in range(2, sheet.max_row + 1)]
    assert addresses and all(cell.value.startswith("http://testserver/grants/") for cell in addresses)
    assert [cell.hyperlink for cell in addresses] == [None] * len(addresses)
    assert sheet._hyperlinks == []


def _export_queries(context: Any) -> dict[str, int]:
    counts = {}
    for name, export in (
        ("json", lambda: open_data.drain(open_data.json_chunks(context))),
        ("csv", lambda: open_data.drain(open_data.csv_chunks(context))),
        ("xlsx", lambda: open_data.write_xlsx(context, io.BytesIO())),
    ):
        with CaptureQueriesContext(connection) as queries:
            export()
        counts[name] = len(queries.captured_queries)
    return counts


def test_queries_per_export_do_not_grow_with_the_grants(body, bulk_grants, priorities):
    bulk_grants(3)
    few = _export_queries(open_data.export_context())
    bulk_grants(2500)  # more than two chunks
    many = _export_queries(open_data.export_context())
    assert few == many
    assert max(many.values()) <= 2


def test_the_pages_of_open_data_make_a_fixed_number_of_queries(
    client, body, bulk_grants, priorities, django_assert_max_num_queries
):
    bulk_grants(1200)
    for name in ("public:grants-json", "public:grants-csv"):
        with django_assert_max_num_queries(6):
            response = client.get(reverse(name))
            assert sum(len(chunk) for chunk in response.streaming_content) > 100_000


def _peak(export: Any) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        export()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_many_grants(body, bulk_grants):
    """Exporting three times the grants (each well over a chunk) must not need much more memory: a grant's
    memory is let go once it is written."""
    bulk_grants(1500)
    context = open_data.export_context()
    small = {
        "json": _peak(lambda: open_data.drain(open_data.json_chunks(context))),
        "csv": _peak(lambda: open_data.drain(open_data.csv_chunks(context))),
    }
    bulk_grants(3000)
    large = {
        "json": _peak(lambda: open_data.drain(open_data.json_chunks(context))),
        "csv": _peak(lambda: open_data.drain(open_data.csv_chunks(context))),
    }
    for name in small:
        assert large[name] < small[name] * 1.5, (name, small[name], large[name])
    # And the whole export is well under what a list of every grant would hold.
    assert large["json"] < 20 * 2**20


def test_the_spreadsheet_is_written_in_constant_memory(body, bulk_grants):
    bulk_grants(1500)
    context = open_data.export_context()
    small = _peak(lambda: open_data.write_xlsx(context, io.BytesIO()))
    bulk_grants(3000)
    with open("/dev/null", "wb") as target:
        large = _peak(lambda: open_data.write_xlsx(context, target))
    assert large < small * 1.5 + 2**20, (small, large)


def seed_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())


def test_the_demo_publishes_valid_open_data(client):
    seed_demo()
    data = package(client)
    assert len(data["grants"]) == published_grants().count() >= 5
    assert schema_errors(data) == []
    assert {grant["fundingOrganization"][0]["id"] for grant in data["grants"]} == {
        commissioning_body().organisation_identifier
    }
    rows = csv_rows(client)
    assert len(rows) - 1 == len(data["grants"])


def test_the_generated_small_set_publishes_valid_open_data(client):
    seed_demo()
    with override_settings(DEBUG=True):
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    data = package(client)
    assert len(data["grants"]) == published_grants().count() > 100
    assert schema_errors(data) == []
    assert len(xlsx_rows(client)) - 1 == len(data["grants"])


def test_the_measuring_command_prints_its_figures(body, bulk_grants):
    bulk_grants(50)
    out = StringIO()
    call_command("open_data_measure", stdout=out)
    report = json.loads(out.getvalue())
    assert report["grants"] == 50
    assert report["within_bar"] is True
    for name in ("json", "csv", "xlsx"):
        assert report[name]["seconds"] >= 0
        assert report[name]["peak_growth_mb"] < 100
    assert report["json"]["bytes"] > 0 and report["xlsx"]["bytes"] > 0
