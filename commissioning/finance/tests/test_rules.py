from decimal import Decimal

import pytest

from commissioning.core.money import pounds
from commissioning.finance.rules import rules_breaches, rules_in_plain_words
from commissioning.finance.tests.factories import FundFactory, FundRulesFactory
from commissioning.organisations.models import Organisation
from commissioning.organisations.sectors import Sector, SectorGroup, sectors_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ppaf_rules():
    return FundRulesFactory(
        fund=FundFactory(name="Police Property Act Fund", code="PPAF"),
        eligible_sectors=sectors_in(SectorGroup.VOLUNTARY_COMMUNITY),
        max_award=Decimal("3000.00"),
        max_duration_months=12,
        one_off=True,
        administering_organisation=Organisation.objects.create(
            name="County Community Foundation", sector=Sector.CHARITY
        ),
    )


def test_pounds():
    assert pounds(Decimal("3000")) == "£3,000"
    assert pounds(Decimal("3000.5")) == "£3,000.50"
    assert pounds(Decimal("-12.34")) == "-£12.34"
    assert pounds(Decimal("109850000.00")) == "£109,850,000"


def test_rules_in_plain_words(ppaf_rules):
    assert rules_in_plain_words(ppaf_rules) == [
        "Only voluntary and community sector organisations can apply: charities, charitable incorporated "
        "organisations, community interest companies and unregistered community groups",
        "Awards are £3,000 or less",
        "Funding lasts no more than 12 months",
        "One-off funding only: it will not be renewed",
        "Run on the commissioning body's behalf by County Community Foundation",
    ]


def test_plain_words_for_other_rules():
    rules = FundRulesFactory(
        eligible_sectors=[Sector.NHS_BODY, Sector.POLICING_BODY, Sector.CHARITY],
        min_award=Decimal("500"),
        max_award=Decimal("10000.50"),
        max_duration_months=1,
        ring_fenced_purposes=["restorative justice", "support services for victims of crime"],
    )
    assert rules_in_plain_words(rules) == [
        "Only charities, NHS bodies and other policing bodies can apply",
        "Awards are between £500 and £10,000.50",
        "Funding lasts no more than 1 month",
        "Funding can continue from one year to the next",
        "Only for: restorative justice; support services for victims of crime",
    ]
    public = FundRulesFactory(eligible_sectors=sectors_in(SectorGroup.PUBLIC), min_award=Decimal("100"))
    words = rules_in_plain_words(public)
    assert words[0].startswith("Only public sector bodies can apply: local authorities, police forces")
    assert words[1] == "Awards are £100 or more"
    assert rules_in_plain_words(FundRulesFactory())[0] == "Organisations of any kind can apply"


def test_no_breaches_when_every_rule_is_kept(ppaf_rules):
    assert (
        rules_breaches(
            ppaf_rules, sector=Sector.CHARITY, amount=Decimal("3000"), duration_months=12, recurring=False
        )
        == []
    )
    # Facts that are not known are not checked.
    assert rules_breaches(ppaf_rules) == []


def test_sector_breach(ppaf_rules):
    [breach] = rules_breaches(ppaf_rules, sector=Sector.PRIVATE_COMPANY)
    assert breach.rule == "sector"
    assert breach.message == (
        "The Police Property Act Fund only funds voluntary and community sector organisations; "
        "a private company cannot apply"
    )
    [breach] = rules_breaches(ppaf_rules, sector=Sector.LOCAL_AUTHORITY)
    assert breach.message.endswith("a local authority cannot apply")
    [breach] = rules_breaches(ppaf_rules, sector=Sector.NHS_BODY)
    assert breach.message.endswith("an NHS body cannot apply")


def test_maximum_award_breach(ppaf_rules):
    [breach] = rules_breaches(ppaf_rules, amount=Decimal("3500"))
    assert breach.rule == "max_award"
    assert breach.message == "The Police Property Act Fund gives £3,000 or less; £3,500 was asked for"


def test_minimum_award_breach():
    rules = FundRulesFactory(fund=FundFactory(name="Community Safety Fund"), min_award=Decimal("1000"))
    [breach] = rules_breaches(rules, amount=Decimal("999.99"))
    assert breach.rule == "min_award"
    assert breach.message == "The Community Safety Fund gives £1,000 or more; £999.99 was asked for"


def test_duration_breach(ppaf_rules):
    [breach] = rules_breaches(ppaf_rules, duration_months=18)
    assert breach.rule == "max_duration"
    assert breach.message == (
        "The Police Property Act Fund funds work lasting no more than 12 months; 18 months was asked for"
    )


def test_one_off_breach(ppaf_rules):
    [breach] = rules_breaches(ppaf_rules, recurring=True)
    assert breach.rule == "one_off"
    assert breach.message == (
        "The Police Property Act Fund gives one-off funding only; it cannot fund recurring or ongoing costs"
    )
    assert rules_breaches(FundRulesFactory(one_off=False), recurring=True) == []


def test_purpose_breach():
    rules = FundRulesFactory(
        fund=FundFactory(name="Victims Fund"),
        ring_fenced_purposes=["support services for victims of crime", "restorative justice"],
    )
    assert rules_breaches(rules, purpose="Restorative justice ") == []
    [breach] = rules_breaches(rules, purpose="CCTV cameras")
    assert breach.rule == "purpose"
    assert breach.message == (
        "The Victims Fund can only be spent on: support services for victims of crime; restorative justice"
    )


def test_several_breaches_are_all_named(ppaf_rules):
    breaches = rules_breaches(
        ppaf_rules, sector=Sector.PRIVATE_COMPANY, amount=Decimal("5000"), duration_months=24, recurring=True
    )
    assert [breach.rule for breach in breaches] == ["sector", "max_award", "max_duration", "one_off"]
