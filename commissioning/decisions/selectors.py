"""Reads for decision records. Staff reads see everything; public reads go through `PublicDecision`, which is built
from published records only and never holds the exempt part (nor, for an exempt decision, anything but its
reference, dates and exemption)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from commissioning.accounts.permissions import may
from commissioning.audit.models import AuditEvent
from commissioning.audit.selectors import history_for
from commissioning.audit.workflow import history as moves_of
from commissioning.core.work import WorkCount
from commissioning.finance import years
from commissioning.governance.selectors import delegated_limit

from .models import DRAFT_FIELDS, Confidentiality, DecisionRecord, DecisionStatus, Exemption

# What a person types when they look for a reference: 2026/014, 2026-014, 2026/0.
REFERENCE_LIKE = re.compile(r"^(\d{4})[/-](\d{0,6})$")
LIST_ORDER = ("-year", "-number")
PUBLIC_ORDER = ("-published_at", "-pk")
# The columns a public read may load: never `exempt_part`.
PUBLIC_COLUMNS = (
    "pk",
    "reference",
    "year",
    "number",
    *(name for name in DRAFT_FIELDS if name != "exempt_part"),
    "status",
    "decided_on",
    "published_at",
    "decision_maker__full_name",
)
# Text a public search may look in; an exempt decision is found by its reference only.
PUBLIC_TEXT = ("title", "summary", "background", "options_considered", "financial_implications", "decision")
# Records a decision can be about: source type -> staff page of that record.
SOURCE_PAGES = {
    "grants.application": "grants-staff:application",
    "agreements.agreement": "agreements:detail",
    "cycle.commissioningintentions": "intentions:detail",
    "decommissioning.decommissioning": "decommissioning:detail",
}


def _reference_filter(query: str) -> Q | None:
    match = REFERENCE_LIKE.match(query)
    if not match:
        return None
    year, number = match.groups()
    if not number:
        return Q(year=int(year))
    return (
        Q(year=int(year), number=int(number))
        if len(number) >= 3
        else Q(reference__startswith=query[:4] + "/" + number)
    )


# -- staff ---------------------------------------------------------------------------------------------------


def decision_search(
    *, status: str = "", year: int | None = None, confidentiality: str = "", query: str = ""
) -> QuerySet[DecisionRecord]:
    """Decision records for the staff list, newest first (an indexed order)."""
    records = DecisionRecord.objects.all()
    if status:
        records = records.filter(status=status)
    if year is not None:
        records = records.filter(year=year)
    if confidentiality:
        records = records.filter(confidentiality=confidentiality)
    query = query.strip()
    by_reference = _reference_filter(query)
    if by_reference is not None:
        records = records.filter(by_reference)
    elif query:
        records = records.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return records.order_by(*LIST_ORDER)


def decision_list_keys(records: QuerySet[DecisionRecord]) -> "QuerySet[DecisionRecord, int]":
    """The ids in the list's order: what the staff list pages and counts."""
    return records.order_by(*LIST_ORDER).values_list("pk", flat=True)


def decision_list_rows(keys: Any) -> list[DecisionRecord]:
    """One page of records with the columns the staff list shows, in one query."""
    return list(
        DecisionRecord.objects.filter(pk__in=list(keys))
        .select_related("decision_maker")
        .only(
            "pk",
            "reference",
            "year",
            "number",
            "title",
            "amount",
            "confidentiality",
            "status",
            "decided_on",
            "decision_maker__full_name",
        )
        .order_by(*LIST_ORDER)
    )


def decision_with_people(pk: int) -> DecisionRecord | None:
    """A record for its staff page, with who decided and who drafted it; None if there is none."""
    return DecisionRecord.objects.select_related("decision_maker", "created_by").filter(pk=pk).first()


