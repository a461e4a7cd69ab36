"""Reads for the annual report: the money of a financial year by funding source, fund, priority and mechanism,
the number of applications, awards and agreements, monitoring ratings and outcomes reported.

The money by fund comes from `finance.selectors.budget_positions`, the one budget position service, so the report
can never say something different from the fund pages. The splits by priority and by mechanism are the same
commitments and payments (those against the year's allocations) grouped by the agreement they fund.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from commissioning.agreements.models import Agreement, Mechanism
from commissioning.core.charts import Chart, Series
from commissioning.finance import years
from commissioning.finance.models import (
    STILL_COMMITTED,
    Allocation,
    Commitment,
    FinancialYear,
    Fund,
    FundingSource,
    Payment,
)
from commissioning.finance.selectors import NO_MONEY, PENNY, BudgetPosition, budget_positions
from commissioning.grants.models import Application, Decision
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    Rating,
    ReturnStatus,
)
from commissioning.monitoring.selectors.returns import latest_rated
from commissioning.plans.models import Plan, Priority

# Returns whose figures count as reported: sent in by the provider (reviewed or waiting for review).
REPORTED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED)
RATING_ORDER = (Rating.GREEN, Rating.AMBER, Rating.RED)


@dataclass(frozen=True)
class FundLine:
    fund: Fund
    position: BudgetPosition


@dataclass(frozen=True)
class SourceLine:
    """A funding source, its funds and their total."""

    source: FundingSource
    funds: list[FundLine]

    @property
    def position(self) -> BudgetPosition:
        return sum((line.position for line in self.funds), NO_MONEY)


@dataclass(frozen=True)
class SplitLine:
    """Money committed and paid from the year's allocations for one priority or mechanism, and how many
    agreements it funds."""

    label: str
    committed: Decimal
    paid: Decimal
    agreements: int

    @property
    def category(self) -> str:
        """The label with the number of agreements, as the charts and tables show it."""
        if self.label == NOT_THROUGH_AGREEMENT:
            return self.label
        return f"{self.label} ({self.agreements} agreement{'' if self.agreements == 1 else 's'})"


@dataclass(frozen=True)
class Counts:
    applications: int  # submitted in the year
    awards: int  # grant decisions to approve (in full or a different amount) made in the year
    awarded: Decimal  # the amount those decisions approved
    agreements: int  # agreements with money committed from the year's allocations


@dataclass(frozen=True)
class Ratings:
    """Of the agreements with a return reviewed for a period ending in the year, how many had each latest rating;
    and how many returns were reviewed."""

    by_rating: dict[str, int]
    reviewed_returns: int

    @property
    def agreements(self) -> int:
        return sum(self.by_rating.values())


@dataclass(frozen=True)
class Outcome:
    """An indicator's values reported for periods ending in the year, totalled across agreements, beside the
    targets of the same returns (each return has the indicator's target for its period)."""

    name: str
    unit: str
    actual: Decimal
    target: Decimal
    returns: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


@dataclass(frozen=True)
class AnnualReport:
    year: FinancialYear
    sources: list[SourceLine]
    by_priority: list[SplitLine]
    by_mechanism: list[SplitLine]
    counts: Counts
    ratings: Ratings
    outcomes: list[Outcome]
    agreements_with_several_priorities: int
    funds: list[FundLine] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "funds", [line for source in self.sources for line in source.funds])

    @property
    def total(self) -> BudgetPosition:
        return sum((source.position for source in self.sources), NO_MONEY)

    @property
    def has_data(self) -> bool:
        total = self.total
        return bool(
            total.allocated
            or total.committed
            or self.counts.applications
            or self.counts.awards
            or self.ratings.reviewed_returns
            or self.outcomes
        )

    # The charts of the page and the PDF, each drawn with the table of its figures.

    def _money_chart(self, title: str, label: str, lines: list[tuple[str, BudgetPosition]]) -> Chart:
        return Chart(
            title=title,
            categories=[name for name, _ in lines],
            series=[
                Series("Allocated", [position.allocated for _, position in lines]),
                Series("Committed", [position.committed for _, position in lines]),
                Series("Paid", [position.paid for _, position in lines]),
            ],
            money=True,
            category_label=label,
        )

    @property
    def fund_chart(self) -> Chart:
        return self._money_chart(
            f"Money by fund, {self.year.label}",
            "Fund",
            [(line.fund.name, line.position) for line in self.funds],
        )

    @property
    def source_chart(self) -> Chart:
        return self._money_chart(
            f"Money by funding source, {self.year.label}",
            "Funding source",
            [(line.source.name, line.position) for line in self.sources],
        )

    def _split_chart(self, title: str, label: str, lines: list[SplitLine]) -> Chart:
        return Chart(
            title=title,
            categories=[line.category for line in lines],
            series=[
                Series("Committed", [line.committed for line in lines]),
                Series("Paid", [line.paid for line in lines]),
            ],
            money=True,
            category_label=label,
        )

    @property
    def priority_chart(self) -> Chart:
        return self._split_chart(f"Money by priority, {self.year.label}", "Priority", self.by_priority)

    @property
    def mechanism_chart(self) -> Chart:
        return self._split_chart(f"Money by mechanism, {self.year.label}", "Mechanism", self.by_mechanism)

    @property
    def ratings_chart(self) -> Chart:
        ratings = self.ratings.by_rating
        return Chart(
            title=f"Latest monitoring rating of each agreement, {self.year.label}",
            categories=[Rating(rating).label for rating in RATING_ORDER],
            series=[Series("Agreements", [ratings.get(rating, 0) for rating in RATING_ORDER])]
            if self.ratings.agreements
            else [],
            category_label="Rating",
        )

    @property
    def outcomes_chart(self) -> Chart:
        return Chart(
            title=f"Outcomes reported against targets, {self.year.label}",
            categories=[outcome.label for outcome in self.outcomes],
            series=[
                Series("Reported", [outcome.actual for outcome in self.outcomes]),
                Series("Target", [outcome.target for outcome in self.outcomes]),
            ],
            category_label="Indicator",
        )

    @property
    def charts(self) -> list[Chart]:
        return [
            self.source_chart,
            self.fund_chart,
            self.priority_chart,
            self.mechanism_chart,
            self.ratings_chart,
            self.outcomes_chart,
        ]


