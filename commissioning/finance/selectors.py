"""Reads for money. The budget position is computed here and nowhere else."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.accounts.permissions import may
from commissioning.audit.models import AuditEvent
from commissioning.audit.selectors import RECENT_CHANGES
from commissioning.core.caching import CachedList
from commissioning.core.effective import EffectiveQuerySet, rule_on
from commissioning.organisations.models import Organisation
from commissioning.organisations.selectors import organisation_of

from . import years
from .models import (
    STILL_COMMITTED,
    Allocation,
    Commitment,
    FinancialYear,
    Fund,
    FundPurpose,
    FundRules,
    Payment,
    RulesPurpose,
)

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
_MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class BudgetPosition:
    allocated: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def available(self) -> Decimal:
        """What can still be committed."""
        return self.allocated - self.committed

    @property
    def unpaid(self) -> Decimal:
        """Committed but not yet paid."""
        return self.committed - self.paid

    def __add__(self, other: "BudgetPosition") -> "BudgetPosition":
        return BudgetPosition(
            allocated=self.allocated + other.allocated,
            committed=self.committed + other.committed,
            paid=self.paid + other.paid,
        )


NO_MONEY = BudgetPosition(allocated=ZERO, committed=ZERO, paid=ZERO)


def position_of(allocation: Allocation) -> BudgetPosition:
    """The budget position of an allocation: read from its row, which the services keep exact."""
    return BudgetPosition(
        allocated=allocation.amount,
        committed=Decimal(allocation.committed_total).quantize(PENNY),
        paid=Decimal(allocation.paid_total).quantize(PENNY),
    )


def allocation_position(allocation: Allocation) -> BudgetPosition:
    """The position of one allocation, read now (inside its row lock, this sees every committed change)."""
    return position_of(Allocation.objects.get(pk=allocation.pk))


def counted_totals(allocations: QuerySet[Allocation] | None = None) -> dict[int, BudgetPosition]:
    """The position of each allocation counted again from its commitments and payments, keyed by allocation id:
    what `committed_total` and `paid_total` must equal. Reads every row, so it is for checks, not for pages."""
    allocations = Allocation.objects.all() if allocations is None else allocations
    commitments = Commitment.objects.filter(allocation__in=allocations.values("pk")).order_by()
    committed = dict(
        commitments.values("allocation_id")
        .annotate(total=Sum(STILL_COMMITTED))
        .values_list("allocation_id", "total")
    )
    paid = dict(
        Payment.objects.filter(commitment__in=commitments.values("pk"))
        .order_by()
        .values("commitment__allocation_id")
        .annotate(total=Sum("amount"))
        .values_list("commitment__allocation_id", "total")
    )
    return {
        pk: BudgetPosition(
            allocated=amount,
            committed=Decimal(committed.get(pk) or 0).quantize(PENNY),
            paid=Decimal(paid.get(pk) or 0).quantize(PENNY),
        )
        for pk, amount in allocations.values_list("pk", "amount")
    }


def budget_positions(year: FinancialYear, funds: Iterable[Fund] | None = None) -> dict[int, BudgetPosition]:
    """The position of each fund in `year`, keyed by fund id, in one query whatever the number of funds.

    Funds with no allocation that year are left out; read them with `.get(fund.pk, NO_MONEY)`.
    """
    allocations = Allocation.objects.filter(financial_year__start_year=year.start_year)
    if funds is not None:
        allocations = allocations.filter(fund__in=[fund.pk for fund in funds])
    return {allocation.fund_id: position_of(allocation) for allocation in allocations}


def budget_position(fund: Fund, year: FinancialYear) -> BudgetPosition:
    return budget_positions(year, funds=[fund]).get(fund.pk, NO_MONEY)


def current_start_year() -> int:
    return years.start_year_of(timezone.localdate())


def financial_year_choices() -> list[FinancialYear]:
    """Years that have allocations, plus the current and next year, oldest first. Unsaved rows are fine to show."""
    start_years = set(
        FinancialYear.objects.filter(allocations__isnull=False).values_list("start_year", flat=True)
    )
    current = current_start_year()
    start_years |= {current, current + 1}
    return [FinancialYear(start_year=start_year) for start_year in sorted(start_years)]


def funds_visible_to(user: Any) -> QuerySet[Fund]:
    """Funds the person may see: all of them for those who read everything; for a partner administrator, only the
    funds whose rules in effect today name their organisation as administrator."""
    funds = Fund.objects.select_related("funding_source").order_by("name")
    if may(user, "records.read_all"):
        return funds
    # Anyone else the table lets see funds sees only those their organisation runs ("administers_fund").
    if may(user, "fund.view"):
        organisation = organisation_of(user)
        if organisation is not None:
            return funds.annotate(
                current_administrator_id=Subquery(
                    FundRules.objects.filter(fund=OuterRef("pk"))
                    .started_by(timezone.localdate())
                    .newest_first()
                    .values("administering_organisation_id")[:1]
                )
            ).filter(current_administrator_id=organisation.pk)
    return funds.none()


# Every fund's rules rows (a few a fund) with their purposes, read on every page that checks eligibility: kept in the
# shared cache until a row, its purposes, a fund or an organisation (the partner running a fund) changes.
ALL_RULES: CachedList[FundRules] = CachedList(
    "finance:rules", sources=[FundRules, RulesPurpose, FundPurpose, Fund, Organisation]
)


def ring_fence_prefetch() -> "Prefetch[str, QuerySet[RulesPurpose], str]":
    """The prefetch that reads a queryset of rules rows' ring-fences in one query (`FundRules.ring_fence`)."""
    return Prefetch("purpose_links", queryset=RulesPurpose.objects.select_related("purpose"))


