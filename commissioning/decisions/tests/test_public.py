"""The public pages and selectors. THE RULE: an exempt decision's withheld part (and for an exempt decision,
everything but its reference, dates and exemption) appears nowhere on the public site: not in the list, not in
search, not on its page, not in any public selector."""

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.decisions.models import DecisionRecord
from commissioning.decisions.selectors import (
    decisions_published_between,
    public_decision,
    public_decision_rows,
    public_decision_search,
)
from commissioning.decisions.services import decision_approve

from .conftest import SECRET, draft, published

pytestmark = pytest.mark.django_db


def outside_the_search_box(html: str) -> str:
    """The page without the search form, which repeats what was typed."""
    before, _, rest = html.partition('<form method="get"')
    return before + rest.partition("</form>")[2]


@pytest.fixture
def public_client() -> Client:
    return Client()


def test_the_public_list_shows_published_decisions_only(public_client, officer, commissioner):
    shown = published(officer, commissioner, title="Fund the Horizon victim service")
    draft(officer, title="A draft nobody should see")
    decision_approve(by=commissioner, record=draft(officer, title="Approved but not published"))
    html = public_client.get(reverse("public-decisions:list")).content.decode()
    assert "Fund the Horizon victim service" in html
    assert "A draft nobody should see" not in html and "Approved but not published" not in html
    assert (
        reverse("public-decisions:detail", args=[shown.slug])
        == f"/decisions/{shown.year}-{shown.number:03d}/"
    )


def test_a_published_decision_has_a_stable_page_with_its_public_record(public_client, officer, commissioner):
    record = published(
        officer, commissioner, title="Fund the Horizon victim service", background="Need rose."
    )
    response = public_client.get(f"/decisions/{record.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fund the Horizon victim service" in html and "Need rose." in html
    assert "Connie Commissioner" in html and "£40,000.00" in html


def test_unpublished_and_unknown_decisions_are_not_found(public_client, officer, commissioner):
    record = draft(officer)
    assert public_client.get(f"/decisions/{record.slug}/").status_code == 404
    decision_approve(by=commissioner, record=record)
    assert public_client.get(f"/decisions/{record.slug}/").status_code == 404
    assert public_client.get("/decisions/2026-999/").status_code == 404
    assert public_client.get("/decisions/not-a-reference/").status_code == 404


def test_an_exempt_decisions_withheld_parts_appear_nowhere_on_the_public_site(
    public_client, exempt_and_part_exempt
):
    exempt, part = exempt_and_part_exempt
    pages = [
        public_client.get(reverse("public-decisions:list")),
        public_client.get(reverse("public-decisions:detail", args=[exempt.slug])),
        public_client.get(reverse("public-decisions:detail", args=[part.slug])),
        public_client.get(reverse("public-decisions:list"), {"query": SECRET}),
        public_client.get(reverse("public-decisions:list"), {"query": SECRET.lower()}),
        public_client.get(reverse("public-decisions:list"), {"query": "Covert"}),
    ]
    for response in pages:
        assert response.status_code == 200
        assert SECRET.lower() not in outside_the_search_box(response.content.decode()).lower()
    exempt_page = pages[1].content.decode()
    assert exempt.reference in exempt_page and "Law enforcement (FOI Act section 31)" in exempt_page
    assert "Covert tactics" not in exempt_page
    part_page = pages[2].content.decode()
    assert "Refuge accommodation" in part_page and "Information relating to any individual" in part_page


def test_searching_for_a_word_only_in_a_withheld_part_finds_nothing(public_client, exempt_and_part_exempt):
    response = public_client.get(reverse("public-decisions:list"), {"query": SECRET})
    html = response.content.decode()
    assert "No published decisions match your search" in html
    assert not public_decision_search(query=SECRET).exists()
    assert not public_decision_search(query="Covert").exists()
    # A public word of the part-exempt decision still finds it; the exempt one is found by its reference only.
    _exempt, part = exempt_and_part_exempt
    assert list(public_decision_search(query="refuge").values_list("pk", flat=True)) == [part.pk]
    assert public_decision_search(query=_exempt.reference).count() == 1


def test_public_selectors_never_hold_the_withheld_parts(exempt_and_part_exempt):
    exempt, part = exempt_and_part_exempt
    today = timezone.localdate()
    everything = [
        *decisions_published_between(today - timedelta(days=1), today),
        *public_decision_rows(DecisionRecord.objects.values_list("pk", flat=True)),
        public_decision(year=exempt.year, number=exempt.number),
        public_decision(year=part.year, number=part.number),
    ]
    assert len(everything) == 6
    for decision in everything:
        assert decision is not None
        assert SECRET not in repr(asdict(decision))
        assert not hasattr(decision, "exempt_part")
    exempt_public = public_decision(year=exempt.year, number=exempt.number)
    assert exempt_public is not None
    assert exempt_public.title == f"Exempt decision {exempt.reference}"
    assert exempt_public.summary == "" and exempt_public.amount is None and exempt_public.decision_maker == ""


def test_decisions_published_between_takes_both_days_in_order_and_nothing_else(officer, commissioner):
    first = published(officer, commissioner, title="First")
    second = published(officer, commissioner, title="Second")
    decision_approve(by=commissioner, record=draft(officer, title="Not published"))
    DecisionRecord.objects.filter(pk=first.pk).update(published_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    assert [d.reference for d in decisions_published_between(today - timedelta(days=40), today)] == [
        first.reference,
        second.reference,
    ]
    assert [d.reference for d in decisions_published_between(today, today)] == [second.reference]
    assert decisions_published_between(today + timedelta(days=1), today + timedelta(days=30)) == []


def test_the_public_list_filters_by_year_and_explains_bad_input(public_client, officer, commissioner):
    record = published(officer, commissioner, title="Fund the Horizon victim service")
    url = reverse("public-decisions:list")
    assert "Fund the Horizon" in public_client.get(url, {"year": record.year}).content.decode()
    response = public_client.get(url, {"year": "<script>", "page": "-4"})
    assert response.status_code == 200
    assert "Select a financial year from the list" in response.content.decode()


def test_public_pages_read_a_bounded_number_of_queries(
    public_client, officer, commissioner, django_assert_max_num_queries
):
    for n in range(45):
        record = published(officer, commissioner, title=f"Decision number {n}")
    url = reverse("public-decisions:list")
    for query in ({}, {"page": "2"}, {"query": "number"}, {"year": record.year, "page": "3"}):
        # The years to filter by, the count and the page's rows (and the body, on a first visit).
        with django_assert_max_num_queries(4):
            assert public_client.get(url, query).status_code == 200
    with django_assert_max_num_queries(2):
        assert public_client.get(reverse("public-decisions:detail", args=[record.slug])).status_code == 200
