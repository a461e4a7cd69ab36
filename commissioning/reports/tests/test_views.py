"""The report pages through HTTP: who may see them, the figures shown, the PDF, bad and empty years."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from commissioning.accounts.permissions import READ_ALL
from commissioning.accounts.roles import Role
from commissioning.core.money import format_money, pounds
from commissioning.finance.selectors import budget_positions
from commissioning.finance.services import financial_year

from .conftest import World

pytestmark = pytest.mark.django_db

ANNUAL = reverse("reports:annual", args=["2025-26"])
PDF = reverse("reports:annual-pdf", args=["2025-26"])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.mark.parametrize("role", sorted(READ_ALL))
def test_everyone_who_reads_all_records_sees_the_reports(client_as, world: World, role):
    client = client_as(role)
    assert client.get(reverse("reports:index")).status_code == 200
    assert client.get(ANNUAL).status_code == 200
    assert client.get(PDF).status_code == 200


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ASSESSOR, Role.PARTNER_ADMINISTRATOR])
def test_others_are_refused(client_as, world: World, role):
    client = client_as(role)
    for url in (reverse("reports:index"), ANNUAL, PDF):
        assert client.get(url).status_code == 403


def test_the_public_is_asked_to_sign_in(client, world: World):
    for url in (reverse("reports:index"), ANNUAL, PDF):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_index_lists_years_and_links_to_each_report(client_as, world: World):
    html = client_as(Role.AUDITOR).get(reverse("reports:index")).content.decode()
    assert 'href="/staff/reports/annual/2025-26/"' in html
    assert 'href="/staff/reports/annual/2026-27/"' in html
    assert "£750,000.00" in html  # allocated in 2025/26


def test_page_shows_every_fund_with_the_budget_position_services_figures(client_as, world: World):
    html = client_as(Role.AUDITOR).get(ANNUAL).content.decode()
    assert "Annual report 2025/26" in html
    positions = budget_positions(financial_year(2025))
    for fund in (world.victims, world.safety, world.community):
        assert fund.name in html
        position = positions[fund.pk]
        for figure in (position.allocated, position.committed, position.paid, position.available):
            assert format_money(figure) in html
    for source in (world.ring_fenced, world.precept):
        assert escape(source.name) in html
    # Charts with their tables, and the note on how priorities are counted.
    assert html.count('role="img"') == 6
    assert "counted in full under each of them" in html
    assert "Victims supported (people)" in html
    assert reverse("reports:annual-pdf", args=["2025-26"]) in html


def test_pdf_holds_the_fund_names_and_totals(client_as, world: World):
    response = client_as(Role.CHIEF_FINANCE_OFFICER).get(PDF)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="annual-report-2025-26.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Annual report 2025/26" in text
    positions = budget_positions(financial_year(2025))
    for fund in (world.victims, world.safety, world.community):
        assert fund.name in text
        assert pounds(positions[fund.pk].allocated) in text
        assert pounds(positions[fund.pk].committed) in text
    assert (
        pounds(sum((position.allocated for position in positions.values()), Decimal(0))) in text
    )  # £750,000
    assert "Victims supported (people)" in text


@pytest.mark.parametrize("slug", ["2025-27", "1999-00", "2100-01", "twenty", "2025"])
def test_a_bad_year_is_not_found(client_as, world: World, slug):
    client = client_as(Role.AUDITOR)
    assert client.get(reverse("reports:annual", args=[slug])).status_code == 404
    assert client.get(reverse("reports:annual-pdf", args=[slug])).status_code == 404


def test_a_year_with_no_data_says_so(client_as, world: World):
    client = client_as(Role.AUDITOR)
    response = client.get(reverse("reports:annual", args=["2040-41"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are no figures for 2040/41 yet" in html
    assert 'role="img"' not in html
    pdf = client.get(reverse("reports:annual-pdf", args=["2040-41"]))
    assert pdf.status_code == 200 and "There are no figures for 2040/41 yet" in pdf_text(pdf.content)


def test_a_year_with_no_data_and_no_funds_at_all(client_as, db):
    html = client_as(Role.AUDITOR).get(ANNUAL).content.decode()
    assert "There are no figures for 2025/26 yet" in html


def test_queries_are_bounded(client_as, world: World, django_assert_max_num_queries):
    client = client_as(Role.AUDITOR)
    client.get(ANNUAL)  # warm the per-session caches (roles, body)
    with django_assert_max_num_queries(25):
        assert client.get(ANNUAL).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(PDF).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:index")).status_code == 200
