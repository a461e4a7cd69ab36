"""Generated commissioning cycle (generate_data): needs assessments with one to three versions and their evidence,
intentions for five years with 10 to 30 projects, the past years published through a published decision record,
keeping the rules the services keep."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.test import Client, override_settings
from django.urls import reverse

from commissioning.audit.models import StatusChange
from commissioning.cycle.models import CommissioningIntentions, IntentionsStatus, NeedsAssessment
from commissioning.decisions.models import DecisionRecord, DecisionStatus
from commissioning.finance import years
from commissioning.finance.selectors import current_start_year

pytestmark = pytest.mark.django_db


def test_the_generated_cycle_keeps_the_rules():
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    assessments = NeedsAssessment.objects.annotate(
        latest=Max("versions__number"),
        versions_count=Count("versions", distinct=True),
        priority_count=Count("priorities", distinct=True),
    )
    assert assessments.count() >= 8
    for assessment in assessments:
        assert 1 <= assessment.versions_count <= 3 and assessment.latest == assessment.versions_count
        assert assessment.priority_count >= 1
    now = current_start_year()
    intentions = CommissioningIntentions.objects.select_related("decision", "financial_year")
    assert {row.financial_year.start_year for row in intentions} == set(range(now - 3, now + 2))
    for row in intentions:
        if row.status == IntentionsStatus.PUBLISHED:
            assert row.decision.status == DecisionStatus.PUBLISHED and row.published_at is not None
            assert row.decision.source_id == str(row.pk)
        for item in row.items.all():
            assert years.start_year_of(item.starts_on) == row.financial_year.start_year
            assert item.indicative_value > 0 and item.priorities.exists()
        moves = StatusChange.objects.filter(record_type="cycle.commissioningintentions", record_id=row.pk)
        assert (moves.order_by("-changed_at").first().to_status if moves.exists() else "draft") == row.status
    generated = intentions.filter(financial_year__start_year=now - 2).get()
    assert 10 <= generated.items.count() <= 30
    assert (
        len(set(DecisionRecord.objects.values_list("reference", flat=True))) == DecisionRecord.objects.count()
    )
    assert Client().get(reverse("cycle-public:year", args=[now - 2])).status_code == 200
