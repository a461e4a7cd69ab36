"""Work waiting: several capped counts read together in one query give what each would alone, and the dashboard
counts what every source asks it to count in that one query."""

from unittest import mock

import pytest

from commissioning.core.work import WorkCount, WorkItem
from commissioning.dashboard import work
from commissioning.dashboard.work import WORK_COUNT_CAP, capped, capped_all
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_capped_all_counts_each_queryset_in_one_query(django_assert_num_queries):
    OrganisationFactory.create_batch(3, name="Alpha")
    OrganisationFactory.create_batch(WORK_COUNT_CAP + 2, name="Beta")
    querysets = [
        Organisation.objects.filter(name="Alpha"),
        Organisation.objects.filter(name="Beta"),
        Organisation.objects.filter(name="Gamma"),
    ]
    expected = [capped(queryset) for queryset in querysets]
    assert expected == [(3, False), (WORK_COUNT_CAP, True), (0, False)]
    with django_assert_num_queries(1):
        assert capped_all(querysets) == expected


def test_capped_all_of_one_or_none():
    OrganisationFactory(name="Alpha")
    assert capped_all([Organisation.objects.filter(name="Alpha")]) == [(1, False)]
    assert capped_all([]) == []


def test_capped_all_counts_in_full_where_asked():
    OrganisationFactory.create_batch(WORK_COUNT_CAP + 2, name="Beta")
    beta = Organisation.objects.filter(name="Beta")
    assert capped_all([beta, beta], caps=[True, False]) == [
        (WORK_COUNT_CAP, True),
        (WORK_COUNT_CAP + 2, False),
    ]


def _first_source(user):
    return [
        WorkItem("Counted by its source", 7, "/seven/"),
        WorkCount("Alphas", Organisation.objects.filter(name="Alpha"), "/alpha/"),
        WorkCount("Gammas", Organisation.objects.filter(name="Gamma"), "/gamma/"),
    ]


def _second_source(user):
    return [WorkCount("Betas", Organisation.objects.filter(name="Beta"), "/beta/", cap=False)]


def test_the_dashboard_counts_every_source_in_one_query_and_leaves_out_nothing_waiting(
    django_assert_num_queries,
):
    OrganisationFactory.create_batch(2, name="Alpha")
    OrganisationFactory.create_batch(WORK_COUNT_CAP + 1, name="Beta")
    sources = [f"{__name__}._first_source", f"{__name__}._second_source"]
    with mock.patch.object(work, "WORK_SOURCES", sources), django_assert_num_queries(1):
        items = work.work_waiting(user=None)
    assert items == [
        WorkItem("Counted by its source", 7, "/seven/"),
        WorkItem("Alphas", 2, "/alpha/"),
        WorkItem("Betas", WORK_COUNT_CAP + 1, "/beta/"),
    ]
