"""Generated decision records (generate_data): numbered per financial year after the demo's, mostly published,
some part exempt or exempt, keeping the rules the services keep; references drafted later never repeat one."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from commissioning.accounts.roles import Role
from commissioning.cycle.services.intentions import INTENTIONS_SOURCE
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus
from commissioning.decisions.selectors import public_decision_search
from commissioning.decisions.tests.conftest import draft
from commissioning.devtools.generate.decisions import DecisionGenerator
from commissioning.devtools.generate.scale import SMALL
from commissioning.finance import years

pytestmark = pytest.mark.django_db


def test_generated_records_are_numbered_per_year_after_the_demos_and_keep_the_rules(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())
        demo = DecisionRecord.objects.count()
        demo_of_intentions = DecisionRecord.objects.filter(source_type=INTENTIONS_SOURCE).count()
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    records = DecisionRecord.objects.all()
    per_year = max(3, round(150 * SMALL.applications / 100_000))
    # The cycle's generator adds the decision records of the commissioning intentions it makes, numbered after these.
    of_intentions = records.filter(source_type=INTENTIONS_SOURCE).count() - demo_of_intentions
    assert 1 <= of_intentions <= 5
    assert records.count() - demo - of_intentions == per_year * SMALL.years
    by_year = Counter(records.values_list("year", flat=True))
    for year, count in by_year.items():
        numbers = sorted(records.filter(year=year).values_list("number", flat=True))
        assert numbers == list(range(1, count + 1)), year
    assert len(set(records.values_list("reference", flat=True))) == records.count()
    assert records.filter(status=DecisionStatus.PUBLISHED).count() > records.count() / 2
    for record in records:
        assert record.reference == f"{record.year}/{record.number:03d}"
        if record.status != DecisionStatus.DRAFT:
            assert record.decision_maker_id is not None and record.decided_on is not None
        if record.status == DecisionStatus.PUBLISHED:
            assert record.published_at is not None
        if record.confidentiality != Confidentiality.PUBLIC:
            assert record.exemption
        if record.confidentiality == Confidentiality.PART_EXEMPT:
            assert record.exempt_part and not public_decision_search(query=record.exempt_part).exists()
    current = years.start_year_of(DecisionRecord.objects.order_by("-created_at").first().created_at.date())  # type: ignore[union-attr]
    with transaction.atomic():
        assert draft(officer).number == by_year[current] + 1


def test_the_large_scale_makes_about_150_a_year():
    class Large:
        class scale:
            applications = 100_000

    assert DecisionGenerator(Large()).per_year == 150  # type: ignore[arg-type]
