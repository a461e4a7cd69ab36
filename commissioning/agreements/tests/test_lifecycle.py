from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Acceptance, AgreementStatus, Instalment
from commissioning.agreements.services import (
    agreement_end,
    agreement_offer,
    agreement_terminate,
    instalment_pay,
    instalments_create,
    offer_accept,
    offer_decline,
    offer_withdraw,
    variation_make,
)
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.finance.models import Commitment
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year

from .factories import make_agreement

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=28)


def offered(officer, organisation, fund, **kwargs):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, **kwargs)
    return agreement_offer(by=officer, agreement=agreement, respond_by=SOON)


def test_offer_emails_the_organisations_people(
    officer, fund, organisation, provider, mailoutbox, django_capture_on_commit_callbacks
):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_offer(by=officer, agreement=agreement, respond_by=SOON)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OFFERED
    assert agreement.acceptance.offered_on == timezone.localdate()
    assert agreement.acceptance.respond_by == SOON
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@example.org"]
    assert agreement.reference in mailoutbox[0].subject
    # A full address (SITE_URL, the demo's by default): the email is read outside the site.
    assert f"http://127.0.0.1:8000{reverse('my-agreements:offer', args=[agreement.pk])}" in mailoutbox[0].body
    change = history(agreement).get()
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "offered", officer)


def test_offer_needs_a_future_respond_by_date(officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    with pytest.raises(DomainError, match="must be in the future") as err:
        agreement_offer(by=officer, agreement=agreement, respond_by=timezone.localdate())
    assert err.value.field == "respond_by"


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        (["accept"], "offer"),  # active cannot be offered again
        (["decline"], "accept"),
        (["withdraw"], "accept"),
        (["accept", "end"], "terminate"),
        (["accept", "terminate"], "end"),
    ],
)
def test_transitions_outside_the_table_are_refused(officer, fund, organisation, provider, steps, refused):
    agreement = offered(officer, organisation, fund)
    actions = {
        "offer": lambda: agreement_offer(by=officer, agreement=agreement, respond_by=SOON),
        "accept": lambda: offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair"),
        "decline": lambda: offer_decline(
            by=provider, agreement=agreement, name="Pat", role="Chair", reason="No"
        ),
        "withdraw": lambda: offer_withdraw(by=officer, agreement=agreement, reason="Not answered"),
        "end": lambda: agreement_end(by=officer, agreement=agreement, reason="The work is done"),
        "terminate": lambda: agreement_terminate(by=officer, agreement=agreement, reason="Closed down"),
    }
    for step in steps:
        actions[step]()
    status_before = type(agreement).objects.get(pk=agreement.pk).status
    with pytest.raises(InvalidTransition, match="This agreement .*, so it cannot be"):
        actions[refused]()
    assert type(agreement).objects.get(pk=agreement.pk).status == status_before


def test_draft_cannot_be_accepted(officer, fund, organisation, provider):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    with pytest.raises(InvalidTransition, match="This agreement is a draft, so it cannot be accepted"):
        offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")


def test_accept_makes_one_instalment_below_ten_thousand(officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund, value="9999.99")
    offer_accept(by=provider, agreement=agreement, name=" Pat Provider ", role="Chair of trustees")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert (agreement.acceptance.name, agreement.acceptance.role) == ("Pat Provider", "Chair of trustees")
    assert (agreement.acceptance.answered_on, agreement.acceptance.answered_by) == (
        timezone.localdate(),
        provider,
    )
    instalment = Instalment.objects.get(agreement=agreement)
    assert (instalment.number, instalment.due_on, instalment.amount) == (
        1,
        date(2026, 4, 1),
        Decimal("9999.99"),
    )


def test_quarterly_instalments_add_up_and_use_each_years_commitment(officer, fund, organisation, provider):
    agreement = offered(
        officer,
        organisation,
        fund,
        value="15000.01",
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 9, 30),
    )
    offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")
    instalments = list(
        Instalment.objects.filter(agreement=agreement).select_related(
            "commitment__allocation__financial_year"
        )
    )
    assert [i.due_on for i in instalments] == [
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
    ]
    assert sum(i.amount for i in instalments) == Decimal("15000.01")
    assert [i.commitment.allocation.financial_year.start_year for i in instalments] == [
        2026,
        2026,
        2027,
        2027,
    ]
    for commitment in Commitment.objects.filter(agreement_funding__agreement=agreement):
        assert sum(i.amount for i in instalments if i.commitment_id == commitment.pk) == commitment.amount


