"""The public scheme pages: open schemes listed with their fund, dates and amounts; a scheme's rules in plain words,
criteria and a start button while it is open; closed and unpublished schemes say so."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.finance.models import FundRules
from commissioning.grants.models import Scheme

from .factories import (
    SchemeFactory,
    community_fund_scheme,
    police_property_act_scheme,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_open_schemes_are_listed_with_fund_summary_closing_date_and_amounts(client: Client):
    closes = datetime(2099, 1, 30, 17, 0, tzinfo=LONDON)
    police_property_act_scheme(closes_at=closes)
    community_fund_scheme()
    SchemeFactory(
        name="Closed scheme",
        closes_at=timezone.now() - timedelta(days=1),
        opens_at=timezone.now() - timedelta(days=40),
    )
    SchemeFactory(name="Unpublished scheme", is_published=False)
    SchemeFactory(
        name="Future scheme",
        opens_at=timezone.now() + timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=50),
    )
    response = client.get(reverse("schemes:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Police Property Act Fund round 2" in page and "PCC Community Fund 2026/27" in page
    assert "Closes 5pm on 30 January 2099" in page
    assert "Up to £3,000" in page and "£1,000 to £25,000" in page
    assert "Small grants for community safety projects." in page
    for hidden in ("Closed scheme", "Unpublished scheme", "Future scheme"):
        assert hidden not in page


def test_the_list_is_paged_and_its_queries_do_not_grow_with_schemes(
    client: Client, django_assert_max_num_queries
):
    fund_scheme = police_property_act_scheme()
    for n in range(60):
        SchemeFactory(fund=fund_scheme.fund, name=f"Round {n:02d}", slug=f"round-{n:02d}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("schemes:list"))
    assert response.status_code == 200
    assert "61 schemes open, showing 1 to 20" in response.content.decode()
    with django_assert_max_num_queries(6):
        response = client.get(reverse("schemes:list") + "?page=4")
    assert "showing 61 to 61" in response.content.decode()
    assert client.get(reverse("schemes:list") + "?page=x<script>").status_code == 200


def test_a_scheme_page_explains_what_it_will_and_will_not_fund_with_criteria_and_start(client: Client):
    scheme = police_property_act_scheme(guidance="Bring your ideas for <b>safer</b> streets.")
    response = client.get(reverse("schemes:detail", args=[scheme.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What we will fund" in page and "What we will not fund" in page
    assert "Requests for more than £3,000" in page
    assert "Work lasting longer than 12 months" in page
    assert "Recurring or ongoing costs" in page
    assert "Applications from organisations of these kinds: local authority" in page
    assert "Only voluntary and community sector organisations can apply" in page
    assert "Need for the project" in page and "50%" in page
    assert "&lt;b&gt;safer&lt;/b&gt;" in page  # guidance is text, never markup
    assert reverse("apply:start", args=[scheme.slug]) in page and "Start now" in page


def test_a_closed_scheme_says_so_and_has_no_start_button(client: Client):
    scheme = SchemeFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=1)
    )
    page = client.get(reverse("schemes:detail", args=[scheme.slug])).content.decode()
    assert "This scheme is closed" in page
    assert "Start now" not in page and reverse("apply:start", args=[scheme.slug]) not in page


def test_an_unpublished_scheme_says_only_that_it_is_not_open(client: Client):
    scheme = SchemeFactory(is_published=False, guidance="Draft guidance not for the public")
    page = client.get(reverse("schemes:detail", args=[scheme.slug])).content.decode()
    assert "This scheme is not open for applications" in page
    assert "Draft guidance" not in page and "Start now" not in page


def test_an_unknown_scheme_is_not_found(client: Client):
    assert client.get(reverse("schemes:detail", args=["no-such-scheme"])).status_code == 404


def test_the_scheme_page_reads_the_rules_in_effect_today(client: Client):
    scheme = police_property_act_scheme()
    FundRules.objects.create(
        fund=scheme.fund, effective_from=timezone.localdate() + timedelta(days=10), max_award=9000
    )
    page = client.get(reverse("schemes:detail", args=[scheme.slug])).content.decode()
    assert "£3,000" in page and "£9,000" not in page
    assert Scheme.objects.count() == 1
