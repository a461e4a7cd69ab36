"""Work waiting: several capped counts read together in one query give what each would alone."""

import pytest

from commissioning.core.work import WORK_COUNT_CAP, capped, capped_all
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
