"""A fund's purposes are data, each with plain words, edited by finance on the fund's page (asked of the table,
audited); its rules ring-fence the money to some of them from a date; a commitment is reduced in part as a
variation down needs; the migration copies each rules row's words into purposes and back."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.finance.models import Commitment, FundPurpose, FundRules
from commissioning.finance.rules import rules_in_plain_words
from commissioning.finance.selectors import budget_position, rules_for
from commissioning.finance.services import (
    commitment_create,
    commitment_reduce,
    fund_purpose_save,
    fund_rules_add,
    payment_record,
)
from commissioning.finance.tests.factories import (
    AllocationFactory,
    FinancialYearFactory,
    FundFactory,
    FundPurposeFactory,
    FundRulesFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cfo(make_user):
    return make_user(Role.CHIEF_FINANCE_OFFICER)


@pytest.fixture
def victims(db):
    return FundFactory(name="Victims Fund", code="VF")


def test_finance_adds_and_rewords_a_purpose(cfo, make_user, victims):
    purpose = fund_purpose_save(
        by=cfo, fund=victims, name=" Restorative justice ", description="Victims and offenders meet."
    )
    assert (purpose.name, purpose.description) == ("Restorative justice", "Victims and offenders meet.")
    created = AuditEvent.objects.get(record_type="finance.fundpurpose", action="create")
    assert created.actor == cfo and created.after["name"] == "Restorative justice"
    fund_purpose_save(
        by=cfo,
        fund=victims,
        purpose=purpose,
        name="Restorative justice",
        description="When victims choose it.",
    )
    purpose.refresh_from_db()
    assert purpose.description == "When victims choose it."
    assert AuditEvent.objects.filter(record_type="finance.fundpurpose", action="update").count() == 1
    with pytest.raises(DomainError, match="Victims Fund already has the purpose restorative JUSTICE"):
        fund_purpose_save(by=cfo, fund=victims, name="restorative JUSTICE", description="")
    with pytest.raises(DomainError, match="Enter the purpose"):
        fund_purpose_save(by=cfo, fund=victims, name="  ", description="")
    with pytest.raises(PermissionRefused, match="change a fund's purposes"):
        fund_purpose_save(by=make_user(Role.COMMISSIONING_OFFICER), fund=victims, name="CCTV", description="")
    assert FundPurpose.objects.count() == 1


def test_rules_ring_fence_purposes_from_a_date_in_the_order_listed(cfo, victims):
    existing = FundPurposeFactory(fund=victims, name="Restorative justice")
    rules = fund_rules_add(
        by=cfo,
        fund=victims,
        effective_from=timezone.localdate(),
        eligible_sectors=[],
        min_award=None,
        max_award=None,
        max_duration_months=None,
        one_off=True,
        one_off_period_months=12,
        ring_fenced_purposes=["Support services for victims of crime", "restorative justice"],
    )
    assert rules.ring_fence == [victims.purposes.get(name="Support services for victims of crime"), existing]
    assert rules_for(victims).ring_fenced_purposes == [
        "Support services for victims of crime",
        "Restorative justice",
    ]
    event = AuditEvent.objects.get(record_type="finance.fundrules", action="create")
    assert event.after["purposes"] == [purpose.pk for purpose in rules.ring_fence]
    assert event.after["one_off_period_months"] == 12
    assert (
        "An organisation funded from it in the last 12 months is funded again only with a recorded reason "
        "for the second award"
    ) in rules_in_plain_words(rules)
    with pytest.raises(DomainError, match="one-off period must be 1 month or more"):
        fund_rules_add(
            by=cfo,
            fund=victims,
            effective_from=date(2099, 4, 1),
            eligible_sectors=[],
            min_award=None,
            max_award=None,
            max_duration_months=None,
            one_off=True,
            one_off_period_months=0,
            ring_fenced_purposes=[],
        )


def test_the_fund_page_lists_purposes_and_finance_adds_one(client_as, make_user, victims):
    FundRulesFactory(fund=victims, ring_fenced_purposes=["Restorative justice"])
    FundPurposeFactory(fund=victims, name="CCTV cameras", description="No longer funded.")
    cfo = make_user(Role.CHIEF_FINANCE_OFFICER)
    client = client_as(user=cfo)
    page = client.get(reverse("finance:fund-detail", args=[victims.pk])).content.decode()
    assert "Restorative justice" in page and "No longer funded." in page
    assert "Not allowed by the rules in effect" in page
    assert reverse("finance:purpose-add", args=[victims.pk]) in page
    url = reverse("finance:purpose-add", args=[victims.pk])
    response = client.post(url, {"name": "", "description": ""})
    assert response.status_code == 200
    assert (
        "There is a problem" in response.content.decode() and "Enter the purpose" in response.content.decode()
    )
    response = client.post(url, {"name": "cctv CAMERAS", "description": ""})
    assert "Victims Fund already has the purpose cctv CAMERAS" in response.content.decode()
    assert FundPurpose.objects.filter(fund=victims).count() == 2
    response = client.post(url, {"name": "Specialist sexual violence services", "description": "ISVAs."})
    assert response.status_code == 302
    purpose = FundPurpose.objects.get(name="Specialist sexual violence services")
    edit = reverse("finance:purpose-edit", args=[victims.pk, purpose.pk])
    assert client.post(edit, {"name": purpose.name, "description": "Advisers."}).status_code == 302
    page = client.get(reverse("finance:fund-detail", args=[victims.pk])).content.decode()
    assert "Advisers." in page
    # Others see the purposes but cannot change them; another fund's purpose is not found.
    officer = client_as(Role.COMMISSIONING_OFFICER)
    assert (
        "Add a purpose" not in officer.get(reverse("finance:fund-detail", args=[victims.pk])).content.decode()
    )
    assert officer.get(url).status_code == 403
    assert client.get(reverse("finance:purpose-edit", args=[FundFactory().pk, purpose.pk])).status_code == 404


def test_the_fund_page_reads_purposes_and_ring_fences_in_a_fixed_number_of_queries(
    client_as, victims, django_assert_max_num_queries
):
    client = client_as(Role.CHIEF_FINANCE_OFFICER)
    url = reverse("finance:fund-detail", args=[victims.pk])
    FundRulesFactory(fund=victims, ring_fenced_purposes=["A"])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for number in range(20):
        FundPurposeFactory(fund=victims, name=f"Purpose {number}", description="Words")
    for start_year in (2090, 2091, 2092):
        FundRulesFactory(
            fund=victims,
            effective_from=date(start_year, 4, 1),
            ring_fenced_purposes=["A", "Purpose 1", "Purpose 2"],
        )
    with django_assert_max_num_queries(12):
        content = client.get(url).content.decode()
    assert "Purpose 19" in content and content.count("Only for: A; Purpose 1; Purpose 2") == 3


def test_a_commitment_is_reduced_in_part_and_then_released(cfo, make_user):
    allocation = AllocationFactory(
        financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("10000")
    )
    commitment = commitment_create(by=cfo, allocation=allocation, amount=Decimal("4000"), description="Grant")
    payment_record(
        by=cfo, commitment=commitment, amount=Decimal("1000"), paid_on=date(2026, 5, 1), reference="P1"
    )
    commitment_reduce(by=cfo, commitment=commitment, amount=Decimal("1200.50"))
    commitment.refresh_from_db()
    assert (commitment.status, commitment.committed_amount) == (Commitment.Status.ACTIVE, Decimal("2799.50"))
    position = budget_position(allocation.fund, allocation.financial_year)
    assert (position.committed, position.paid) == (Decimal("2799.50"), Decimal("1000.00"))
    event = AuditEvent.objects.get(action="reduce")
    assert (event.before["released_amount"], event.after["released_amount"]) == ("0.00", "1200.50")
    # No more can be paid than is still committed, nor reduced than is unpaid.
    with pytest.raises(DomainError, match="No more than £1,799.50 can be paid"):
        payment_record(
            by=cfo, commitment=commitment, amount=Decimal("2000"), paid_on=date(2026, 6, 1), reference="P2"
        )
    with pytest.raises(DomainError, match=r"Only £1,799.50 of this commitment has not been paid"):
        commitment_reduce(by=cfo, commitment=commitment, amount=Decimal("1800"))
    with pytest.raises(PermissionRefused):
        commitment_reduce(by=make_user(Role.AUDITOR), commitment=commitment, amount=Decimal("1"))
    # What is left of it given back: released through its workflow, the paid part kept.
    commitment_reduce(by=cfo, commitment=commitment, amount=Decimal("1799.50"))
    commitment.refresh_from_db()
    assert (commitment.status, commitment.released_amount) == (Commitment.Status.RELEASED, Decimal("3000.00"))
    position = budget_position(allocation.fund, allocation.financial_year)
    assert (position.committed, position.paid) == (Decimal("1000.00"), Decimal("1000.00"))


BEFORE = ("finance", "0002_allocation_totals")
AFTER = ("finance", "0003_fund_purposes")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_each_rules_rows_words_into_purposes_and_back():
    fund = FundFactory(name="Victims Fund")
    plain = FundFactory(name="Community Safety Fund")
    executor = _migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    old_rules = apps.get_model("finance", "FundRules")
    old_rules.objects.create(
        fund_id=fund.pk,
        effective_from=date(2020, 4, 1),
        ring_fenced_purposes=["support services for victims of crime", "restorative justice"],
    )
    old_rules.objects.create(
        fund_id=fund.pk, effective_from=date(2024, 4, 1), ring_fenced_purposes=["Restorative justice"]
    )
    old_rules.objects.create(fund_id=plain.pk, effective_from=date(2020, 4, 1), ring_fenced_purposes=[])

    executor = _migrate([AFTER])
    apps = executor.loader.project_state([AFTER]).apps
    purposes = apps.get_model("finance", "FundPurpose")
    links = apps.get_model("finance", "RulesPurpose")
    assert sorted(purposes.objects.filter(fund_id=fund.pk).values_list("name", flat=True)) == [
        "restorative justice",
        "support services for victims of crime",
    ]
    assert not purposes.objects.filter(fund_id=plain.pk).exists(), (
        "a fund with no ring-fence still allows any"
    )
    by_rules = {}
    for link in links.objects.select_related("rules", "purpose").order_by("pk"):
        by_rules.setdefault(str(link.rules.effective_from), []).append(link.purpose.name)
    assert by_rules == {
        "2020-04-01": ["support services for victims of crime", "restorative justice"],
        "2024-04-01": ["restorative justice"],
    }

    executor = _migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    words = {
        (row.fund_id, str(row.effective_from)): row.ring_fenced_purposes
        for row in apps.get_model("finance", "FundRules").objects.all()
    }
    assert words == {
        (fund.pk, "2020-04-01"): ["support services for victims of crime", "restorative justice"],
        (fund.pk, "2024-04-01"): ["restorative justice"],
        (plain.pk, "2020-04-01"): [],
    }
    _migrate(executor.loader.graph.leaf_nodes())
    assert FundRules.objects.count() == 3
