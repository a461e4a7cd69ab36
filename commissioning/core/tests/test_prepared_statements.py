"""On PostgreSQL each query a connection repeats is prepared, so it is planned once per connection (settings,
DATABASE_PREPARED_STATEMENTS; ADR 0008)."""

import pytest
from django.db import connection

from commissioning.finance.models import Fund
from commissioning.finance.tests.factories import FundFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _prepared() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_a_repeated_query_is_prepared_and_still_answers_for_each_value():
    before = _prepared()
    names = [Fund.objects.filter(pk=pk, name__startswith="Prepared test").first() for pk in range(1, 9)]
    assert names == [None] * 8
    assert _prepared() > before
    fund = FundFactory(name="Prepared test fund")
    assert Fund.objects.filter(pk=fund.pk, name__startswith="Prepared test").first() == fund