_RING_FENCE = ring_fence_prefetch()


def _rules_rows() -> EffectiveQuerySet:
    return FundRules.objects.select_related("fund", "administering_organisation")


def with_ring_fences(rows: Iterable[FundRules]) -> None:
    """Read the ring-fence (`FundRules.ring_fence`) of every row given, in one query for them all."""
    prefetch_related_objects(list(rows), _RING_FENCE)


def rules_for(fund: Fund, *, on: date | None = None, fresh: bool = False) -> FundRules | None:
    """The fund's rules in effect on `on` (today by default): the latest row that has started. `fresh` reads the
    database rather than the shared cache, for a write that must judge by the rules as they are committed (its
    ring-fence is then read when it is asked for)."""
    on = on or timezone.localdate()
    rows = _rules_rows().newest_first()
    if fresh:
        return rows.filter(fund=fund).started_by(on).first()
    return rule_on((row for row in _all_rules() if row.fund_id == fund.pk), on=on)


def _all_rules() -> list[FundRules]:
    """Every fund's rules rows, newest first, with their ring-fences: kept in the shared cache until a rule, a
    purpose, a fund or an organisation changes."""
    return ALL_RULES.get(lambda: _rules_rows().newest_first().prefetch_related(_RING_FENCE))


@dataclass(frozen=True)
class RulesInTime:
    """A fund's rules rows: the one in effect, those still to come, and every row (for the fund's history)."""

    current: FundRules | None
    later: list[FundRules]
    every: list[FundRules]


def rules_in_time(fund: Fund, *, on: date | None = None) -> RulesInTime:
    """The fund's rules in effect on `on` (today by default) and those that start after it, in one query (their
    ring-fences in one more, with `with_ring_fences`)."""
    on = on or timezone.localdate()
    every = list(_rules_rows().filter(fund=fund).order_by("effective_from"))
    return RulesInTime(
        current=rule_on(every, on=on),
        later=[row for row in every if not row.in_effect_on(on)],
        every=every,
    )


ALL_PURPOSES: CachedList[FundPurpose] = CachedList("finance:purposes", sources=[FundPurpose])


def fund_purposes(fund: Fund) -> list[FundPurpose]:
    """The fund's purposes, by name (from the shared cache of every fund's purposes, a short list)."""
    every = ALL_PURPOSES.get(lambda: FundPurpose.objects.all())
    return sorted((p for p in every if p.fund_id == fund.pk), key=lambda purpose: purpose.name.lower())


def purposes_of_funds(funds: Iterable[Fund]) -> list[FundPurpose]:
    """The purposes of the funds given, by fund name then purpose, with their fund, in one query."""
    rows = FundPurpose.objects.filter(fund__in=[fund.pk for fund in funds]).select_related("fund")
    return sorted(rows, key=lambda purpose: (purpose.fund.name.lower(), purpose.name.lower()))


def fund_purpose(fund: Fund, pk: int | str | None) -> FundPurpose | None:
    """One purpose of the fund by id, or None (an id of another fund's purpose is not found)."""
    if pk in (None, ""):
        return None
    return FundPurpose.objects.filter(fund=fund, pk=pk).first()


