from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from commissioning.accounts.models import User
from commissioning.agreements.models import Agreement, AgreementStatus, Instalment, Mechanism
from commissioning.audit.models import AuditEvent
from commissioning.devtools.generate.builder import GENERATED_DOMAIN
from commissioning.devtools.generate.scale import SMALL
from commissioning.finance.models import Commitment, FinancialYear
from commissioning.finance.selectors import budget_positions
from commissioning.grants.models import Application, ApplicationStatus, BudgetLine, Decision
from commissioning.grants.services.references import reference_next
from commissioning.organisations.identifiers import normalise_identifier
from commissioning.organisations.models import Organisation, OrganisationIdentifier
from commissioning.organisations.sectors import Sector

pytestmark = pytest.mark.django_db


def seed_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())


def generate(*args: str) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("generate_data", "--scale", "small", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def before() -> dict[str, int]:
    seed_demo()
    return {
        "organisations": Organisation.objects.count(),
        "applications": Application.objects.count(),
        "agreements": Agreement.objects.count(),
        # The demo's own approved grants (grants.demo) are not generated.
        "grant_agreements": Agreement.objects.filter(
            source_type="grants.application", grant_decision__isnull=False
        ).count(),
    }


def test_small_scale_builds_the_expected_numbers_of_rows(before):
    output = generate()
    assert "Generated the small data set (seed 1)" in output
    assert Organisation.objects.count() - before["organisations"] == SMALL.organisations
    assert Application.objects.count() - before["applications"] == SMALL.applications
    assert Agreement.objects.count() - before["agreements"] == SMALL.agreements
    generated = Agreement.objects.filter(source_type="grants.application", grant_decision__isnull=False)
    assert generated.count() - before["grant_agreements"] == SMALL.grant_agreements
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    assert set(Agreement.objects.values_list("mechanism", flat=True)) == set(Mechanism.values)
    # Every sector is on the register, even at the smallest scale.
    organisations = Organisation.objects.filter(email__endswith=GENERATED_DOMAIN)
    assert set(organisations.values_list("sector", flat=True)) == set(Sector.values)
    assert User.objects.filter(email__endswith=GENERATED_DOMAIN, membership__isnull=False).count() == 10


def test_identifiers_are_valid_org_ids_and_never_repeated(before):
    generate()
    identifiers = list(OrganisationIdentifier.objects.values_list("scheme", "value"))
    assert identifiers
    assert len(identifiers) == len(set(identifiers))
    for scheme, value in identifiers:
        assert normalise_identifier(scheme, value) == value


def test_money_is_never_over_committed_and_schedules_add_up(before):
    generate()
    for year in FinancialYear.objects.all():
        for position in budget_positions(year).values():
            assert position.committed <= position.allocated
            assert position.paid <= position.committed
    # What is paid never exceeds what is still committed (a release gives back only what was not paid).
    for commitment in Commitment.objects.annotate(paid=Sum("payments__amount")):
        assert (commitment.paid or Decimal("0")) <= commitment.amount - commitment.released_amount
    accepted = Agreement.objects.filter(
        mechanism=Mechanism.GRANT, status__in=[AgreementStatus.ACTIVE, AgreementStatus.ENDED]
    ).annotate(scheduled=Sum("instalments__amount"))
    assert accepted.exists()
    for agreement in accepted:
        assert agreement.scheduled == agreement.value
    for instalment in Instalment.objects.filter(payment__isnull=False).select_related("payment")[:200]:
        assert instalment.payment is not None and instalment.payment.amount == instalment.amount
        assert instalment.payment.commitment_id == instalment.commitment_id
    for application in Application.objects.exclude(amount_requested=None)[:100]:
        total = BudgetLine.objects.filter(application=application).aggregate(total=Sum("amount"))["total"]
        assert total == application.amount_requested
    for decision in Decision.objects.filter(agreement__isnull=False).select_related("agreement")[:100]:
        assert decision.agreement is not None and decision.agreement.value == decision.amount


def test_references_are_unique_and_counters_continue_after_them(before):
    generate()
    references = list(Application.objects.exclude(reference=None).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    prefix, year, _ = references[0].split("-")
    latest = max(int(r.split("-")[2]) for r in references if r.startswith(f"{prefix}-{year}-"))
    with transaction.atomic():
        assert reference_next(prefix=prefix, year=int(year)) == f"{prefix}-{year}-{latest + 1:04d}"
    assert Counter(Agreement.objects.values_list("reference", flat=True)).most_common(1)[0][1] == 1
    # Grant agreements keep their application's reference; others are numbered per mechanism, as services do.
    for decision in Decision.objects.filter(agreement__isnull=False).select_related(
        "agreement", "application"
    ):
        assert decision.agreement is not None
        assert decision.agreement.reference == decision.application.reference
    contract = Agreement.objects.filter(mechanism=Mechanism.CONTRACT).first()
    assert contract is not None and contract.reference.startswith("CON-")


def test_a_second_run_is_refused_and_if_missing_does_nothing(before):
    generate()
    applications = Application.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="already holds generated data"):
        generate()
    assert "nothing to do" in generate("--if-missing")
    assert Application.objects.count() == applications
    assert AuditEvent.objects.count() == events
    summary = AuditEvent.objects.get(action="generate_data")
    assert summary.after["scale"] == "small"
    assert summary.after["counts"]["applications"] == SMALL.applications


def test_generating_needs_the_demo_first():
    with pytest.raises(CommandError, match="Load the demo first"):
        generate()
    assert not Application.objects.exists()


def test_generating_is_refused_when_debug_is_off(before):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_data", "--scale", "small", stdout=StringIO())
    assert Application.objects.count() == before["applications"]
