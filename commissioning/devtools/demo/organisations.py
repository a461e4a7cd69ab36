"""Demo data: organisations of Wiltshire and Swindon, one or more in every sector, with identifiers, due diligence
(some expired, some expiring soon) and the demo provider and partner accounts as members.

Loading twice changes nothing: organisations are matched by name, identifiers by scheme and value, due-diligence
items by organisation, type and title, and memberships by person."""

from datetime import date, timedelta
from typing import NamedTuple

from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.actors import Actor
from commissioning.devtools.demo.support import demo_upsert
from commissioning.organisations.models import (
    DueDiligenceItem,
    DueDiligenceKind,
    Organisation,
    OrganisationIdentifier,
    OrganisationMembership,
)
from commissioning.organisations.sectors import Sector, SectorGroup
from commissioning.organisations.services import due_diligence_add, identifier_add, membership_add


class DemoOrganisation(NamedTuple):
    name: str
    sector: str
    identifiers: tuple[tuple[str, str], ...]
    town: str
    postcode: str
    website: str = ""


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "Wiltshire Community Foundation",
        Sector.CHARITY,
        (("GB-CHC", "1123126"), ("GB-COH", "06472453")),
        "Devizes",
        "SN10 2LA",
        "https://www.wiltshirecf.org.uk",
    ),
    DemoOrganisation(
        "Swindon and Wiltshire Rape Crisis Support",
        Sector.CHARITY,
        (("GB-CHC", "1098413"), ("GB-COH", "04661272")),
        "Swindon",
        "SN1 1QH",
    ),
    DemoOrganisation(
        "Kennet Valley Foodbank", Sector.CHARITY, (("GB-CHC", "1151734"),), "Marlborough", "SN8 1AA"
    ),
    DemoOrganisation(
        "Trowbridge Street Pastors", Sector.CHARITY, (("GB-CHC", "1136548"),), "Trowbridge", "BA14 8AA"
    ),
    DemoOrganisation(
        "Wiltshire Domestic Abuse Support CIO",
        Sector.CIO,
        (("GB-CHC", "1187342"),),
        "Chippenham",
        "SN15 3HL",
    ),
    DemoOrganisation(
        "Salisbury Youth Mentoring CIO", Sector.CIO, (("GB-CHC", "1190215"),), "Salisbury", "SP1 1JH"
    ),
    DemoOrganisation(
        "Swindon Restorative Justice CIC", Sector.CIC, (("GB-COH", "11837462"),), "Swindon", "SN2 2DY"
    ),
    DemoOrganisation(
        "Bemerton Heath Neighbourhood Watch", Sector.COMMUNITY_GROUP, (), "Salisbury", "SP2 9NE"
    ),
    DemoOrganisation("Pewsey Vale Community Speedwatch", Sector.COMMUNITY_GROUP, (), "Pewsey", "SN9 5AA"),
    DemoOrganisation(
        "Wiltshire Council",
        Sector.LOCAL_AUTHORITY,
        (("GB-LAE", "WIL"),),
        "Trowbridge",
        "BA14 8JN",
        "https://www.wiltshire.gov.uk",
    ),
    DemoOrganisation(
        "Swindon Borough Council",
        Sector.LOCAL_AUTHORITY,
        (("GB-LAE", "SWD"),),
        "Swindon",
        "SN1 2JH",
        "https://www.swindon.gov.uk",
    ),
    DemoOrganisation("Wiltshire Police", Sector.POLICE_FORCE, (), "Devizes", "SN10 2DN"),
    DemoOrganisation(
        "Dorset and Wiltshire Fire and Rescue Service", Sector.FIRE_RESCUE, (), "Salisbury", "SP4 6EB"
    ),
    DemoOrganisation(
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
        Sector.NHS_BODY,
        (("GB-NHS", "QOX"),),
        "Chippenham",
        "SN15 1NQ",
    ),
    DemoOrganisation(
        "South West Regional Organised Crime Unit", Sector.POLICING_BODY, (), "Portishead", "BS20 8QJ"
    ),
    DemoOrganisation(
        "Wessex Community Safety Ltd",
        Sector.PRIVATE_COMPANY,
        (("GB-COH", "09876543"),),
        "Warminster",
        "BA12 9AA",
    ),
)

# (email, organisation name, is administrator). Accounts come from accounts.demo; absent ones are skipped.
MEMBERSHIPS: tuple[tuple[str, str, bool], ...] = (
    ("provider@example.org", "Swindon and Wiltshire Rape Crisis Support", True),
    ("provider2@example.org", "Swindon Restorative Justice CIC", True),
    ("partner@example.org", "Wiltshire Community Foundation", True),
)


class DemoItem(NamedTuple):
    kind: str
    title: str
    dated: date
    expires_on: date | None
    checked: bool


def _items(index: int, today: date) -> list[DemoItem]:
    """A spread of statuses: every organisation's governing document is current; insurance and safeguarding
    policies vary so that the register shows expired and expiring-soon items."""
    year = timedelta(days=365)
    insurance_expiry = (
        today - timedelta(days=20),  # expired
        today + timedelta(days=12),  # expires soon
        today + timedelta(days=200),  # current
    )[index % 3]
    return [
        DemoItem(DueDiligenceKind.GOVERNING_DOCUMENT, "Constitution", date(2018, 6, 1), None, True),
        DemoItem(
            DueDiligenceKind.SAFEGUARDING_POLICY,
            "Safeguarding policy",
            today - timedelta(days=300 + 40 * (index % 3)),
            today - timedelta(days=300 + 40 * (index % 3)) + year,
            index % 2 == 0,
        ),
        DemoItem(
            DueDiligenceKind.INSURANCE,
            "Public liability insurance certificate",
            insurance_expiry - year,
            insurance_expiry,
            index % 3 != 0,
        ),
        DemoItem(
            DueDiligenceKind.LATEST_ACCOUNTS, "Annual accounts", today - timedelta(days=150), None, False
        ),
    ]


def load(*, by: Actor) -> None:
    today = timezone.localdate()
    organisations: dict[str, Organisation] = {}
    for index, demo in enumerate(ORGANISATIONS):
        organisation = demo_upsert(
            Organisation,
            by=by,
            lookup={"name": demo.name},
            values={
                "sector": str(demo.sector),
                "town": demo.town,
                "postcode": demo.postcode,
                "website": demo.website,
            },
        )
        organisations[demo.name] = organisation
        for scheme_code, value in demo.identifiers:
            if not OrganisationIdentifier.objects.filter(scheme=scheme_code, value=value).exists():
                identifier_add(by=by, organisation=organisation, scheme=scheme_code, value=value)
        if organisation.sector_group == SectorGroup.VOLUNTARY_COMMUNITY:
            for item in _items(index, today):
                if not DueDiligenceItem.objects.filter(
                    organisation=organisation, kind=item.kind, title=item.title
                ).exists():
                    due_diligence_add(
                        by=by,
                        organisation=organisation,
                        kind=item.kind,
                        title=item.title,
                        dated=item.dated,
                        expires_on=item.expires_on,
                        checked=item.checked,
                    )
    for email, name, is_administrator in MEMBERSHIPS:
        user = User.objects.filter(email=email).first()
        if user is None or OrganisationMembership.objects.filter(user=user).exists():
            continue
        membership_add(by=by, organisation=organisations[name], user=user, is_administrator=is_administrator)
