import pytest
from django.core.management import call_command

from commissioning.agreements.models import AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.decisions.models import DecisionStatus
from commissioning.decommissioning.models import Decommissioning, DecommissioningStatus
from commissioning.decommissioning.selectors import why_not_proposed
from commissioning.finance.models import Commitment


@pytest.mark.django_db
def test_demo_has_a_completed_decommissioning_and_one_without_a_report_and_runs_twice_unchanged(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_sign_in=True)
    decided = Decommissioning.objects.get(status=DecommissioningStatus.DECIDED)
    assert decided.cited_return is not None and decided.cited_return.rating
    assert decided.decision_record is not None and decided.decision_record.status == DecisionStatus.PUBLISHED
    agreement = decided.agreement
    assert agreement.status == AgreementStatus.ACTIVE and agreement.ends_on == decided.ends_on
    # The later years' money went back to the fund.
    later = agreement.funding.filter(financial_year__start_year__gt=agreement.ends_on.year)
    assert later.exists()
    assert all(
        line.commitment.status == Commitment.Status.RELEASED for line in later.select_related("commitment")
    )

    draft = Decommissioning.objects.get(status=DecommissioningStatus.DRAFT)
    assert why_not_proposed(draft).startswith("There is no monitoring report on record")

    events = AuditEvent.objects.count()
    call_command("seed_demo", quiet_sign_in=True)
    assert AuditEvent.objects.count() == events
