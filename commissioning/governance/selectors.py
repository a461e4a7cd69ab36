"""Reads for the scheme of delegation: which role may decide up to which amount, on a given date."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.accounts.roles import Role, user_roles
from commissioning.core.caching import CachedList
from commissioning.core.effective import in_effect
from commissioning.core.models import CommissioningBody
from commissioning.core.money import pounds
from commissioning.core.selectors import commissioning_body

from .models import DelegatedLimit


@dataclass(frozen=True)
class LimitResult:
    """A person's delegated authority on a date: none at all, up to an amount, or with no upper limit."""

    has_authority: bool
    max_amount: Decimal | None = None
    role: str | None = None

    @property
    def no_limit(self) -> bool:
        return self.has_authority and self.max_amount is None

    def covers(self, amount: Decimal) -> bool:
        if not self.has_authority:
            return False
        return self.max_amount is None or Decimal(amount) <= self.max_amount

    def in_words(self) -> str:
        if not self.has_authority:
            return "none"
        return "no limit" if self.max_amount is None else pounds(self.max_amount)


NO_AUTHORITY = LimitResult(has_authority=False)


# Every row of the scheme of delegation (a few per role), read on every page that offers a decision: kept in the
# shared cache until a row changes.
ALL_LIMITS: CachedList[DelegatedLimit] = CachedList("governance:limits", sources=[DelegatedLimit])


def limits_in_effect(*, on: date | None = None) -> list[DelegatedLimit]:
    """The row in effect for each role on `on` (today by default): the latest that has started."""
    on = on or timezone.localdate()
    rows = ALL_LIMITS.get(lambda: DelegatedLimit.objects.order_by("role", "-effective_from"))
    current = in_effect(rows, on=on, scope=lambda row: row.role)
    return sorted(current.values(), key=_generosity)


def upcoming_limits(*, after: date | None = None) -> list[DelegatedLimit]:
    """Rows that come into effect after `after` (today by default), soonest first."""
    after = after or timezone.localdate()
    return list(DelegatedLimit.objects.upcoming(after).order_by("effective_from", "role"))


def _generosity(row: DelegatedLimit) -> tuple[int, Decimal]:
    """Smallest limit first; no limit last."""
    return (1, Decimal(0)) if row.max_amount is None else (0, row.max_amount)


def delegated_limit(user: Any, *, on: date | None = None) -> LimitResult:
    """The largest limit over the person's roles in effect on `on`; NO_AUTHORITY when no role has a row."""
    roles = user_roles(user)
    return _best_of([row for row in limits_in_effect(on=on) if row.role in roles])


def _best_of(rows: list[DelegatedLimit]) -> LimitResult:
    if not rows:
        return NO_AUTHORITY
    best = max(rows, key=_generosity)
    return LimitResult(has_authority=True, max_amount=best.max_amount, role=best.role)


def role_title(role: str, body: CommissioningBody | None = None) -> str:
    """How a role is named in sentences: the body's own titles for its senior people, "a commissioning officer"
    for the rest."""
    body = body or commissioning_body()
    titles: dict[str, str] = {
        Role.COMMISSIONER: body.commissioner_title,
        Role.CHIEF_EXECUTIVE: body.chief_executive_title,
        Role.CHIEF_FINANCE_OFFICER: body.chief_finance_officer_title,
    }
    if role in titles:
        return f"the {titles[role]}"
    label = Role(role).label if role in Role.values else role
    label = label[0].lower() + label[1:]
    return ("an " if label[0] in "aeiou" else "a ") + label


def role_heading(role: str, body: CommissioningBody | None = None) -> str:
    """A role's name as a table heading: the body's own title where it has one."""
    title = role_title(role, body)
    for article in ("the ", "an ", "a "):
        if title.startswith(article):
            title = title.removeprefix(article)
            break
    return title[0].upper() + title[1:]


def _joined_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def may_decide(user: Any, amount: Decimal, *, on: date | None = None) -> tuple[bool, str]:
    """Whether the person's delegated limit covers a decision on `amount`, with the reason in plain words.

    A refusal names who may decide instead, with the body's own titles: "Your delegated limit is £5,000. A
    decision on £8,000 must be made by someone whose limit covers it: the Chief Executive (up to £25,000), ...".
    """
    amount = Decimal(amount)
    rows = limits_in_effect(on=on)
    roles = user_roles(user)
    limit = _best_of([row for row in rows if row.role in roles])
    if limit.covers(amount):
        if limit.no_limit:
            return True, "Your delegated authority has no upper limit."
        return True, f"Your delegated limit of {limit.in_words()} covers {pounds(amount)}."
    body = commissioning_body()
    who = [
        f"{role_title(row.role, body)} ("
        + ("no limit" if row.max_amount is None else f"up to {pounds(row.max_amount)}")
        + ")"
        for row in rows
        if row.role not in roles and (row.max_amount is None or amount <= row.max_amount)
    ]
    opening = (
        f"Your delegated limit is {limit.in_words()}."
        if limit.has_authority
        else "You have no delegated authority to make funding decisions."
    )
    if not who:
        return False, f"{opening} No one's delegated limit covers a decision on {pounds(amount)}."
    return (
        False,
        f"{opening} A decision on {pounds(amount)} must be made by someone whose limit covers it: "
        f"{_joined_or(who)}.",
    )
