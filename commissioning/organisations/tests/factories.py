from datetime import date

import factory

from commissioning.organisations.models import (
    DueDiligenceItem,
    DueDiligenceKind,
    Organisation,
    OrganisationIdentifier,
    OrganisationMembership,
)
from commissioning.organisations.sectors import Sector


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n:04d}")
    sector = Sector.CHARITY
    town = "Devizes"


class IdentifierFactory(factory.django.DjangoModelFactory[OrganisationIdentifier]):
    class Meta:
        model = OrganisationIdentifier

    organisation = factory.SubFactory(OrganisationFactory)
    scheme = "GB-CHC"
    value = factory.Sequence(lambda n: str(1100000 + n))


class DueDiligenceItemFactory(factory.django.DjangoModelFactory[DueDiligenceItem]):
    class Meta:
        model = DueDiligenceItem

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DueDiligenceKind.SAFEGUARDING_POLICY
    title = "Safeguarding policy"
    dated = date(2025, 1, 1)
    expires_on = None


class MembershipFactory(factory.django.DjangoModelFactory[OrganisationMembership]):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    is_administrator = False
