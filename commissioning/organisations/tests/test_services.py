from datetime import date, timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.core.models import CommissioningBody
from commissioning.organisations import services
from commissioning.organisations.models import (
    DueDiligenceKind,
    DueDiligenceStatus,
    OrganisationIdentifier,
    OrganisationMembership,
    publisher_org_id,
)
from commissioning.organisations.sectors import Sector
from commissioning.organisations.selectors import (
    current_due_diligence,
    latest_due_diligence,
    organisation_history,
    organisation_of,
    organisation_search,
)

from .factories import DueDiligenceItemFactory, IdentifierFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER, email="officer@example.org")


def test_create_records_the_organisation_and_its_identifiers_in_the_audit_trail(officer):
    organisation = services.organisation_create(
        by=officer,
        name="  Kennet Valley Foodbank ",
        sector=Sector.CHARITY,
        town="Marlborough",
        identifiers=[("GB-CHC", "1151734"), ("GB-COH", "8123456")],
    )
    assert organisation.name == "Kennet Valley Foodbank"
    assert sorted(i.org_id for i in organisation.identifiers.all()) == ["GB-CHC-1151734", "GB-COH-08123456"]
    events = AuditEvent.objects.filter(
        record_type="organisations.organisation", record_id=str(organisation.pk)
    )
    assert [e.action for e in events.order_by("sequence")] == ["create", "add identifier", "add identifier"]
    assert events.first().actor == officer


def test_a_duplicate_identifier_is_refused_naming_the_organisation_that_has_it(officer):
    IdentifierFactory(organisation__name="Wiltshire Community Foundation", scheme="GB-CHC", value="1123126")
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        services.organisation_create(
            by=officer, name="Copycat", sector=Sector.CHARITY, identifiers=[("GB-CHC", " 1123 126")]
        )
    assert caught.value.message == (
        "An organisation with charity number 1123126 is already on the register: Wiltshire Community Foundation"
    )
    assert caught.value.field == "value"
    assert AuditEvent.objects.count() == before


def test_a_company_number_without_its_leading_zero_is_the_same_company(officer):
    IdentifierFactory(organisation__name="Wessex Ltd", scheme="GB-COH", value="01234567")
    with pytest.raises(DomainError, match="company number 01234567 is already on the register: Wessex Ltd"):
        services.identifier_add(
            by=officer, organisation=OrganisationFactory(), scheme="GB-COH", value="1234567"
        )


def test_an_organisation_cannot_have_the_same_identifier_twice(officer):
    identifier = IdentifierFactory(scheme="GB-CHC", value="1123126")
    with pytest.raises(DomainError, match="This organisation already has charity number 1123126"):
        services.identifier_add(
            by=officer, organisation=identifier.organisation, scheme="GB-CHC", value="1123126"
        )


def test_identifier_of_the_wrong_shape_is_refused_with_the_scheme_message(officer):
    with pytest.raises(DomainError) as caught:
        services.identifier_add(by=officer, organisation=OrganisationFactory(), scheme="GB-SC", value="12")
    assert caught.value.message == "Enter a Scottish charity number in the correct format, like SC012345"


def test_marking_an_identifier_preferred_unmarks_the_previous_one(officer):
    organisation = OrganisationFactory()
    first = services.identifier_add(
        by=officer, organisation=organisation, scheme="GB-COH", value="01234567", is_preferred=True
    )
    services.identifier_add(
        by=officer, organisation=organisation, scheme="GB-CHC", value="1123456", is_preferred=True
    )
    first.refresh_from_db()
    assert not first.is_preferred
    assert organisation.preferred_identifier.org_id == "GB-CHC-1123456"


def test_identifier_remove_is_audited(officer):
    identifier = IdentifierFactory(scheme="GB-CHC", value="1123456")
    organisation = identifier.organisation
    services.identifier_remove(by=officer, identifier=identifier)
    assert not OrganisationIdentifier.objects.filter(pk=identifier.pk).exists()
    event = AuditEvent.objects.get(action="remove identifier")
    assert event.record_id == str(organisation.pk)
    assert event.before == {"identifier": "GB-CHC-1123456"}


def test_update_is_audited_and_writes_nothing_when_nothing_changed(officer):
    organisation = OrganisationFactory(name="Old name")
    services.organisation_update(by=officer, organisation=organisation, changes={"name": "New name"})
    event = AuditEvent.objects.get(action="update")
    assert event.changes() == [("name", "Old name", "New name")]
    services.organisation_update(by=officer, organisation=organisation, changes={"name": "New name"})
    assert AuditEvent.objects.filter(action="update").count() == 1


