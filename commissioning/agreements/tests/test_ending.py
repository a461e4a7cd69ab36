"""Staff end an active agreement, on time or early, with a reason, through the workflow primitive
("agreement.end"): the service, and the pages on the agreement's staff page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.services import agreement_end, agreement_terminate, offer_withdraw
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.finance.models import Commitment
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import FundRulesFactory
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import make_agreement

pytestmark = pytest.mark.django_db


def active(officer, organisation, fund, **kwargs):
    return make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE, **kwargs
    )


# --- The service -------------------------------------------------------------------------------------------------


def test_ending_needs_a_reason_and_keeps_the_money_for_instalments_due(officer, fund, organisation):
    agreement = active(officer, organisation, fund, value="4000.00")
    with pytest.raises(DomainError, match="Enter why the agreement is being ended") as err:
        agreement_end(by=officer, agreement=agreement, reason="  ")
    assert err.value.field == "reason"
    agreement_end(by=officer, agreement=agreement, reason="The work was finished")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    change = history(agreement).last()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "active",
        "ended",
        "The work was finished",
        officer,
    )
    event = AuditEvent.objects.filter(record_type="agreements.agreement", action="end").get()
    assert event.actor == officer and event.after["status"] == "ended"
    assert Commitment.objects.get(agreement_funding__agreement=agreement).status == Commitment.Status.ACTIVE


def test_ending_early_releases_what_is_unpaid(officer, fund, organisation):
    agreement = active(officer, organisation, fund, value="4000.00")
    agreement_terminate(by=officer, agreement=agreement, reason="The club closed")
    assert history(agreement).last().to_status == AgreementStatus.TERMINATED
    assert AuditEvent.objects.filter(record_type="agreements.agreement", action="end early").exists()
    assert budget_position(fund, financial_year(2026)).committed == Decimal("0")
    release = history(Commitment.objects.get(agreement_funding__agreement=agreement)).get()
    assert (release.from_status, release.to_status, release.changed_by) == ("active", "released", officer)


def test_only_an_active_agreement_ends(officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    with pytest.raises(InvalidTransition, match="This agreement is a draft, so it cannot be ended"):
        agreement_end(by=officer, agreement=agreement, reason="Done")
    offer_withdraw(by=officer, agreement=agreement, reason="Not needed")
    with pytest.raises(InvalidTransition, match="This agreement was withdrawn, so it cannot be ended early"):
        agreement_terminate(by=officer, agreement=agreement, reason="Closed")


def test_who_may_end_an_agreement(make_user, officer, fund, organisation, provider):
    agreement = active(officer, organisation, fund)
    for person in (make_user(Role.AUDITOR), make_user(Role.CHIEF_FINANCE_OFFICER), provider):
        with pytest.raises(DomainError, match="You .* end this agreement"):
            agreement_end(by=person, agreement=agreement, reason="Done")
    # A partner administrator ends the agreements of the funds their organisation runs, and no others.
    foundation = OrganisationFactory(name="Community Foundation")
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    MembershipFactory(organisation=foundation, user=partner)
    with pytest.raises(DomainError, match="this is not a fund your organisation runs"):
        agreement_end(by=partner, agreement=agreement, reason="Done")
    FundRulesFactory(fund=fund, administering_organisation=foundation)
    agreement_end(by=partner, agreement=agreement, reason="Done")
    assert history(agreement).last().changed_by == partner


# --- The pages ---------------------------------------------------------------------------------------------------


def test_the_agreement_page_offers_ending_only_while_active(client_as, officer, fund, organisation):
    draft = make_agreement(by=officer, organisation=organisation, fund=fund)
    running = active(officer, organisation, fund)
    client = client_as(user=officer)
    content = client.get(reverse("agreements:detail", args=[running.pk])).content.decode()
    assert reverse("agreements:end", args=[running.pk]) in content
    assert reverse("agreements:end-early", args=[running.pk]) in content
    content = client.get(reverse("agreements:detail", args=[draft.pk])).content.decode()
    assert "End the agreement" not in content
    # Someone who may only read sees no button.
    content = client_as(Role.AUDITOR).get(reverse("agreements:detail", args=[running.pk])).content.decode()
    assert "End the agreement" not in content


def test_officer_ends_an_agreement_with_a_reason(client_as, officer, fund, organisation):
    agreement = active(officer, organisation, fund)
    client = client_as(user=officer)
    url = reverse("agreements:end", args=[agreement.pk])
    assert "Why is the agreement ending?" in client.get(url).content.decode()
    content = client.post(url, {"reason": ""}).content.decode()
    assert "There is a problem" in content and "Enter why the agreement is being ended" in content
    response = client.post(url, {"reason": "The final report was received"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    assert history(agreement).last().reason == "The final report was received"
    # Ending it again is refused with the reason, not a server error.
    response = client.post(url, {"reason": "again"})
    assert response.status_code == 200
    assert "This agreement has ended, so it cannot be ended" in response.content.decode()
    content = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Active to Ended" in content and "The final report was received" in content


def test_officer_ends_an_agreement_early(client_as, officer, fund, organisation):
    agreement = active(officer, organisation, fund, value="4000.00")
    client = client_as(user=officer)
    url = reverse("agreements:end-early", args=[agreement.pk])
    content = client.post(url, {"reason": ""}).content.decode()
    assert "Enter why the agreement is being ended early" in content
    assert client.post(url, {"reason": "The club closed"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert not Commitment.objects.filter(status=Commitment.Status.ACTIVE).exists()
    response = client.post(reverse("agreements:end", args=[agreement.pk]), {"reason": "Done"})
    assert "This agreement was ended early, so it cannot be ended" in response.content.decode()


def test_the_ending_pages_are_refused_to_others(client_as, make_user, officer, fund, organisation, provider):
    agreement = active(officer, organisation, fund)
    for name in ("agreements:end", "agreements:end-early"):
        url = reverse(name, args=[agreement.pk])
        assert client_as(Role.AUDITOR).get(url).status_code == 403
        assert client_as(Role.CHIEF_FINANCE_OFFICER).post(url, {"reason": "x"}).status_code == 403
        assert client_as(user=provider).get(url).status_code == 403
        other_partner = make_user(Role.PARTNER_ADMINISTRATOR)
        MembershipFactory(organisation=OrganisationFactory(), user=other_partner)
        assert client_as(user=other_partner).get(url).status_code == 404
        assert client_as(Role.COMMISSIONING_OFFICER).get(reverse(name, args=[999999])).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