def purpose_named(fund: Fund, name: str | None) -> FundPurpose | None:
    """The fund's purpose of this name (in any case), or None."""
    name = (name or "").strip()
    if not name:
        return None
    return FundPurpose.objects.filter(fund=fund, name__iexact=name).first()


def purposes_committed(*, source_type: str, source_id: str) -> list[FundPurpose]:
    """The purposes named by the commitments of one source (an agreement), oldest first, each once."""
    commitments = (
        Commitment.objects.filter(source_type=source_type, source_id=source_id, purpose__isnull=False)
        .select_related("purpose")
        .order_by("pk")
    )
    named: dict[int, FundPurpose] = {}
    for commitment in commitments:
        if commitment.purpose is not None:
            named.setdefault(commitment.purpose.pk, commitment.purpose)
    return list(named.values())


def allocation_of(fund: Fund, year: FinancialYear) -> Allocation | None:
    return (
        Allocation.objects.filter(fund=fund, financial_year__start_year=year.start_year)
        .select_related("fund", "financial_year")
        .first()
    )


@dataclass(frozen=True)
class YearPosition:
    """One row of a fund's page: a financial year, its allocation (if any) and the position."""

    year: FinancialYear
    allocation: Allocation | None
    position: BudgetPosition


def fund_years(fund: Fund) -> list[YearPosition]:
    """Each year the fund has an allocation, plus the current and next year so an allocation can be set, with
    the budget position of each, newest first, in one query."""
    allocations = Allocation.objects.filter(fund=fund).select_related("financial_year")
    by_year = {allocation.financial_year.start_year: allocation for allocation in allocations}
    current = current_start_year()
    rows = []
    for start_year in sorted(set(by_year) | {current, current + 1}, reverse=True):
        allocation = by_year.get(start_year)
        rows.append(
            YearPosition(
                year=allocation.financial_year if allocation else FinancialYear(start_year=start_year),
                allocation=allocation,
                position=position_of(allocation) if allocation else NO_MONEY,
            )
        )
    return rows


def fund_history(
    fund: Fund,
    *,
    allocations: Iterable[Allocation] | None = None,
    rules: Iterable[FundRules] | None = None,
    purposes: Iterable[FundPurpose] | None = None,
    limit: int = RECENT_CHANGES,
) -> QuerySet[AuditEvent]:
    """Changes to the fund, its rules, its purposes and its allocations, newest first. Pass the fund's
    allocations, rules and purposes rows when they are already loaded, to save reading them again.

    The ids are given as lists, not as subqueries: inside an OR, PostgreSQL would test a subquery against every
    audit event instead of using the (record_type, record_id) index."""
    if allocations is None:
        allocations = Allocation.objects.filter(fund=fund).only("pk")
    if rules is None:
        rules = FundRules.objects.filter(fund=fund).only("pk")
    if purposes is None:
        purposes = FundPurpose.objects.filter(fund=fund).only("pk")
    allocation_ids = [str(allocation.pk) for allocation in allocations]
    rules_ids = [str(row.pk) for row in rules]
    purpose_ids = [str(purpose.pk) for purpose in purposes]
    return (
        AuditEvent.objects.filter(
            Q(record_type="finance.fund", record_id=str(fund.pk))
            | Q(record_type="finance.allocation", record_id__in=allocation_ids)
            | Q(record_type="finance.fundrules", record_id__in=rules_ids)
            | Q(record_type="finance.fundpurpose", record_id__in=purpose_ids)
        )
        .select_related("actor")
        .order_by("-sequence")[:limit]
    )


def commitments_for(allocation: Allocation | None) -> QuerySet[Commitment]:
    """The commitments against an allocation (none for a year without one), with the amount paid on each, oldest
    first. The amount paid is a subquery per row, so a page of them costs a page's worth of work however many
    there are."""
    if allocation is None:
        return Commitment.objects.none()
    paid = (
        Payment.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Commitment.objects.filter(allocation=allocation)
        .select_related("created_by")
        .annotate(
            paid_total=Coalesce(
                Subquery(paid, output_field=_MONEY_FIELD), Value(ZERO), output_field=_MONEY_FIELD
            )
        )
        .order_by("committed_on", "pk")
    )


def paid_on_commitment(commitment: Commitment) -> Decimal:
    total = Payment.objects.filter(commitment=commitment).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=_MONEY_FIELD)
    )["total"]
    return Decimal(total).quantize(PENNY)