def test_update_refuses_an_invalid_sector(officer):
    organisation = OrganisationFactory(sector=Sector.CHARITY)
    with pytest.raises(DomainError) as caught:
        services.organisation_update(by=officer, organisation=organisation, changes={"sector": "pirates"})
    assert caught.value.field == "sector"
    organisation.refresh_from_db()
    assert organisation.sector == Sector.CHARITY


class TestOrgId:
    def test_preferred_identifier_wins_then_charity_before_company(self):
        organisation = OrganisationFactory()
        IdentifierFactory(organisation=organisation, scheme="GB-COH", value="01234567")
        IdentifierFactory(organisation=organisation, scheme="GB-CHC", value="1123456")
        assert organisation.org_id == "GB-CHC-1123456"
        OrganisationIdentifier.objects.filter(scheme="GB-COH").update(is_preferred=True)
        assert organisation.org_id == "GB-COH-01234567"

    def test_an_organisation_without_identifiers_gets_an_id_under_the_publisher_prefix(self):
        CommissioningBody.objects.create(
            name="Office",
            short_name="Office",
            grant_identifier_prefix="360G-example",
            organisation_identifier="",
        )
        organisation = OrganisationFactory()
        assert organisation.org_id == f"360G-example-ORG-{organisation.pk}"

    def test_publisher_prefix_without_360g(self):
        assert publisher_org_id(7, "example") == "360G-example-ORG-7"
        assert publisher_org_id(7, "360G-example") == "360G-example-ORG-7"

    def test_org_id_for_publisher_reads_prefetched_identifiers_without_queries(
        self, django_assert_num_queries
    ):
        for n in range(5):
            IdentifierFactory(organisation=OrganisationFactory(), value=str(1100000 + n))
        OrganisationFactory()
        organisations = list(organisation_search())
        with django_assert_num_queries(0):
            ids = [o.org_id_for_publisher("360G-example") for o in organisations]
        assert len(ids) == 6
        assert ids[-1].startswith("360G-example-ORG-")


class TestDueDiligence:
    def test_status_current_expiring_soon_and_expired(self):
        today = date(2026, 6, 1)
        item = DueDiligenceItemFactory(dated=date(2025, 6, 1), expires_on=None)
        assert item.status(today) == DueDiligenceStatus.CURRENT
        item.expires_on = today + timedelta(days=31)
        assert item.status(today) == DueDiligenceStatus.CURRENT
        item.expires_on = today + timedelta(days=30)
        assert item.status(today) == DueDiligenceStatus.EXPIRES_SOON
        item.expires_on = today
        assert item.status(today) == DueDiligenceStatus.EXPIRES_SOON
        item.expires_on = today - timedelta(days=1)
        assert item.status(today) == DueDiligenceStatus.EXPIRED

    def test_add_records_who_checked_it(self, officer):
        item = services.due_diligence_add(
            by=officer,
            organisation=OrganisationFactory(),
            kind=DueDiligenceKind.INSURANCE,
            title="Insurance certificate",
            dated=date(2025, 4, 1),
            expires_on=date(2026, 3, 31),
            checked=True,
        )
        assert item.checked_by == officer
        assert item.checked_on == timezone.localdate()
        assert (
            AuditEvent.objects.filter(record_type="organisations.duediligenceitem", action="create").count()
            == 1
        )

    def test_expiry_before_the_document_date_is_refused(self, officer):
        with pytest.raises(DomainError) as caught:
            services.due_diligence_add(
                by=officer,
                organisation=OrganisationFactory(),
                kind=DueDiligenceKind.INSURANCE,
                title="Insurance",
                dated=date(2025, 4, 1),
                expires_on=date(2025, 3, 31),
            )
        assert caught.value.field == "expires_on"
        assert caught.value.message == "The expiry date must be the same as or after the date of the document"

    def test_a_document_dated_in_the_future_is_refused(self, officer):
        with pytest.raises(DomainError, match="today or in the past"):
            services.due_diligence_add(
                by=officer,
                organisation=OrganisationFactory(),
                kind=DueDiligenceKind.INSURANCE,
                title="Insurance",
                dated=timezone.localdate() + timedelta(days=1),
            )

    def test_changing_the_document_clears_the_check_and_no_change_writes_nothing(self, officer, make_user):
        item = DueDiligenceItemFactory(checked_by=officer, checked_on=date(2025, 2, 1))
        provider = make_user(Role.PROVIDER)
        MembershipFactory(user=provider, organisation=item.organisation, is_administrator=True)
        fields = {"kind": item.kind, "title": item.title, "dated": item.dated, "expires_on": item.expires_on}
        services.due_diligence_update(by=officer, item=item, checked=True, **fields)
        assert not AuditEvent.objects.filter(action="update").exists()
        services.due_diligence_update(
            by=provider, item=item, checked=False, **{**fields, "title": "New policy"}
        )
        item.refresh_from_db()
        assert item.checked_by is None and item.title == "New policy"
        services.due_diligence_update(
            by=officer, item=item, checked=True, **{**fields, "title": "New policy"}
        )
        item.refresh_from_db()
        assert item.checked_by == officer and item.checked_on == timezone.localdate()
        assert AuditEvent.objects.filter(action="update").count() == 2

    def test_current_items_of_each_kind_skip_expired_ones(self):
        organisation = OrganisationFactory()
        today = date(2026, 6, 1)
        old = DueDiligenceItemFactory(
            organisation=organisation,
            kind=DueDiligenceKind.INSURANCE,
            dated=date(2024, 6, 1),
            expires_on=date(2025, 6, 1),
        )
        newer = DueDiligenceItemFactory(
            organisation=organisation,
            kind=DueDiligenceKind.INSURANCE,
            dated=date(2025, 6, 1),
            expires_on=date(2026, 5, 1),
        )
        policy = DueDiligenceItemFactory(organisation=organisation, kind=DueDiligenceKind.SAFEGUARDING_POLICY)
        assert latest_due_diligence(organisation) == {"insurance": newer, "safeguarding_policy": policy}
        assert current_due_diligence(organisation, on=today) == {"safeguarding_policy": policy}
        assert current_due_diligence(organisation, on=date(2025, 1, 1))["insurance"] == newer
        assert old.status(today) == DueDiligenceStatus.EXPIRED


