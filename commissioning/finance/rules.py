"""A fund's rules in plain words, and the check that names each rule a request breaks.

Grants use `rules_breaches` for eligibility before an applicant submits, and `commitment_create` uses it again
when money is committed, so the same words explain a refusal wherever it happens.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# `pounds` is core.money's, re-exported: finance.services and finance.views import it from here.
from commissioning.core.money import pounds as pounds
from commissioning.organisations.sectors import Sector, SectorGroup, sectors_in

from .models import FundRules


def duration_in_months(starts_on: date, ends_on: date) -> int:
    """Whole or part months from the first day to the last, inclusive: 1 April 2026 to 31 March 2027 is 12."""
    end = ends_on + timedelta(days=1)
    months = (end.year - starts_on.year) * 12 + (end.month - starts_on.month)
    if end.day > starts_on.day:
        months += 1
    return max(months, 0)


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _plural(label: str) -> str:
    if label.startswith("Another "):
        label = "other " + label.removeprefix("Another ")
    label = label[:-1] + "ies" if label.endswith("y") and not label.endswith("ey") else label + "s"
    # Keep acronyms such as NHS; lower-case an ordinary first word.
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _a(label: str) -> str:
    if label[:2].isupper():
        # Acronyms take "an" when their first letter is spoken with a vowel sound: an NHS body.
        return ("an " if label[0] in "AEFHILMNORSX" else "a ") + label
    word = label[0].lower() + label[1:]
    return ("an " if word[0] in "aeiou" else "a ") + word


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def eligible_in_words(rules: FundRules) -> tuple[str, str]:
    """Who may apply: a headline ("voluntary and community sector organisations") and, when the headline names a
    whole sector group, the kinds of organisation in it ("charities, ... and unregistered community groups")."""
    eligible = set(rules.eligible_sectors)
    names = _joined([_plural(Sector(value).label) for value in Sector.values if value in eligible])
    for group, headline in (
        (SectorGroup.VOLUNTARY_COMMUNITY, "voluntary and community sector organisations"),
        (SectorGroup.PUBLIC, "public sector bodies"),
    ):
        if eligible == set(sectors_in(group)):
            return headline, names
    return names, ""


def rules_in_plain_words(rules: FundRules) -> list[str]:
    """Each rule of a fund as one sentence, for staff pages and the public site."""
    sentences = []
    if rules.eligible_sectors:
        headline, detail = eligible_in_words(rules)
        sentences.append(f"Only {headline} can apply" + (f": {detail}" if detail else ""))
    else:
        sentences.append("Organisations of any kind can apply")
    if rules.min_award is not None and rules.max_award is not None:
        sentences.append(f"Awards are between {pounds(rules.min_award)} and {pounds(rules.max_award)}")
    elif rules.max_award is not None:
        sentences.append(f"Awards are {pounds(rules.max_award)} or less")
    elif rules.min_award is not None:
        sentences.append(f"Awards are {pounds(rules.min_award)} or more")
    if rules.max_duration_months is not None:
        sentences.append(f"Funding lasts no more than {months(rules.max_duration_months)}")
    if rules.one_off:
        sentences.append("One-off funding only: it will not be renewed")
    else:
        sentences.append("Funding can continue from one year to the next")
    if rules.one_off_period_months is not None:
        sentences.append(one_off_period_in_words(rules))
    if rules.ring_fenced_purposes:
        sentences.append("Only for: " + "; ".join(rules.ring_fenced_purposes))
    if rules.administering_organisation_id is not None:
        sentences.append(f"Run on the commissioning body's behalf by {rules.administering_organisation}")
    return sentences


def _the_fund(rules: FundRules) -> str:
    fund = rules.fund.name
    return fund if fund.lower().startswith("the ") else f"The {fund}"


def one_off_period_in_words(rules: FundRules) -> str:
    """The one-off period rule as a sentence: a second award within it needs the decision-maker's reason."""
    period = months(rules.one_off_period_months or 0)
    return (
        f"An organisation funded from it in the last {period} is funded again only with a recorded reason "
        "for the second award"
    )


def purpose_refusal(rules: FundRules) -> str:
    """The ring-fence in the rule's words, as a refusal: "The Victims Fund can only be spent on: …"."""
    return f"{_the_fund(rules)} can only be spent on: " + "; ".join(rules.ring_fenced_purposes)


@dataclass(frozen=True)
class RuleBreach:
    """One rule a request breaks. `rule` is a stable code; `message` names the rule in plain words."""

    rule: str
    message: str


@dataclass(frozen=True)
class RuleFacts:
    """What is known about a request for money; None means not known, so that rule is not checked. `purpose` is
    the name of the fund purpose the money serves ("" when none was named, which a ring-fenced fund refuses)."""

    sector: str | None = None
    amount: Decimal | None = None
    duration_months: int | None = None
    recurring: bool | None = None
    purpose: str | None = None


def rules_breaches(
    rules: FundRules,
    *,
    sector: str | None = None,
    amount: Decimal | None = None,
    duration_months: int | None = None,
    recurring: bool | None = None,
    purpose: str | None = None,
) -> list[RuleBreach]:
    """Every rule of `rules` that the given facts break, in the order the rules are listed."""
    the_fund = _the_fund(rules)
    breaches = []
    if sector is not None and rules.eligible_sectors and sector not in rules.eligible_sectors:
        kind = _a(Sector(sector).label) if sector in Sector.values else "an organisation of this kind"
        breaches.append(
            RuleBreach("sector", f"{the_fund} only funds {eligible_in_words(rules)[0]}; {kind} cannot apply")
        )
    if amount is not None and rules.min_award is not None and amount < rules.min_award:
        breaches.append(
            RuleBreach(
                "min_award",
                f"{the_fund} gives {pounds(rules.min_award)} or more; {pounds(amount)} was asked for",
            )
        )
    if amount is not None and rules.max_award is not None and amount > rules.max_award:
        breaches.append(
            RuleBreach(
                "max_award",
                f"{the_fund} gives {pounds(rules.max_award)} or less; {pounds(amount)} was asked for",
            )
        )
    if (
        duration_months is not None
        and rules.max_duration_months is not None
        and duration_months > rules.max_duration_months
    ):
        breaches.append(
            RuleBreach(
                "max_duration",
                f"{the_fund} funds work lasting no more than {months(rules.max_duration_months)}; "
                f"{months(duration_months)} was asked for",
            )
        )
    if recurring and rules.one_off:
        breaches.append(
            RuleBreach(
                "one_off", f"{the_fund} gives one-off funding only; it cannot fund recurring or ongoing costs"
            )
        )
    if purpose is not None and rules.ring_fenced_purposes:
        allowed = {item.strip().lower() for item in rules.ring_fenced_purposes}
        if purpose.strip().lower() not in allowed:
            breaches.append(RuleBreach("purpose", purpose_refusal(rules)))
    return breaches
