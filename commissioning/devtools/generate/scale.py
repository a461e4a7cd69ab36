"""How much `generate_data` builds. `large` is the data set of PRODUCT.md 5 (speed); `small` has the same shape at
about 1/200 of the size, for CI and tests."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    organisations: int
    applications: int
    agreements: int
    assessors: int
    officers: int
    years: int = 10
    rounds_per_year: int = 2
    # Of the agreements, the share made by approving an application; the rest are contracts, partnerships,
    # accreditations and the yearly grant to the Chief Constable.
    grant_share: float = 0.9
    # Monitoring returns the plans reach at least (plans move to quarterly returns when the tiers give fewer), and
    # pieces of public feedback about the services.
    returns: int = 0
    feedback: int = 0

    @property
    def grant_agreements(self) -> int:
        return round(self.agreements * self.grant_share)


LARGE = Scale(
    "large",
    organisations=2_000,
    applications=100_000,
    agreements=40_000,
    assessors=40,
    officers=10,
    returns=200_000,
    feedback=20_000,
)
SMALL = Scale(
    "small",
    organisations=10,
    applications=500,
    agreements=200,
    assessors=4,
    officers=2,
    returns=1_000,
    feedback=100,
)
SCALES: dict[str, Scale] = {scale.name: scale for scale in (SMALL, LARGE)}