class TestMembership:
    def test_a_provider_joins_an_organisation(self, officer, make_user):
        provider = make_user(Role.PROVIDER)
        organisation = OrganisationFactory()
        services.membership_add(by=officer, organisation=organisation, user=provider, is_administrator=True)
        assert organisation_of(provider) == organisation
        assert AuditEvent.objects.get(action="add member").after == {
            "member": provider.email,
            "administrator": True,
        }

    def test_a_person_in_another_organisation_is_refused(self, officer, make_user):
        provider = make_user(Role.PROVIDER, email="dee@example.org")
        MembershipFactory(user=provider, organisation__name="First Charity")
        with pytest.raises(DomainError) as caught:
            services.membership_add(by=officer, organisation=OrganisationFactory(), user=provider)
        assert caught.value.message == (
            "dee@example.org already belongs to First Charity. A person can belong to only one organisation"
        )

    def test_staff_cannot_belong_to_an_organisation(self, officer):
        with pytest.raises(DomainError, match="not a provider user or partner administrator"):
            services.membership_add(by=officer, organisation=OrganisationFactory(), user=officer)

    def test_remove(self, officer, make_user):
        membership = MembershipFactory(user=make_user(Role.PROVIDER))
        services.membership_remove(by=officer, membership=membership)
        assert not OrganisationMembership.objects.exists()
        assert AuditEvent.objects.filter(action="remove member").count() == 1


def test_history_includes_identifier_member_and_due_diligence_changes(officer, make_user):
    organisation = services.organisation_create(by=officer, name="Org", sector=Sector.CIC)
    services.identifier_add(by=officer, organisation=organisation, scheme="GB-COH", value="12345678")
    services.membership_add(by=officer, organisation=organisation, user=make_user(Role.PROVIDER))
    services.due_diligence_add(
        by=officer, organisation=organisation, kind="other", title="Letter", dated=date(2025, 1, 1)
    )
    services.organisation_create(by=officer, name="Someone else", sector=Sector.CIC)
    assert [event.action for event in organisation_history(organisation)] == [
        "create",
        "add member",
        "add identifier",
        "create",
    ]


class TestSearch:
    def test_by_name_identifier_org_id_and_sector(self):
        charity = OrganisationFactory(name="Kennet Valley Foodbank", sector=Sector.CHARITY)
        IdentifierFactory(organisation=charity, scheme="GB-CHC", value="1151734")
        company = OrganisationFactory(name="Wessex Community Safety Ltd", sector=Sector.PRIVATE_COMPANY)
        IdentifierFactory(organisation=company, scheme="GB-COH", value="09876543")
        assert list(organisation_search(query="foodbank")) == [charity]
        assert list(organisation_search(query="1151734")) == [charity]
        assert list(organisation_search(query="GB-COH-9876543")) == [company]
        assert list(organisation_search(query="gb-coh-09876543")) == [company]
        assert list(organisation_search(sector=Sector.PRIVATE_COMPANY)) == [company]
        assert list(organisation_search(query="foodbank", sector=Sector.PRIVATE_COMPANY)) == []
        assert list(organisation_search(query="GB-CHC-9876543")) == []