def test_a_year_with_money_but_no_quarter_day_gets_an_instalment(officer, fund, organisation):
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="12000.00",
        starts_on=date(2026, 3, 15),
        ends_on=date(2026, 6, 14),
        status=AgreementStatus.ACTIVE,
    )
    instalments = list(agreement.instalments.order_by("number"))
    assert [i.due_on for i in instalments] == [date(2026, 3, 15), date(2026, 4, 1)]
    assert sum(i.amount for i in instalments) == Decimal("12000.00")
    with pytest.raises(DomainError, match="already has a payment schedule"):
        instalments_create(by=officer, agreement=agreement)


def test_only_the_lead_organisations_people_may_answer(officer, fund, organisation, other_provider):
    agreement = offered(officer, organisation, fund)
    with pytest.raises(PermissionDenied):
        offer_accept(by=other_provider, agreement=agreement, name="X", role="Y")
    with pytest.raises(PermissionDenied):
        offer_decline(by=officer, agreement=agreement, name="X", role="Y", reason="No")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OFFERED


def test_accept_only_before_respond_by(officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    Acceptance.objects.filter(agreement=agreement).update(respond_by=timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError, match="This offer had to be accepted by"):
        offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OFFERED
    assert not agreement.instalments.exists()


def test_accept_needs_name_and_role(officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    with pytest.raises(DomainError, match="Enter your full name"):
        offer_accept(by=provider, agreement=agreement, name=" ", role="Chair")
    with pytest.raises(DomainError, match="Enter your role or job title"):
        offer_accept(by=provider, agreement=agreement, name="Pat", role="")


def test_decline_releases_the_money(officer, fund, organisation, provider):
    year = financial_year(2026)
    before = budget_position(fund, year)
    agreement = offered(officer, organisation, fund, value="4000.00")
    assert budget_position(fund, year).committed == before.committed + Decimal("4000.00")
    with pytest.raises(DomainError, match="Enter why you are declining"):
        offer_decline(by=provider, agreement=agreement, name="Pat", role="Chair", reason="")
    offer_decline(by=provider, agreement=agreement, name="Pat", role="Chair", reason="We found other funding")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DECLINED
    assert agreement.acceptance.decline_reason == "We found other funding"
    assert budget_position(fund, year) == before
    assert Commitment.objects.get(agreement_funding__agreement=agreement).status == Commitment.Status.RELEASED


def test_withdraw_needs_a_reason_and_releases(officer, fund, organisation):
    agreement = offered(officer, organisation, fund, value="4000.00")
    with pytest.raises(DomainError, match="Enter why the agreement is being withdrawn"):
        offer_withdraw(by=officer, agreement=agreement, reason=" ")
    offer_withdraw(by=officer, agreement=agreement, reason="Not answered in time")
    assert budget_position(fund, financial_year(2026)).committed == Decimal("0")
    assert history(agreement).last().reason == "Not answered in time"


def test_payment_moves_committed_to_paid(officer, cfo, fund, organisation, provider):
    agreement = offered(officer, organisation, fund, value="4000.00")
    offer_accept(by=provider, agreement=agreement, name="Pat", role="Chair")
    year = financial_year(2026)
    assert budget_position(fund, year).committed == Decimal("4000.00")
    assert budget_position(fund, year).paid == Decimal("0")
    instalment = agreement.instalments.get()
    instalment_pay(by=cfo, instalment=instalment, paid_on=timezone.localdate(), reference="BACS-001")
    position = budget_position(fund, year)
    assert (position.committed, position.paid, position.unpaid) == (
        Decimal("4000.00"),
        Decimal("4000.00"),
        Decimal("0"),
    )
    instalment.refresh_from_db()
    assert instalment.is_paid and instalment.payment.reference == "BACS-001"
    assert AuditEvent.objects.filter(record_type="agreements.instalment", action="pay").count() == 1
    with pytest.raises(DomainError, match="already been paid"):
        instalment_pay(by=cfo, instalment=instalment, paid_on=timezone.localdate(), reference="BACS-002")


def test_only_the_cfo_or_an_administrator_records_payments(
    officer, fund, organisation, make_user, admin_user
):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="4000.00", status=AgreementStatus.ACTIVE
    )
    instalment = agreement.instalments.get()
    for role in (Role.COMMISSIONING_OFFICER, Role.CHIEF_EXECUTIVE, Role.COMMISSIONER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            instalment_pay(
                by=make_user(role), instalment=instalment, paid_on=timezone.localdate(), reference="X"
            )
    instalment_pay(by=admin_user, instalment=instalment, paid_on=timezone.localdate(), reference="X")


def test_payments_refused_in_future_or_after_termination(officer, cfo, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="4000.00", status=AgreementStatus.ACTIVE
    )
    instalment = agreement.instalments.get()
    with pytest.raises(DomainError, match="today or in the past"):
        instalment_pay(
            by=cfo, instalment=instalment, paid_on=timezone.localdate() + timedelta(days=1), reference="X"
        )
    agreement_terminate(by=officer, agreement=agreement, reason="The club closed")
    with pytest.raises(DomainError, match="was ended early, so no payments"):
        instalment_pay(by=cfo, instalment=instalment, paid_on=timezone.localdate(), reference="X")
    assert budget_position(fund, financial_year(2026)).committed == Decimal("0")


def test_terminate_needs_a_reason(officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    with pytest.raises(DomainError, match="Enter why the agreement is being ended early"):
        agreement_terminate(by=officer, agreement=agreement, reason="")


def test_variation_of_dates_and_conditions_records_before_and_after(officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    variation = variation_make(
        by=officer,
        agreement=agreement,
        reason="The hall was not ready",
        ends_on=date(2027, 2, 28),
        conditions="Report every quarter",
    )
    assert variation.number == 1
    assert variation.before["ends_on"] == "2027-03-31"
    assert variation.after == {
        "value": "5000.00",
        "ends_on": "2027-02-28",
        "conditions": "Report every quarter",
    }
    agreement.refresh_from_db()
    assert (agreement.ends_on, agreement.conditions) == (date(2027, 2, 28), "Report every quarter")
    with pytest.raises(DomainError, match="Enter the reason"):
        variation_make(by=officer, agreement=agreement, reason="", conditions="x")
    with pytest.raises(DomainError, match="on or after the start date"):
        variation_make(by=officer, agreement=agreement, reason="r", ends_on=date(2026, 3, 1))
    with pytest.raises(DomainError, match="Change the end date, the conditions or the value"):
        variation_make(by=officer, agreement=agreement, reason="r")


def test_variation_of_value_when_active_commits_the_extra(officer, commissioner, cfo, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="5000.00", status=AgreementStatus.ACTIVE
    )
    # £6,000 is above the officer's delegated limit: the Commissioner decides it.
    variation_make(by=commissioner, agreement=agreement, reason="More sessions", value=Decimal("6000.00"))
    committed = sum(
        budget_position(fund, financial_year(start_year)).committed for start_year in (2025, 2026, 2027)
    )
    assert committed == Decimal("6000.00")
    assert sum(i.amount for i in agreement.instalments.all()) == Decimal("6000.00")
    # A value may be reduced now, but never below what has been paid.
    first = agreement.instalments.order_by("number").first()
    instalment_pay(by=cfo, instalment=first, paid_on=timezone.localdate(), reference="BACS-1")
    with pytest.raises(DomainError, match="cannot be reduced"):
        variation_make(by=commissioner, agreement=agreement, reason="Fewer", value=Decimal("100.00"))
    with pytest.raises(DomainError, match="only £"):
        variation_make(by=commissioner, agreement=agreement, reason="Far more", value=Decimal("90000.00"))
    agreement.refresh_from_db()
    assert agreement.value == Decimal("6000.00")


def test_variation_of_value_before_acceptance_replans_the_money(limits, officer, fund, organisation):
    agreement = offered(officer, organisation, fund, value="5000.00")
    variation_make(
        by=officer, agreement=agreement, reason="Approved a different amount", value=Decimal("3000.00")
    )
    assert budget_position(fund, financial_year(2026)).committed == Decimal("3000.00")
