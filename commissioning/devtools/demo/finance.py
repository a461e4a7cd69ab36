"""Demo money: the funding sources and six funds of the shipped Wiltshire and Swindon configuration, with rules,
allocations for 2025/26 and 2026/27, and a few commitments and payments so the budget positions differ.

Idempotent: every row is found by a stable natural key and only written (with its audit event) when it differs.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from commissioning.audit.services import audited_save
from commissioning.core.actors import Actor
from commissioning.finance.models import (
    Commitment,
    FinancialYear,
    Fund,
    FundingSource,
    FundPurpose,
    FundRules,
    Payment,
    RulesPurpose,
)
from commissioning.finance.selectors import allocation_of
from commissioning.finance.services import allocation_set, commitment_create, financial_year, payment_record
from commissioning.organisations.models import Organisation
from commissioning.organisations.sectors import SectorGroup, sectors_in

PPAF_ADMINISTRATOR_NAME = "Wiltshire Community Foundation"
RULES_FROM = date(2017, 4, 1)
DEMO_SOURCE = "demo"

Kind = FundingSource.Kind
FUNDING_SOURCES = [
    ("Home Office police grant", Kind.CENTRAL_GOVERNMENT, "The central government allocation for policing."),
    ("Local policing precept", Kind.PRECEPT, "The policing part of council tax in Wiltshire and Swindon."),
    (
        "Other income",
        Kind.OTHER_INCOME,
        "Interest, fees, the proceeds of unclaimed property and underspends.",
    ),
    (
        "Ministry of Justice victims' grant",
        Kind.RING_FENCED_GRANT,
        "Ring-fenced money from the Ministry of Justice for services that help victims cope and recover.",
    ),
]

VOLUNTARY = sectors_in(SectorGroup.VOLUNTARY_COMMUNITY)

# name, code, funding source, description, rules, allocations by start year
FUNDS: list[dict[str, Any]] = [
    {
        "name": "Grant to the Chief Constable",
        "code": "CC",
        "source": "Home Office police grant",
        "description": "The money the Chief Constable receives to run Wiltshire Police.",
        "rules": {"eligible_sectors": ["police_force"]},
        "purposes": [
            ("Policing Wiltshire and Swindon", "Running Wiltshire Police: officers, staff and services.")
        ],
        "allocations": {2025: "109850000.00", 2026: "112400000.00"},
    },
    {
        "name": "Regional Collaborations",
        "code": "RC",
        "source": "Local policing precept",
        "description": "Contributions to policing services shared with neighbouring forces across the south west.",
        "rules": {"eligible_sectors": sectors_in(SectorGroup.PUBLIC)},
        "purposes": [
            (
                "Shared policing services",
                "Policing services run with the neighbouring forces of the south west.",
            )
        ],
        "allocations": {2025: "4200000.00", 2026: "4350000.00"},
    },
    {
        "name": "Victims Fund",
        "code": "VF",
        "source": "Ministry of Justice victims' grant",
        "description": "Services that help victims of crime cope and recover.",
        # Ring-fenced by the Ministry of Justice to its three purposes.
        "rules": {"ring_fenced": True},
        "purposes": [
            (
                "support services for victims of crime",
                "Services that help victims of crime cope and recover.",
            ),
            ("restorative justice", "Bringing victims and offenders together, when victims choose it."),
            (
                "specialist services for victims of sexual offences",
                "Independent sexual violence advisers, counselling and support for survivors.",
            ),
        ],
        "allocations": {2025: "1105000.00", 2026: "1128000.00"},
    },
    {
        "name": "Community Safety Fund",
        "code": "CSF",
        "source": "Local policing precept",
        "description": "Work with community safety partnerships to prevent crime and keep people safe.",
        "rules": {"max_duration_months": 36},
        "purposes": [
            (
                "Crime prevention",
                "Work with community safety partnerships that stops crime before it happens.",
            ),
            ("Keeping people safe", "Projects that reduce harm and help people feel safe where they live."),
        ],
        "allocations": {2025: "1350000.00", 2026: "1375000.00"},
    },
    {
        "name": "PCC Community Fund",
        "code": "PCF",
        "source": "Other income",
        "description": "One-off grants to voluntary and community groups, funded from unallocated underspends.",
        "rules": {
            "eligible_sectors": VOLUNTARY,
            "one_off": True,
            "max_duration_months": 12,
            "one_off_period_months": 12,
        },
        "purposes": [("Community projects", "Voluntary and community projects that make communities safer.")],
        "allocations": {2025: "150000.00", 2026: "175000.00"},
    },
    {
        "name": "Police Property Act Fund",
        "code": "PPAF",
        "source": "Other income",
        "description": "Small grants to community groups from the proceeds of unclaimed property, run with a "
        "community foundation.",
        "rules": {
            "eligible_sectors": VOLUNTARY,
            "max_award": Decimal("3000.00"),
            "max_duration_months": 12,
            "one_off": True,
            "one_off_period_months": 12,
            "administered": True,
            "ring_fenced": True,
        },
        # The proceeds of unclaimed property are ring-fenced to bringing communities together (seed strategy).
        "purposes": [
            (
                "Bringing communities together to tackle local issues",
                "Small community projects, new or innovative, that bring people together to tackle a local issue.",
            ),
            (
                "Improving trust and understanding",
                "Projects that improve trust and understanding between communities and the police.",
            ),
        ],
        "allocations": {2025: "60000.00", 2026: "62000.00"},
    },
]

# fund code, start year, natural key, description, amount, committed on, payments (reference, amount, paid on)
COMMITMENTS = [
    (
        "VF",
        2025,
        "vf-2025-1",
        "Victim support and referral service",
        "640000.00",
        date(2025, 4, 1),
        [("VF-2025-Q1", "160000.00", date(2025, 4, 30)), ("VF-2025-Q2", "160000.00", date(2025, 7, 31))],
    ),
    (
        "VF",
        2025,
        "vf-2025-2",
        "Independent sexual violence advisers",
        "210000.00",
        date(2025, 5, 12),
        [("VF-2025-ISVA1", "105000.00", date(2025, 6, 1))],
    ),
    (
        "CSF",
        2025,
        "csf-2025-1",
        "Swindon community safety partnership",
        "425000.00",
        date(2025, 4, 14),
        [("CSF-2025-SW1", "212500.00", date(2025, 5, 1))],
    ),
    ("PCF", 2025, "pcf-2025-1", "Youth diversion boxing club", "8500.00", date(2025, 9, 3), []),
    (
        "PPAF",
        2025,
        "ppaf-2025-1",
        "Neighbourhood watch equipment",
        "2750.00",
        date(2025, 6, 20),
        [("PPAF-2025-001", "2750.00", date(2025, 7, 4))],
    ),
    (
        "PPAF",
        2025,
        "ppaf-2025-2",
        "Village speed watch",
        "1800.00",
        date(2025, 8, 11),
        [],
    ),
    (
        "CC",
        2025,
        "cc-2025-1",
        "Grant to the Chief Constable 2025/26",
        "109850000.00",
        date(2025, 4, 1),
        [("CC-2025-M01", "9154166.67", date(2025, 4, 15))],
    ),
    (
        "VF",
        2026,
        "vf-2026-1",
        "Victim support and referral service",
        "655000.00",
        date(2026, 4, 1),
        [("VF-2026-Q1", "163750.00", date(2026, 4, 30))],
    ),
    ("PPAF", 2026, "ppaf-2026-1", "Community garden safety lighting", "2400.00", date(2026, 5, 18), []),
]


def _ensure(*, by: Actor, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Find the row by its natural key; create or change it (with an audit event) only when it differs."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
    elif all(getattr(instance, field) == value for field, value in values.items()):
        return instance
    else:
        for field, value in values.items():
            setattr(instance, field, value)
    audited_save(by=by, instance=instance)
    return instance


@transaction.atomic
def load(*, by: Actor) -> None:
    sources = {
        name: _ensure(
            by=by,
            model=FundingSource,
            lookup={"name": name},
            values={"kind": kind, "description": description},
        )
        for name, kind, description in FUNDING_SOURCES
    }
    administrator = Organisation.objects.filter(name=PPAF_ADMINISTRATOR_NAME).first()
    funds: dict[str, Fund] = {}
    for spec in FUNDS:
        fund = _ensure(
            by=by,
            model=Fund,
            lookup={"code": spec["code"]},
            values={
                "name": spec["name"],
                "description": spec["description"],
                "funding_source": sources[spec["source"]],
                "is_active": True,
            },
        )
        funds[spec["code"]] = fund
        rules = dict(spec["rules"])
        administered = rules.pop("administered", False)
        ring_fenced = rules.pop("ring_fenced", False)
        rule_values: dict[str, Any] = {
            "eligible_sectors": [],
            "min_award": None,
            "max_award": None,
            "max_duration_months": None,
            "one_off": False,
            "one_off_period_months": None,
            "administering_organisation": administrator if administered else None,
        }
        rule_values.update(rules)
        rules_row = _ensure(
            by=by, model=FundRules, lookup={"fund": fund, "effective_from": RULES_FROM}, values=rule_values
        )
        purposes = [
            _ensure(
                by=by,
                model=FundPurpose,
                lookup={"fund": fund, "name": name},
                values={"description": description},
            )
            for name, description in spec["purposes"]
        ]
        if ring_fenced and not rules_row.purpose_links.exists():
            for purpose in purposes:
                audited_save(by=by, instance=RulesPurpose(rules=rules_row, purpose=purpose))
        for start_year, amount in spec["allocations"].items():
            allocation_set(by=by, fund=fund, year=financial_year(start_year), amount=Decimal(amount))

    for code, start_year, key, description, amount, committed_on, payments in COMMITMENTS:
        year: FinancialYear = financial_year(start_year)
        commitment = Commitment.objects.filter(source_type=DEMO_SOURCE, source_id=key).first()
        if commitment is None:
            allocation = allocation_of(funds[code], year)
            assert allocation is not None
            commitment = commitment_create(
                by=by,
                allocation=allocation,
                amount=Decimal(amount),
                description=description,
                committed_on=committed_on,
                source_type=DEMO_SOURCE,
                source_id=key,
            )
        for reference, paid, paid_on in payments:
            if not Payment.objects.filter(commitment=commitment, reference=reference).exists():
                payment_record(
                    by=by, commitment=commitment, amount=Decimal(paid), paid_on=paid_on, reference=reference
                )