def _money(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(PENNY)


def _year_bounds(year: FinancialYear) -> tuple[datetime, datetime]:
    """The year as aware datetimes [start, end), for filtering timestamps with an index."""
    start = timezone.make_aware(datetime.combine(year.starts_on, time.min))
    end = timezone.make_aware(datetime.combine(years.starts_on(year.start_year + 1), time.min))
    return start, end


def _sources(year: FinancialYear) -> list[SourceLine]:
    """Every funding source with its active funds and any fund with an allocation in the year, each with the
    budget position service's figures (no allocation: nothing allocated, committed or paid)."""
    positions = budget_positions(year)
    funds = (
        Fund.objects.filter(Q(is_active=True) | Q(pk__in=list(positions)))
        .select_related("funding_source")
        .order_by("funding_source__name", "name")
    )
    by_source: dict[int, list[FundLine]] = defaultdict(list)
    sources: dict[int, FundingSource] = {}
    for fund in funds:
        sources[fund.funding_source_id] = fund.funding_source
        by_source[fund.funding_source_id].append(FundLine(fund, positions.get(fund.pk, NO_MONEY)))
    return [SourceLine(source=sources[pk], funds=by_source[pk]) for pk in sources]


def _year_commitments(year: FinancialYear) -> QuerySet[Commitment]:
    return Commitment.objects.filter(allocation__financial_year__start_year=year.start_year).order_by()


def _year_payments(year: FinancialYear) -> QuerySet[Payment]:
    return Payment.objects.filter(
        commitment__allocation__financial_year__start_year=year.start_year
    ).order_by()


NOT_THROUGH_AGREEMENT = "Not through an agreement"
NO_PRIORITY = "No priority named"


def _by_mechanism(year: FinancialYear) -> list[SplitLine]:
    """Committed and paid by the mechanism of the agreement each commitment funds. Every commitment is counted
    once, so the lines add up to the funds' totals; money committed without an agreement has its own line."""
    key = "agreement_funding__agreement__mechanism"
    committed = {
        row[key]: row
        for row in _year_commitments(year)
        .values(key)
        .annotate(
            total=Sum(STILL_COMMITTED),
            agreements=Count("agreement_funding__agreement", distinct=True),
        )
    }
    paid = dict(
        _year_payments(year)
        .values("commitment__" + key)
        .annotate(total=Sum("amount"))
        .values_list("commitment__" + key, "total")
    )
    lines = [
        SplitLine(
            label=str(label),
            committed=_money(committed.get(value, {}).get("total")),
            paid=_money(paid.get(value)),
            agreements=committed.get(value, {}).get("agreements", 0),
        )
        for value, label in Mechanism.choices
    ]
    if None in committed or None in paid:
        lines.append(
            SplitLine(
                label=NOT_THROUGH_AGREEMENT,
                committed=_money(committed.get(None, {}).get("total")),
                paid=_money(paid.get(None)),
                agreements=0,
            )
        )
    return lines


def _by_priority(year: FinancialYear) -> tuple[list[SplitLine], int]:
    """Committed and paid by the priorities of the agreement each commitment funds. An agreement that serves
    several priorities is counted in full under each, so the lines can add up to more than the funds' totals.
    Also returns how many of the year's agreements serve more than one priority."""
    key = "agreement_funding__agreement__priorities"
    commitments = _year_commitments(year)
    payments = _year_payments(year)
    through = commitments.filter(agreement_funding__isnull=False)
    committed = {
        row[key]: row
        for row in through.values(key).annotate(
            total=Sum(STILL_COMMITTED),
            agreements=Count("agreement_funding__agreement", distinct=True),
        )
    }
    paid = dict(
        payments.filter(commitment__agreement_funding__isnull=False)
        .values("commitment__" + key)
        .annotate(total=Sum("amount"))
        .values_list("commitment__" + key, "total")
    )
    outside = commitments.filter(agreement_funding__isnull=True).aggregate(total=Sum(STILL_COMMITTED))[
        "total"
    ]
    outside_paid = payments.filter(commitment__agreement_funding__isnull=True).aggregate(total=Sum("amount"))[
        "total"
    ]
    priorities = Priority.objects.filter(
        Q(pk__in=[pk for pk in set(committed) | set(paid) if pk is not None])
        | Q(plan__in=Plan.objects.filter(is_current=True))
    ).order_by("plan__starts_on", "plan_id", "number")
    lines = [
        SplitLine(
            label=str(priority),
            committed=_money(committed.get(priority.pk, {}).get("total")),
            paid=_money(paid.get(priority.pk)),
            agreements=committed.get(priority.pk, {}).get("agreements", 0),
        )
        for priority in priorities
    ]
    if None in committed or None in paid:
        lines.append(
            SplitLine(
                label=NO_PRIORITY,
                committed=_money(committed.get(None, {}).get("total")),
                paid=_money(paid.get(None)),
                agreements=committed.get(None, {}).get("agreements", 0),
            )
        )
    if outside is not None or outside_paid is not None:
        lines.append(
            SplitLine(
                label=NOT_THROUGH_AGREEMENT,
                committed=_money(outside),
                paid=_money(outside_paid),
                agreements=0,
            )
        )
    several = (
        Agreement.objects.filter(pk__in=through.values("agreement_funding__agreement"))
        .annotate(priority_count=Count("priorities"))
        .filter(priority_count__gt=1)
        .count()
    )
    return lines, several


def _counts(year: FinancialYear) -> Counts:
    start, end = _year_bounds(year)
    applications = Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end).count()
    awards = Decision.objects.filter(
        decided_at__gte=start,
        decided_at__lt=end,
        outcome__in=[Decision.Outcome.APPROVE, Decision.Outcome.APPROVE_DIFFERENT],
    ).aggregate(count=Count("pk"), amount=Sum("amount"))
    agreements = (
        _year_commitments(year)
        .filter(agreement_funding__isnull=False)
        .aggregate(count=Count("agreement_funding__agreement", distinct=True))["count"]
    )
    return Counts(
        applications=applications,
        awards=awards["count"],
        awarded=_money(awards["amount"]),
        agreements=agreements,
    )