def decision_years() -> list[int]:
    """The financial years that have decision records, newest first."""
    return list(DecisionRecord.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str


@dataclass
class DecisionDetail:
    record: DecisionRecord
    source: SourceLink | None
    history: list[AuditEvent] = field(default_factory=list)
    # Why it was returned without a decision (the move's reason), for a returned record.
    returned_because: str = ""


def decision_source(record: DecisionRecord) -> SourceLink | None:
    """The record the decision is about, named and linked, when it is one the service knows."""
    if not record.source_type or record.source_type not in SOURCE_PAGES:
        return None
    model = apps.get_model(record.source_type)
    source = model._default_manager.filter(pk=record.source_id).first()
    if source is None:
        return None
    noun = str(model._meta.verbose_name).capitalize()
    try:
        url = reverse(SOURCE_PAGES[record.source_type], args=[source.pk])
    except NoReverseMatch:
        url = ""
    return SourceLink(label=f"{noun} {getattr(source, 'reference', source.pk)}", url=url)


def decision_detail(record: DecisionRecord, *, history: int = 20) -> DecisionDetail:
    returned = ""
    if record.status == DecisionStatus.RETURNED:
        move = moves_of(record).filter(to_status=DecisionStatus.RETURNED).last()
        returned = move.reason if move is not None else ""
    return DecisionDetail(
        record=record,
        source=decision_source(record),
        history=list(history_for(record)[:history]),
        returned_because=returned,
    )


# -- public --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicDecision:
    """What the public may read of a published decision record. Built only by `_public`, which never reads the
    exempt part; an exempt decision keeps only its reference, dates and the exemption."""

    reference: str
    slug: str
    year_label: str
    confidentiality: str
    exemption: str
    title: str
    published_at: datetime
    decided_on: date | None
    summary: str = ""
    background: str = ""
    options_considered: str = ""
    financial_implications: str = ""
    amount: Decimal | None = None
    decision: str = ""
    declarations_of_interest: str = ""
    decision_maker: str = ""

    @property
    def is_exempt(self) -> bool:
        return self.confidentiality == Confidentiality.EXEMPT

    @property
    def is_part_exempt(self) -> bool:
        return self.confidentiality == Confidentiality.PART_EXEMPT

    @property
    def exemption_label(self) -> str:
        return Exemption(self.exemption).label if self.exemption in Exemption.values else ""


def _public(record: DecisionRecord) -> PublicDecision:
    assert record.published_at is not None
    common: dict[str, Any] = {
        "reference": record.reference,
        "slug": record.slug,
        "year_label": years.label_of(record.year),
        "confidentiality": record.confidentiality,
        "exemption": record.exemption if record.confidentiality != Confidentiality.PUBLIC else "",
        "published_at": record.published_at,
        "decided_on": record.decided_on,
    }
    if record.confidentiality == Confidentiality.EXEMPT:
        return PublicDecision(title=f"Exempt decision {record.reference}", **common)
    return PublicDecision(
        title=record.title,
        summary=record.summary,
        background=record.background,
        options_considered=record.options_considered,
        financial_implications=record.financial_implications,
        amount=record.amount,
        decision=record.decision,
        declarations_of_interest=record.declarations_of_interest,
        decision_maker=record.decision_maker.full_name if record.decision_maker else "",
        **common,
    )


def _published() -> QuerySet[DecisionRecord]:
    return (
        DecisionRecord.objects.filter(status=DecisionStatus.PUBLISHED)
        .select_related("decision_maker")
        .only(*PUBLIC_COLUMNS)
    )


def public_decision_search(
    *, year: int | None = None, query: str = "", source_type: str = ""
) -> QuerySet[DecisionRecord]:
    """Published records for the public list, newest published first. A text search looks in the public parts
    only: never the exempt part, and nothing of an exempt decision but its reference. `source_type` keeps the
    decisions about one kind of record (decommissioning decisions: "decommissioning.decommissioning")."""
    records = DecisionRecord.objects.filter(status=DecisionStatus.PUBLISHED)
    if source_type:
        records = records.filter(source_type=source_type)
    if year is not None:
        records = records.filter(year=year)
    query = query.strip()
    by_reference = _reference_filter(query)
    if by_reference is not None:
        records = records.filter(by_reference)
    elif query:
        text = Q()
        for name in PUBLIC_TEXT:
            text |= Q(**{f"{name}__icontains": query})
        records = records.exclude(confidentiality=Confidentiality.EXEMPT).filter(text)
    return records.order_by(*PUBLIC_ORDER)


def public_decision_keys(records: QuerySet[DecisionRecord]) -> "QuerySet[DecisionRecord, int]":
    return records.order_by(*PUBLIC_ORDER).values_list("pk", flat=True)


def public_decision_rows(keys: Any) -> list[PublicDecision]:
    """One page of the public list, public parts only, in one query (the page's ids are read as its subquery)."""
    return [_public(record) for record in _published().filter(pk__in=keys).order_by(*PUBLIC_ORDER)]


def public_decision(*, year: int, number: int) -> PublicDecision | None:
    """A published decision by its address (2026-014), or None when there is no published one."""
    record = _published().filter(year=year, number=number).first()
    return _public(record) if record is not None else None


def public_decision_years() -> list[int]:
    """The financial years with published decisions, newest first."""
    return list(
        DecisionRecord.objects.filter(status=DecisionStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def decisions_published_between(start: date, end: date) -> list[PublicDecision]:
    """Decisions published from `start` to `end`, both days included, public parts only, in the order they were
    published: the monthly publication list reads this."""
    records = _published().filter(published_at__date__gte=start, published_at__date__lte=end)
    return [_public(record) for record in records.order_by("published_at", "pk")]


def work_waiting(user: Any) -> list[WorkCount]:
    """Decision records waiting for this person (core/work.py): drafts their delegated limit covers, to approve;
    approved records, to publish. Open records are few, so they are counted in full."""
    limit = delegated_limit(user) if may(user, "decision.approve") else None
    may_publish = may(user, "decision.publish")
    listed = reverse("decisions:list")
    items: list[WorkCount] = []
    if limit is not None and limit.has_authority:
        drafts = DecisionRecord.objects.filter(status=DecisionStatus.DRAFT)
        if limit.max_amount is not None:
            drafts = drafts.filter(Q(amount__isnull=True) | Q(amount__lte=limit.max_amount))
        items.append(
            WorkCount(
                "Draft decisions your limit covers, to approve", drafts, f"{listed}?status=draft", cap=False
            )
        )
    if may_publish:
        approved = DecisionRecord.objects.filter(status=DecisionStatus.APPROVED)
        items.append(
            WorkCount("Approved decisions to publish", approved, f"{listed}?status=approved", cap=False)
        )
    return items
