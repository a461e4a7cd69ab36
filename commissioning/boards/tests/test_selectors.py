"""The pack's sections, read for the meeting's financial year."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.boards import selectors
from commissioning.boards.selectors import (
    PackScope,
    feedback_section,
    overdue_section,
    pack_scope,
    ratings_section,
)
from commissioning.feedback.models import Feedback
from commissioning.monitoring.models import MonitoringReturn, ReturnStatus

from .world import build_world, rate

pytestmark = pytest.mark.django_db


def test_agreements_of_other_years_and_drafts_are_left_out(officer, cfo, meeting, organisation):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    earlier = make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        starts_on=date(2024, 4, 1),
        ends_on=date(2025, 3, 31),
        status=AgreementStatus.ACTIVE,
    )
    make_agreement(by=officer, organisation=organisation, fund=None)  # a draft
    rate(earlier, "red")
    listed = {a.reference for g in ratings_section(pack_scope(meeting)).groups for a in g.agreements}
    assert listed == {
        world.red.reference,
        world.amber.reference,
        world.unrated.reference,
        world.green.reference,
    }


def test_the_latest_review_decides_the_rating(officer, cfo, meeting):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    second = world.red.monitoring_plan.returns.get(number=2)
    MonitoringReturn.objects.filter(pk=second.pk).update(
        status=ReturnStatus.REVIEWED, rating="green", reviewed_at=timezone.now()
    )
    groups = {
        g.label: [a.reference for a in g.agreements] for g in ratings_section(pack_scope(meeting)).groups
    }
    assert world.red.reference in groups["Green"] and groups["Red"] == []


def test_long_lists_are_cut_with_the_whole_count_kept(officer, meeting, organisation, monkeypatch):
    monkeypatch.setattr(selectors, "PACK_ROWS", 2)
    for n in range(3):
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=None,
            value="50000.00",
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
            status=AgreementStatus.ACTIVE,
            title=f"Service {n}",
        )
    unrated = ratings_section(pack_scope(meeting)).groups[2]
    assert (unrated.count, len(unrated.agreements), unrated.more) == (3, 2, 1)
    # Six-monthly returns: the first is due 30 October 2026, so three are overdue a week later.
    overdue = overdue_section(PackScope(meeting=meeting, start_year=2026, as_at=date(2026, 11, 6)))
    assert (overdue.count, len(overdue.returns), overdue.more) == (3, 2, 1)
    assert overdue.returns[0].days_overdue == 7


def test_feedback_counts_only_what_was_received_in_the_year(officer, cfo, meeting):
    world = build_world(by=officer, meeting=meeting, cfo=cfo)
    Feedback.objects.filter(agreement=world.red).update(received_at=datetime(2025, 6, 1, 12, tzinfo=UTC))
    assert feedback_section(pack_scope(meeting)).services == []
    scope_2025 = PackScope(meeting=meeting, start_year=2025, as_at=date(2026, 3, 1))
    assert feedback_section(scope_2025).services == []  # the agreement did not run in 2025/26
    Feedback.objects.filter(agreement=world.red).update(received_at=datetime(2027, 3, 31, 12, tzinfo=UTC))
    (service,) = feedback_section(pack_scope(meeting)).services
    assert service.reference == world.red.reference
