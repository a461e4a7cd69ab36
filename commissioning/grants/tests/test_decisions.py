"""Decisions: within the delegated limit, approval makes and offers the agreement and commits the money, refused
whole when it would over-commit or break a fund rule; declines with reasons; concurrent approvals on PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.core.testing import race
from commissioning.finance.models import Commitment, FundRules
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.grants.models import ApplicationStatus, Decision
from commissioning.grants.services.decisions import decision_make
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory
from commissioning.plans.tests.factories import PriorityFactory

from .factories import scheme_with_criteria, submitted_application

pytestmark = pytest.mark.django_db

LIMITS = [
    (Role.COMMISSIONING_OFFICER, Decimal("5000.00")),
    (Role.CHIEF_EXECUTIVE, Decimal("25000.00")),
    (Role.CHIEF_FINANCE_OFFICER, Decimal("100000.00")),
    (Role.COMMISSIONER, None),
]


@pytest.fixture
def limits(db):
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def fund(db):
    fund = FundFactory(name="Community Fund", code="PCF")
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("20000.00")
    )
    return fund


@pytest.fixture
def scheme(fund):
    return scheme_with_criteria(
        fund=fund, reference_prefix="PCF", grant_conditions="Spend the grant on the project."
    )


def moderated(scheme, amount="3000.00", **kwargs):
    kwargs.setdefault("starts_on", date(2026, 5, 1))
    kwargs.setdefault("ends_on", date(2027, 3, 31))
    return submitted_application(
        scheme=scheme,
        status=ApplicationStatus.MODERATED,
        amount_requested=Decimal(amount),
        priorities=[PriorityFactory()],
        **kwargs,
    )


def test_approval_creates_offers_and_commits(
    limits, scheme, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    application = moderated(scheme)
    MembershipFactory(
        organisation=application.organisation, user=make_user(Role.PROVIDER, email="lead@example.org")
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_make(
            by=officer,
            application=application,
            outcome=Decision.Outcome.APPROVE,
            reasons="Strong need, good value",
            conditions="Report attendance each quarter.",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    agreement = decision.agreement
    assert agreement.reference == application.reference
    assert agreement.status == AgreementStatus.OFFERED
    assert agreement.value == Decimal("3000.00")
    assert agreement.source_type == "grants.application"
    assert agreement.source_id == str(application.pk)
    assert "Spend the grant on the project." in agreement.conditions
    assert "Report attendance each quarter." in agreement.conditions
    assert (
        agreement.acceptance.respond_by - agreement.acceptance.offered_on
    ).days == scheme.acceptance_period_days
    assert list(agreement.priorities.all()) == list(application.priorities.all())
    assert budget_position(scheme.fund, financial_year(2026)).committed == Decimal("3000.00")
    subjects = [message.subject for message in mailoutbox]
    assert any("has been approved" in subject for subject in subjects)


def test_approve_a_different_amount(limits, scheme, make_user):
    application = moderated(scheme, amount="4000.00")
    decision = decision_make(
        by=make_user(Role.COMMISSIONING_OFFICER),
        application=application,
        outcome=Decision.Outcome.APPROVE_DIFFERENT,
        amount=Decimal("2500.00"),
        reasons="The equipment line is not funded",
    )
    assert decision.amount == Decimal("2500.00")
    assert decision.agreement.value == Decimal("2500.00")


def test_an_officer_cannot_approve_above_their_limit_and_the_commissioner_can(limits, scheme, make_user):
    application = moderated(scheme, amount="8000.00")
    with pytest.raises(DomainError) as refused:
        decision_make(
            by=make_user(Role.COMMISSIONING_OFFICER),
            application=application,
            outcome=Decision.Outcome.APPROVE,
            reasons="Good",
        )
    assert "Your delegated limit is £5,000" in refused.value.message
    assert "£8,000" in refused.value.message
    assert not Decision.objects.exists()
    assert not Agreement.objects.exists()
    decision = decision_make(
        by=make_user(Role.COMMISSIONER),
        application=application,
        outcome=Decision.Outcome.APPROVE,
        reasons="Good",
    )
    assert decision.agreement.value == Decimal("8000.00")


def test_someone_with_no_delegated_authority_cannot_decide(limits, scheme, make_user):
    with pytest.raises(DomainError, match="no delegated authority"):
        decision_make(
            by=make_user(Role.ASSESSOR),
            application=moderated(scheme),
            outcome=Decision.Outcome.DECLINE,
            reasons="No",
        )


def test_approval_over_the_allocation_is_refused_and_nothing_is_left_behind(limits, scheme, make_user):
    application = moderated(scheme, amount="30000.00")
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        decision_make(
            by=make_user(Role.COMMISSIONER),
            application=application,
            outcome=Decision.Outcome.APPROVE,
            reasons="Good",
        )
    assert (
        "only £20,000 of the £20,000 allocation for Community Fund in 2026/27 is available"
        in refused.value.message
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MODERATED
    assert not Decision.objects.exists()
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_broken_fund_rule_is_refused_at_approval(limits, scheme, make_user):
    FundRules.objects.create(
        fund=scheme.fund,
        effective_from=date(2020, 4, 1),
        eligible_sectors=[Sector.CHARITY, Sector.COMMUNITY_GROUP],
        max_award=Decimal("3000.00"),
    )
    application = moderated(scheme, amount="3500.00")
    with pytest.raises(DomainError, match="£3,000"):
        decision_make(
            by=make_user(Role.COMMISSIONER),
            application=application,
            outcome=Decision.Outcome.APPROVE,
            reasons="Good",
        )
    council = moderated(
        scheme, amount="2000.00", organisation=OrganisationFactory(sector=Sector.LOCAL_AUTHORITY)
    )
    with pytest.raises(DomainError):
        decision_make(
            by=make_user(Role.COMMISSIONER),
            application=council,
            outcome=Decision.Outcome.APPROVE,
            reasons="Good",
        )
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()


def test_decline_needs_reasons_and_tells_the_applicant(
    limits, scheme, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    application = moderated(scheme)
    with pytest.raises(DomainError, match="Enter the reasons"):
        decision_make(by=officer, application=application, outcome=Decision.Outcome.DECLINE, reasons="  ")
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_make(
            by=officer,
            application=application,
            outcome=Decision.Outcome.DECLINE,
            reasons="Outside the priorities",
        )
    assert decision.agreement is None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert "Outside the priorities" in mailoutbox[-1].body
    assert (
        f"http://127.0.0.1:8000{reverse('apply:application', args=[application.pk])}" in mailoutbox[-1].body
    )
    assert mailoutbox[-1].to == [application.created_by.email]


def test_only_moderated_applications_are_decided_and_only_once(limits, scheme, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    early = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
    with pytest.raises(DomainError, match="once its scores are moderated"):
        decision_make(by=officer, application=early, outcome=Decision.Outcome.DECLINE, reasons="No")
    application = moderated(scheme)
    decision_make(by=officer, application=application, outcome=Decision.Outcome.DECLINE, reasons="No")
    with pytest.raises(DomainError, match="already been made"):
        decision_make(by=officer, application=application, outcome=Decision.Outcome.APPROVE, reasons="Yes")


def test_approve_different_needs_a_sensible_amount(limits, scheme, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    application = moderated(scheme)
    for amount, message in (
        (None, "Enter the amount approved"),
        (Decimal("0"), "more than £0"),
        (Decimal("1.234"), "pounds and pence"),
    ):
        with pytest.raises(DomainError, match=message):
            decision_make(
                by=officer,
                application=application,
                outcome=Decision.Outcome.APPROVE_DIFFERENT,
                amount=amount,
                reasons="Part",
            )


@pytest.mark.postgres
@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_over_commit(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))
    fund = FundFactory(name="Race Fund", code="RACE")
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("10000.00")
    )
    scheme = scheme_with_criteria(fund=fund)
    applications = [moderated(scheme, amount="1000.00") for _ in range(20)]
    # Two deciders for the first application as well: it must be decided once.
    deciders = [make_user(Role.COMMISSIONER) for _ in range(21)]
    work = [(deciders[index], application) for index, application in enumerate(applications)]
    work.append((deciders[20], applications[0]))

    outcome = race(
        lambda pair: decision_make(
            by=pair[0], application=pair[1], outcome=Decision.Outcome.APPROVE, reasons="Good"
        ),
        work,
    )

    assert outcome.unexpected == []
    assert len(outcome.successes) == 10
    assert len(outcome.refusals) == 11
    position = budget_position(fund, financial_year(2026))
    assert position.committed == Decimal("10000.00")
    assert Decision.objects.count() == 10
    assert Agreement.objects.count() == 10
    assert Decision.objects.filter(application=applications[0]).count() <= 1
    assert ApplicationStatus.APPROVED in {a.status for a in type(applications[0]).objects.all()}
