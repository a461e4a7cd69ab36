import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.devtools.demo import accounts as accounts_demo
from commissioning.devtools.demo import core as core_demo
from commissioning.devtools.demo import organisations as demo
from commissioning.organisations.models import DueDiligenceStatus, Organisation, OrganisationIdentifier
from commissioning.organisations.sectors import Sector
from commissioning.organisations.selectors import organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    administrator = accounts_demo.load(by=DEMO_LOADER)
    core_demo.load(by=administrator)
    return administrator


def test_demo_covers_every_sector_with_members_and_due_diligence(administrator):
    demo.load(by=administrator)
    assert Organisation.objects.count() >= 15
    assert set(Organisation.objects.values_list("sector", flat=True)) == set(Sector.values)
    foundation = Organisation.objects.get(name="Wiltshire Community Foundation")
    assert foundation.org_id == "GB-CHC-1123126"
    police = Organisation.objects.get(name="Wiltshire Police")
    assert police.org_id == f"360G-opccwiltshire-ORG-{police.pk}"
    assert OrganisationIdentifier.objects.filter(scheme="GB-LAE").count() == 2

    provider = User.objects.get(email="provider@example.org")
    provider2 = User.objects.get(email="provider2@example.org")
    partner = User.objects.get(email="partner@example.org")
    assert organisation_of(partner) == foundation
    assert organisation_of(provider).sector_group == "voluntary_community"
    assert organisation_of(provider2) not in (None, organisation_of(provider))

    statuses = {item.status() for org in Organisation.objects.all() for item in org.due_diligence_items.all()}
    assert statuses == {
        DueDiligenceStatus.CURRENT,
        DueDiligenceStatus.EXPIRES_SOON,
        DueDiligenceStatus.EXPIRED,
    }


def test_loading_the_demo_twice_writes_nothing_the_second_time(administrator):
    demo.load(by=administrator)
    events = AuditEvent.objects.count()
    organisations = Organisation.objects.count()
    demo.load(by=administrator)
    assert AuditEvent.objects.count() == events
    assert Organisation.objects.count() == organisations


def test_demo_skips_memberships_whose_accounts_are_absent(make_user):
    demo.load(by=make_user(Role.ADMINISTRATOR))
    assert Organisation.objects.count() >= 15
