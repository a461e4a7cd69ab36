"""Decommissioning's rules, through its services: a monitoring report on record, the minimum notice as data, the
delegated limit on the remaining value, and what a decision does to the agreement, its money and its monitoring."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.agreements.models import AgreementStatus
from commissioning.core.dates import add_months
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date
from commissioning.decisions.models import DecisionRecord, DecisionStatus
from commissioning.decommissioning.models import DecommissioningStatus, Kind, NoticePeriod, Reason
from commissioning.decommissioning.selectors import decommissionings_for_agreements, remaining_value
from commissioning.decommissioning.services import (
    decommissioning_decide,
    decommissioning_propose,
    decommissioning_refuse,
    decommissioning_response_record,
    decommissioning_start,
    decommissioning_update,
    decommissioning_withdraw,
    decommissionings_end_due,
)
from commissioning.finance import years
from commissioning.finance.models import FinancialYear
from commissioning.finance.selectors import budget_positions
from commissioning.monitoring.models import ReturnStatus

from .conftest import complete, notice_dates, report

pytestmark = pytest.mark.django_db
S = DecommissioningStatus


def proposed(d, officer, agreement):
    report(agreement)
    complete(d, by=officer)
    decommissioning_propose(by=officer, decommissioning=d)
    decommissioning_response_record(
        by=officer, decommissioning=d, response="We accept and will help move people"
    )
    return d


def test_a_proposal_cannot_go_forward_without_a_monitoring_report_then_cites_the_latest(
    officer, agreement, draft
):
    complete(draft, by=officer)
    with pytest.raises(DomainError, match="There is no monitoring report on record for"):
        decommissioning_propose(by=officer, decommissioning=draft)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.cited_return is None

    returns = report(agreement, count=3)
    decommissioning_propose(by=officer, decommissioning=draft)
    draft.refresh_from_db()
    assert draft.status == S.PROPOSED
    assert draft.cited_return == returns[-1]  # the latest by period, not the first
    assert draft.cited_at is not None


def test_a_return_still_owed_is_not_a_report_on_record(officer, agreement, draft):
    complete(draft, by=officer)
    first = agreement.monitoring_plan.returns.order_by("number")[0]
    first.status = ReturnStatus.DRAFT  # answers saved, not sent
    first.save(update_fields=["status"])
    with pytest.raises(DomainError, match="no monitoring report on record"):
        decommissioning_propose(by=officer, decommissioning=draft)


def test_an_incomplete_proposal_names_what_is_missing(officer, agreement, draft):
    report(agreement)
    with pytest.raises(DomainError, match="Enter the impact on service users"):
        decommissioning_propose(by=officer, decommissioning=draft)


def test_notice_shorter_than_the_minimum_is_refused_in_plain_words(officer, draft):
    today = timezone.localdate()
    earliest = add_months(today, 3)
    with pytest.raises(DomainError) as refused:
        decommissioning_update(
            by=officer,
            decommissioning=draft,
            part="notice",
            notice_on=today,
            ends_on=earliest - timedelta(days=1),
        )
    assert (
        refused.value.message
        == f"The notice must be at least 3 months: the earliest end date is {govuk_date(earliest)}"
    )
    assert refused.value.field == "ends_on"
    draft.refresh_from_db()
    assert draft.ends_on is None  # nothing saved
    decommissioning_update(
        by=officer, decommissioning=draft, part="notice", notice_on=today, ends_on=earliest
    )
    draft.refresh_from_db()
    assert draft.ends_on == earliest


def test_a_new_minimum_applies_from_its_date(officer, draft):
    today = timezone.localdate()
    from_day = today + timedelta(days=10)
    NoticePeriod.objects.create(months=6, effective_from=from_day)
    # Notice given before the new rule: three months are enough.
    decommissioning_update(
        by=officer, decommissioning=draft, part="notice", notice_on=today, ends_on=add_months(today, 3)
    )
    # Notice given from the rule's date: six months.
    with pytest.raises(DomainError, match="The notice must be at least 6 months: the earliest end date is"):
        decommissioning_update(
            by=officer,
            decommissioning=draft,
            part="notice",
            notice_on=from_day,
            ends_on=add_months(from_day, 5),
        )
    decommissioning_update(
        by=officer, decommissioning=draft, part="notice", notice_on=from_day, ends_on=add_months(from_day, 6)
    )


def test_the_end_must_be_within_the_agreement(officer, agreement, draft):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="on or before the agreement's own end date"):
        decommissioning_update(
            by=officer,
            decommissioning=draft,
            part="notice",
            notice_on=today,
            ends_on=agreement.ends_on + timedelta(days=1),
        )


def test_above_the_officers_limit_is_refused_naming_it_and_the_commissioner_may(
    officer, other_officer, commissioner, agreement, draft
):
    proposed(draft, officer, agreement)
    remaining = remaining_value(agreement.pk)
    assert remaining == Decimal("80000.00")
    with pytest.raises(DomainError) as refused:
        decommissioning_decide(by=other_officer, decommissioning=draft)
    assert refused.value.message.startswith(
        "Your delegated limit is £5,000. A decision on £80,000 must be made"
    )
    assert refused.value.message.endswith("or the Commissioner (no limit).")
    draft.refresh_from_db()
    assert draft.status == S.PROPOSED
    assert not DecisionRecord.objects.exists()

    decommissioning_decide(by=commissioner, decommissioning=draft)
    draft.refresh_from_db()
    assert draft.status == S.DECIDED and draft.decided_by == commissioner
    record = draft.decision_record
    assert record.status == DecisionStatus.PUBLISHED
    assert record.amount == Decimal("80000.00") and record.decision_maker == commissioner
    assert record.source_type == "decommissioning.decommissioning" and record.source_id == str(draft.pk)


def test_the_proposer_cannot_decide_it(make_user, limits, agreement, officer):
    from commissioning.accounts.roles import Role

    chief = make_user(Role.CHIEF_FINANCE_OFFICER, Role.COMMISSIONING_OFFICER)
    d = decommissioning_start(by=chief, agreement=agreement, kind=Kind.END, reason=Reason.NOT_REQUIRED)
    proposed(d, chief, agreement)
    with pytest.raises(PermissionRefused, match="You proposed this decommissioning"):
        decommissioning_decide(by=chief, decommissioning=d)


def test_the_decision_needs_the_providers_response(officer, commissioner, agreement, draft):
    report(agreement)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    with pytest.raises(DomainError, match="Record the provider's response before the decision"):
        decommissioning_decide(by=commissioner, decommissioning=draft)


def test_ending_brings_the_end_forward_and_releases_the_later_years_money(
    officer, commissioner, agreement, draft
):
    last_year = FinancialYear.objects.get(start_year=years.start_year_of(agreement.ends_on))
    before = budget_positions(last_year)[agreement.fund_id]
    assert before.committed == agreement.funding.get(financial_year=last_year).amount
    proposed(draft, officer, agreement)
    decommissioning_decide(by=commissioner, decommissioning=draft)

    agreement.refresh_from_db()
    _, ends_on = notice_dates()
    assert agreement.ends_on == ends_on
    assert agreement.status == AgreementStatus.ACTIVE  # it runs to the end of the notice
    # Every financial year after the end gives its money back to the fund.
    for line in agreement.funding.select_related("financial_year", "commitment"):
        if line.financial_year.start_year > years.start_year_of(ends_on):
            assert line.commitment.committed_amount == 0
            assert budget_positions(line.financial_year)[agreement.fund_id].committed == 0
    assert budget_positions(last_year)[agreement.fund_id].available == Decimal("100000.00")
    assert agreement.value < Decimal("80000.00")
    assert remaining_value(agreement.pk) == agreement.value
    assert agreement.variations.count() == 1
    # The decision is the decommissioning's own record: no second record drafted for the change of value.
    assert DecisionRecord.objects.count() == 1


def test_monitoring_returns_after_the_end_are_no_longer_due(officer, commissioner, agreement, draft):
    proposed(draft, officer, agreement)
    decommissioning_decide(by=commissioner, decommissioning=draft)
    agreement.refresh_from_db()
    returns = list(agreement.monitoring_plan.returns.order_by("number"))
    assert all(r.period_start <= agreement.ends_on for r in returns)
    assert all(r.period_end <= agreement.ends_on for r in returns)
    assert returns[-1].is_final and sum(r.is_final for r in returns) == 1


def test_the_agreement_ends_when_the_notice_has_run(officer, commissioner, agreement, draft):
    proposed(draft, officer, agreement)
    decommissioning_decide(by=commissioner, decommissioning=draft)
    agreement.refresh_from_db()
    assert decommissionings_end_due(on=agreement.ends_on) == []
    ended = decommissionings_end_due(on=agreement.ends_on + timedelta(days=1))
    assert [a.pk for a in ended] == [agreement.pk]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    assert decommissionings_end_due(on=agreement.ends_on + timedelta(days=2)) == []  # safe to run twice


def test_a_reduction_uses_the_new_value(officer, commissioner, agreement):
    d = decommissioning_start(
        by=officer, agreement=agreement, kind=Kind.REDUCE, reason=Reason.FUNDING, new_value="50000.00"
    )
    proposed(d, officer, agreement)
    decommissioning_decide(by=commissioner, decommissioning=d)
    agreement.refresh_from_db()
    assert agreement.value == Decimal("50000.00")
    assert agreement.variations.get().after["value"] == "50000.00"
    assert DecisionRecord.objects.count() == 1
    assert "from £80,000 to £50,000" in d.decision_record.decision


def test_a_reduction_must_reduce(officer, agreement):
    with pytest.raises(DomainError, match="The new value must be less than the agreement's value"):
        decommissioning_start(
            by=officer, agreement=agreement, kind=Kind.REDUCE, reason=Reason.FUNDING, new_value="90000"
        )
    with pytest.raises(DomainError, match="Enter the agreement's new value"):
        decommissioning_start(by=officer, agreement=agreement, kind=Kind.REDUCE, reason=Reason.FUNDING)


def test_a_newer_report_before_the_decision_is_cited_instead(officer, commissioner, agreement, draft):
    proposed(draft, officer, agreement)
    first = draft.cited_return
    newer = report(agreement, count=2)[-1]
    decommissioning_decide(by=commissioner, decommissioning=draft)
    draft.refresh_from_db()
    assert first is not None and draft.cited_return == newer != first
    assert f"return {newer.number}" in draft.decision_record.background


def test_one_open_proposal_per_agreement_and_only_active_agreements(officer, agreement, draft):
    with pytest.raises(DomainError, match="already has an open decommissioning"):
        decommissioning_start(by=officer, agreement=agreement, kind=Kind.END, reason=Reason.FUNDING)
    decommissioning_withdraw(by=officer, decommissioning=draft, reason="Funding was found")
    decommissioning_start(by=officer, agreement=agreement, kind=Kind.END, reason=Reason.FUNDING)


def test_refused_and_withdrawn_need_a_reason_and_leave_the_agreement(officer, commissioner, agreement, draft):
    proposed(draft, officer, agreement)
    with pytest.raises(DomainError, match="Enter why the decommissioning is refused"):
        decommissioning_refuse(by=commissioner, decommissioning=draft, reason=" ")
    decommissioning_refuse(by=commissioner, decommissioning=draft, reason="The service is still needed")
    agreement.refresh_from_db()
    assert agreement.value == Decimal("80000.00") and agreement.status == AgreementStatus.ACTIVE
    with pytest.raises(DomainError):
        decommissioning_update(by=officer, decommissioning=draft, part="impact", service_user_impact="x")


def test_the_provider_responds_for_its_own_agreement_once_proposed(
    officer, provider, agreement, draft, make_user
):
    from commissioning.accounts.roles import Role

    with pytest.raises(DomainError):
        decommissioning_response_record(by=provider, decommissioning=draft, response="Too early")
    report(agreement)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    decommissioning_response_record(
        by=provider, decommissioning=draft, response="We disagree: demand is rising"
    )
    draft.refresh_from_db()
    assert draft.provider_response_by == provider
    stranger = make_user(Role.PROVIDER)
    with pytest.raises(PermissionRefused):
        decommissioning_response_record(by=stranger, decommissioning=draft, response="Not ours")


def test_decommissionings_for_agreements(officer, agreement, draft):
    rows = decommissionings_for_agreements([agreement.pk, 999999])
    assert [d.pk for d in rows[agreement.pk]] == [draft.pk]
    assert 999999 not in rows


def test_an_end_date_in_the_past_cannot_be_decided(officer, commissioner, agreement, draft):
    proposed(draft, officer, agreement)
    # Notice long ago, and the end date passed before the decision.
    draft.notice_on = date(2000, 1, 1)
    draft.ends_on = timezone.localdate() - timedelta(days=1)
    draft.save(update_fields=["notice_on", "ends_on"])
    with pytest.raises(DomainError, match="has passed"):
        decommissioning_decide(by=commissioner, decommissioning=draft)


def test_the_daily_command_ends_agreements_whose_notice_has_run(officer, commissioner, agreement, draft):
    from io import StringIO

    from django.core.management import CommandError, call_command

    proposed(draft, officer, agreement)
    decommissioning_decide(by=commissioner, decommissioning=draft)
    agreement.refresh_from_db()
    out = StringIO()
    call_command("end_decommissioned_agreements", "--on", agreement.ends_on.isoformat(), stdout=out)
    assert "Ended 0 decommissioned agreements." in out.getvalue()
    call_command(
        "end_decommissioned_agreements",
        "--on",
        (agreement.ends_on + timedelta(days=1)).isoformat(),
        stdout=out,
    )
    assert "Ended 1 decommissioned agreements." in out.getvalue()
    with pytest.raises(CommandError, match="--on must be a date"):
        call_command("end_decommissioned_agreements", "--on", "soon")


def test_ending_on_the_agreements_own_end_date_changes_nothing_but_its_end(
    officer, commissioner, agreement, draft
):
    proposed(draft, officer, agreement)
    draft.ends_on = agreement.ends_on
    draft.save(update_fields=["ends_on"])
    decommissioning_decide(by=commissioner, decommissioning=draft)
    agreement.refresh_from_db()
    assert agreement.value == Decimal("80000.00") and not agreement.variations.exists()
    assert [a.pk for a in decommissionings_end_due(on=agreement.ends_on + timedelta(days=1))] == [
        agreement.pk
    ]
