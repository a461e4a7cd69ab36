"""Each mechanism's own rules, checked in the options appraisal before anyone acts (PRODUCT.md 3.4), in plain words.

- A **partnership agreement** is made only with public bodies: the option names its intended partner organisations,
  and every one must be in the public sector (`organisations/sectors.py`).
- A **grant** is for small-scale, quick, one-off work: the option's estimated value must be no more than the largest
  maximum award any fund's rules in effect set, and its duration no longer than the longest a one-off fund's rules
  allow. The figures are derived from the fund rules (data with dates of effect), never written here.
- **Any Qualified Provider accreditation** is only for services bought in units: the option names the unit (a
  course, a visit, an intervention).
- A **contract** has no rule of its own to check here: procurement's thresholds apply when it is built.

`option_breaches` gives what is wrong with an option, one sentence each; an empty list means its rules are met.
`MECHANISM_RULES` says each rule in words for the appraisal page.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from commissioning.agreements.models import Mechanism
from commissioning.core.effective import in_effect
from commissioning.core.money import format_money
from commissioning.finance.models import FundRules
from commissioning.finance.rules import months
from commissioning.organisations.models import Organisation
from commissioning.organisations.sectors import SectorGroup, sector_group

PARTNERSHIP_RULE = "A partnership agreement can only be made with public bodies"
ACCREDITATION_RULE = "Any Qualified Provider accreditation is only for services bought in units"
GRANT_RULE = "A grant is for small-scale work that can be delivered quickly, once"


@dataclass(frozen=True)
class GrantLimits:
    """The largest value and longest duration a grant may have, derived from the fund rules in effect."""

    largest_value: Decimal | None
    largest_fund: str
    longest_months: int | None

    def in_words(self) -> str:
        words = GRANT_RULE
        if self.largest_value is not None:
            words += f": no more than {format_money(self.largest_value)} (the largest maximum award, {self.largest_fund})"
        if self.longest_months is not None:
            words += f" and lasting no more than {months(self.longest_months)}"
        return words


def grant_limits(on: date | None = None) -> GrantLimits:
    """The grant limits on `on` (today), from every active fund's rules in effect then: one query."""
    on = on or timezone.localdate()
    rows = FundRules.objects.filter(fund__is_active=True, effective_from__lte=on).select_related("fund")
    current = list(in_effect(rows, on=on, scope=lambda row: row.fund_id).values())
    with_award = [row for row in current if row.max_award is not None]
    largest = max(with_award, key=lambda row: (row.max_award, row.fund.name), default=None)
    one_off_months = [row.max_duration_months for row in current if row.one_off and row.max_duration_months]
    return GrantLimits(
        largest_value=largest.max_award if largest is not None else None,
        largest_fund=largest.fund.name if largest is not None else "",
        longest_months=max(one_off_months) if one_off_months else None,
    )


def partner_breaches(partners: Iterable[Organisation]) -> list[str]:
    """Why these partners cannot be in a partnership agreement: each one not a public body, in the rule's words."""
    partners = list(partners)
    if not partners:
        return [f"{PARTNERSHIP_RULE}: name the public bodies you mean to partner with"]
    return [
        f"{PARTNERSHIP_RULE}: {partner.name} is not one (it is a {partner.get_sector_display().lower()})"
        for partner in partners
        if sector_group(partner.sector) != SectorGroup.PUBLIC
    ]


def grant_breaches(
    *, estimated_value: Decimal | None, duration_months: int | None, limits: GrantLimits
) -> list[str]:
    found = []
    if estimated_value is None:
        found.append(f"{GRANT_RULE}: enter the estimated value to check it")
    elif limits.largest_value is None:
        found.append(
            f"{GRANT_RULE}, but no fund's rules set a maximum award to check the estimated value against"
        )
    elif estimated_value > limits.largest_value:
        found.append(
            f"{GRANT_RULE}: the estimated value of {format_money(estimated_value)} is more than the largest "
            f"maximum award, {format_money(limits.largest_value)} ({limits.largest_fund})"
        )
    if duration_months is None:
        found.append(f"{GRANT_RULE}: enter how many months it would last to check it")
    elif limits.longest_months is not None and duration_months > limits.longest_months:
        found.append(
            f"{GRANT_RULE}: {months(duration_months)} is longer than the {months(limits.longest_months)} "
            "a one-off fund allows"
        )
    return found


def accreditation_breaches(unit: str) -> list[str]:
    if unit.strip():
        return []
    return [
        f"{ACCREDITATION_RULE}: name the unit the service is bought in, like a course, a visit or a session"
    ]


def option_breaches(
    *,
    mechanism: str,
    partners: Iterable[Organisation] = (),
    estimated_value: Decimal | None = None,
    duration_months: int | None = None,
    unit: str = "",
    limits: GrantLimits | None = None,
) -> list[str]:
    """What breaks the mechanism's own rules for an option with these particulars (empty: its rules are met)."""
    if mechanism == Mechanism.PARTNERSHIP:
        return partner_breaches(partners)
    if mechanism == Mechanism.GRANT:
        return grant_breaches(
            estimated_value=estimated_value,
            duration_months=duration_months,
            limits=limits if limits is not None else grant_limits(),
        )
    if mechanism == Mechanism.ACCREDITATION:
        return accreditation_breaches(unit)
    return []


def rules_in_words(limits: GrantLimits) -> dict[str, str]:
    """Each mechanism's rule as the appraisal page says it."""
    return {
        Mechanism.GRANT: limits.in_words(),
        Mechanism.CONTRACT: "A contract is procured: the procurement rules apply when it is built",
        Mechanism.ACCREDITATION: f"{ACCREDITATION_RULE} (a course, a visit, an intervention)",
        Mechanism.PARTNERSHIP: f"{PARTNERSHIP_RULE} (local authorities, police, fire, NHS and other policing bodies)",
    }


# What launching each mechanism from a project makes: a grant scheme now; the others as they are built.
LAUNCHABLE = frozenset({Mechanism.GRANT})
NOT_BUILT: dict[str, str] = {
    Mechanism.CONTRACT: "Launching a procurement from a project is not built yet: procure the contract as you do "
    "today and link its agreement in analyse",
    Mechanism.ACCREDITATION: "Launching an Any Qualified Provider accreditation scheme from a project is not built "
    "yet: link the accredited providers' agreements in analyse",
    Mechanism.PARTNERSHIP: "Launching a partnership agreement from a project is not built yet: record the "
    "agreement as you do today and link it in analyse",
}


def launch_refusal(mechanism: str) -> str:
    """Why the chosen mechanism cannot be launched from a project ("" if it can)."""
    if not mechanism:
        return "Choose the mechanism in the plan before launching it"
    return "" if mechanism in LAUNCHABLE else NOT_BUILT[mechanism]
