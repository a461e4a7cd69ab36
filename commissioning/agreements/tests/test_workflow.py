"""The agreement's workflow on the one primitive: every move of its table writes one audit event and one
audit.StatusChange row; the conditions its actions name; the hooks the spokes register."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.permissions import check
from commissioning.accounts.roles import Role
from commissioning.agreements import hooks
from commissioning.agreements.models import AGREEMENT_TRANSITIONS, AgreementStatus
from commissioning.agreements.services import (
    agreement_end,
    agreement_offer,
    agreement_terminate,
    offer_accept,
    offer_decline,
    offer_withdraw,
)
from commissioning.agreements.workflows import AGREEMENT_WORKFLOW
from commissioning.audit.models import AuditEvent, StatusChange
from commissioning.audit.workflow import allowed_moves, history, workflow_for
from commissioning.finance.models import Commitment
from commissioning.finance.tests.factories import FundRulesFactory
from commissioning.monitoring.models import MonitoringPlan
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import make_agreement

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=28)
S = AgreementStatus


def test_the_workflow_is_registered_with_the_table():
    from commissioning.agreements.models import Agreement

    assert workflow_for(Agreement) is AGREEMENT_WORKFLOW
    assert AGREEMENT_WORKFLOW.table is AGREEMENT_TRANSITIONS


# Each move of the table, made by the service that makes it: (how the agreement is made, the moves made first,
# the move, its audit verb). DRAFT -> ACTIVE is made by creating an agreement as already agreed.
WALKS = [
    (S.DRAFT, [], S.OFFERED, "offer"),
    (S.DRAFT, [S.OFFERED], S.ACTIVE, "accept"),
    (S.DRAFT, [S.OFFERED], S.DECLINED, "decline"),
    (S.DRAFT, [S.OFFERED], S.WITHDRAWN, "withdraw"),
    (S.DRAFT, [], S.WITHDRAWN, "withdraw"),
    (S.ACTIVE, [], S.ENDED, "end"),
    (S.ACTIVE, [], S.TERMINATED, "end early"),
]


def test_the_walks_and_creating_an_agreement_as_agreed_cover_the_table():
    moves = {(path[-1] if path else made, to) for made, path, to, _ in WALKS} | {(S.DRAFT, S.ACTIVE)}
    table = {(current, to) for current, targets in AGREEMENT_TRANSITIONS.items() for to in targets}
    assert moves == table


@pytest.mark.parametrize(("made", "path", "to", "verb"), WALKS)
def test_each_move_writes_one_audit_event_and_one_history_row(
    officer, fund, organisation, provider, made, path, to, verb
):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, status=made)
    moves = {
        S.OFFERED: lambda: agreement_offer(by=officer, agreement=agreement, respond_by=SOON),
        S.ACTIVE: lambda: offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair"),
        S.DECLINED: lambda: offer_decline(
            by=provider, agreement=agreement, name="Pat", role="Chair", reason="No"
        ),
        S.WITHDRAWN: lambda: offer_withdraw(by=officer, agreement=agreement, reason="Not needed"),
        S.ENDED: lambda: agreement_end(by=officer, agreement=agreement, reason="Done"),
        S.TERMINATED: lambda: agreement_terminate(by=officer, agreement=agreement, reason="Closed"),
    }
    for step in path:
        moves[step]()
    events = AuditEvent.objects.filter(record_type="agreements.agreement", record_id=str(agreement.pk))
    before_events, before_rows = events.count(), history(agreement).count()
    current = type(agreement).objects.get(pk=agreement.pk).status
    moves[to]()
    agreement.refresh_from_db()
    assert agreement.status == to
    assert events.count() == before_events + 1
    assert events.filter(action=verb).count() == 1
    assert history(agreement).count() == before_rows + 1
    change = history(agreement).last()
    assert (change.record_type, change.from_status, change.to_status) == ("agreements.agreement", current, to)


def test_creating_an_agreement_as_agreed_moves_it_from_draft(officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, status=S.ACTIVE)
    events = AuditEvent.objects.filter(record_type="agreements.agreement", record_id=str(agreement.pk))
    assert list(events.order_by("sequence").values_list("action", flat=True)) == ["create", "agree"]
    change = history(agreement).get()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "draft",
        "active",
        "Agreed when recorded",
        officer,
    )


def test_allowed_moves_show_the_staff_buttons_with_reasons(make_user, officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, status=S.ACTIVE)
    moves = {option.to: option for option in allowed_moves(agreement, officer)}
    assert set(moves) == {S.ENDED, S.TERMINATED}
    assert moves[S.ENDED].allowed and moves[S.ENDED].label == "End the agreement"
    auditor = {option.to: option for option in allowed_moves(agreement, make_user(Role.AUDITOR))}
    assert not auditor[S.TERMINATED].allowed
    assert auditor[S.TERMINATED].reason == "You do not have a role that can end this agreement"


# --- Conditions --------------------------------------------------------------------------------------------------


def test_party_to_agreement_and_lead_organisation_member(make_user, officer, fund, organisation, provider):
    partner_org = OrganisationFactory(name="Partner Charity")
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, parties=[(partner_org, "partner")], status=S.ACTIVE
    )
    member_of_partner = make_user(Role.PROVIDER)
    MembershipFactory(organisation=partner_org, user=member_of_partner)
    stranger = make_user(Role.PROVIDER)
    MembershipFactory(organisation=OrganisationFactory(), user=stranger)
    assert check(provider, "agreement.view", agreement)
    assert check(member_of_partner, "agreement.view", agreement)
    refused = check(stranger, "agreement.view", agreement)
    assert not refused and refused.reason.endswith("your organisation is not a party to this agreement")
    # A row under the agreement (an instalment) answers for its agreement.
    assert check(member_of_partner, "agreement.view", agreement.instalments.first())
    # Only the lead organisation answers the offer.
    assert check(provider, "agreement.answer_offer", agreement)
    refused = check(member_of_partner, "agreement.answer_offer", agreement)
    assert not refused and "only people of the organisation offered it" in refused.reason


def test_a_provider_releases_money_only_of_an_offer_their_organisation_declined(
    officer, fund, organisation, provider, other_provider
):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    agreement_offer(by=officer, agreement=agreement, respond_by=SOON)
    commitment = Commitment.objects.get(agreement_funding__agreement=agreement)
    assert not check(provider, "commitment.release", commitment)
    offer_decline(by=provider, agreement=agreement, name="Pat", role="Chair", reason="No longer needed")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.RELEASED
    assert history(commitment).get().changed_by == provider
    assert check(provider, "commitment.release", commitment)
    assert not check(other_provider, "commitment.release", commitment)


def test_a_partner_makes_and_manages_agreements_only_of_funds_their_organisation_runs(
    make_user, officer, fund, organisation
):
    foundation = OrganisationFactory(name="Community Foundation")
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    MembershipFactory(organisation=foundation, user=partner)
    with pytest.raises(Exception, match="this is not a fund your organisation runs"):
        make_agreement(by=partner, organisation=organisation, fund=fund)
    FundRulesFactory(fund=fund, administering_organisation=foundation)
    agreement = make_agreement(by=partner, organisation=organisation, fund=fund)
    assert check(partner, "agreement.manage", agreement)
    assert check(partner, "fund.view", fund)
    allocation = Commitment.objects.get(agreement_funding__agreement=agreement).allocation
    assert check(partner, "commitment.make", allocation)


# --- Hooks -------------------------------------------------------------------------------------------------------


def test_spokes_hear_when_an_agreement_starts_and_ends(monkeypatch, officer, fund, organisation, provider):
    heard = []
    monkeypatch.setattr(hooks, "_STARTED", [])
    monkeypatch.setattr(hooks, "_ENDED", [])
    hooks.on_agreement_started(lambda *, agreement, by: heard.append(("started", agreement.pk, by)))
    hooks.on_agreement_ended(lambda *, agreement, by: heard.append(("ended", agreement.pk, by)))
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    agreement_offer(by=officer, agreement=agreement, respond_by=SOON)
    assert heard == []
    offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")
    agreement_end(by=officer, agreement=agreement, reason="Done")
    recorded = make_agreement(by=officer, organisation=organisation, fund=fund, status=S.ACTIVE)
    agreement_terminate(by=officer, agreement=recorded, reason="Closed")
    assert heard == [
        ("started", agreement.pk, provider),
        ("ended", agreement.pk, officer),
        ("started", recorded.pk, officer),
        ("ended", recorded.pk, officer),
    ]


def test_monitoring_registers_its_plan_for_an_agreement_that_starts(officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, status=S.ACTIVE)
    assert MonitoringPlan.objects.filter(agreement=agreement).exists()


def test_a_callback_that_refuses_rolls_the_move_back(monkeypatch, officer, fund, organisation, provider):
    def refuse(*, agreement, by):
        raise RuntimeError("the spoke refused")

    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    agreement_offer(by=officer, agreement=agreement, respond_by=SOON)
    monkeypatch.setattr(hooks, "_STARTED", [refuse])
    with pytest.raises(RuntimeError):
        offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")
    agreement.refresh_from_db()
    assert agreement.status == S.OFFERED
    assert not StatusChange.objects.filter(record_id=agreement.pk, to_status=S.ACTIVE).exists()