def _year_returns(year: FinancialYear) -> QuerySet[MonitoringReturn]:
    return MonitoringReturn.objects.filter(period_end__gte=year.starts_on, period_end__lte=year.ends_on)


def _ratings(year: FinancialYear) -> Ratings:
    reviewed = latest_rated(_year_returns(year))
    latest = reviewed.filter(plan=OuterRef("pk")).values("rating")[:1]
    by_rating = dict(
        MonitoringPlan.objects.filter(pk__in=reviewed.values("plan"))
        .annotate(latest=Subquery(latest))
        .order_by()
        .values("latest")
        .annotate(count=Count("pk"))
        .values_list("latest", "count")
    )
    return Ratings(by_rating=by_rating, reviewed_returns=reviewed.count())


def _outcomes(year: FinancialYear) -> list[Outcome]:
    rows = (
        IndicatorValue.objects.filter(
            monitoring_return__in=_year_returns(year).filter(status__in=REPORTED_STATUSES).values("pk")
        )
        .order_by()
        .values("indicator__name", "indicator__unit")
        .annotate(
            actual=Sum("value"),
            target=Sum("indicator__target"),
            returns=Count("monitoring_return", distinct=True),
        )
        .order_by("indicator__name", "indicator__unit")
    )
    return [
        Outcome(
            name=row["indicator__name"],
            unit=row["indicator__unit"],
            actual=Decimal(row["actual"] or 0),
            target=Decimal(row["target"] or 0),
            returns=row["returns"],
        )
        for row in rows
    ]


