"""The sectors of PRODUCT.md 3.3. Fund rules name sectors by these values; partnerships need the public group."""

from django.db import models


class SectorGroup(models.TextChoices):
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community sector"
    PUBLIC = "public", "Public sector body"
    PRIVATE = "private", "Private company"


class Sector(models.TextChoices):
    CHARITY = "charity", "Charity"
    CIO = "cio", "Charitable incorporated organisation"
    CIC = "cic", "Community interest company"
    COMMUNITY_GROUP = "community_group", "Unregistered community group"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE_FORCE = "police_force", "Police force"
    FIRE_RESCUE = "fire_rescue", "Fire and rescue service"
    NHS_BODY = "nhs_body", "NHS body"
    POLICING_BODY = "policing_body", "Another policing body"
    PRIVATE_COMPANY = "private_company", "Private company"


SECTOR_GROUPS: dict[str, SectorGroup] = {
    Sector.CHARITY: SectorGroup.VOLUNTARY_COMMUNITY,
    Sector.CIO: SectorGroup.VOLUNTARY_COMMUNITY,
    Sector.CIC: SectorGroup.VOLUNTARY_COMMUNITY,
    Sector.COMMUNITY_GROUP: SectorGroup.VOLUNTARY_COMMUNITY,
    Sector.LOCAL_AUTHORITY: SectorGroup.PUBLIC,
    Sector.POLICE_FORCE: SectorGroup.PUBLIC,
    Sector.FIRE_RESCUE: SectorGroup.PUBLIC,
    Sector.NHS_BODY: SectorGroup.PUBLIC,
    Sector.POLICING_BODY: SectorGroup.PUBLIC,
    Sector.PRIVATE_COMPANY: SectorGroup.PRIVATE,
}


def sector_group(sector: str) -> SectorGroup:
    return SECTOR_GROUPS[Sector(sector)]


def sectors_in(group: str) -> list[str]:
    return [str(sector) for sector, in_group in SECTOR_GROUPS.items() if in_group == group]