def annual_report(year: FinancialYear) -> AnnualReport:
    """Everything the annual report for `year` shows, in a fixed number of queries whatever the data."""
    by_priority, several = _by_priority(year)
    return AnnualReport(
        year=year,
        sources=_sources(year),
        by_priority=by_priority,
        by_mechanism=_by_mechanism(year),
        counts=_counts(year),
        ratings=_ratings(year),
        outcomes=_outcomes(year),
        agreements_with_several_priorities=several,
    )


@dataclass(frozen=True)
class ReportYear:
    year: FinancialYear
    allocated: Decimal


def report_years() -> list[ReportYear]:
    """The years with allocations, newest first, with the amount allocated; the current year is always there."""
    totals = dict(
        Allocation.objects.order_by()
        .values("financial_year__start_year")
        .annotate(total=Sum("amount"))
        .values_list("financial_year__start_year", "total")
    )
    current = years.start_year_of(timezone.localdate())
    return [
        ReportYear(year=FinancialYear(start_year=start_year), allocated=_money(totals.get(start_year)))
        for start_year in sorted(set(totals) | {current}, reverse=True)
    ]


def default_start_year() -> int:
    """The last complete financial year if it has allocations (the one an annual report is usually about),
    otherwise the current year."""
    current = years.start_year_of(timezone.localdate())
    if Allocation.objects.filter(financial_year__start_year=current - 1).exists():
        return current - 1
    return current


def report_year(start_year: int) -> FinancialYear:
    """The year's row if it exists; an unsaved one otherwise (a year is a calendar fact, so reading a report for
    a year nobody has used yet writes nothing)."""
    return FinancialYear.objects.filter(start_year=start_year).first() or FinancialYear(start_year=start_year)
