"""Reads for the public site: what is published, in one place.

The rules of publication live here and nowhere else:
- a grant is published once its agreement was accepted and money is or was paid under it: active, ended or ended
  early (`PUBLISHED_STATUSES`). Offers not yet answered, declined or withdrawn offers and drafts are never
  published;
- the register of commissioned services holds agreements of every mechanism in those same statuses;
- the contracts register holds contracts whose value is over £10,000 (`CONTRACT_PUBLICATION_THRESHOLD`).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from commissioning.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Mechanism,
    Variation,
)
from commissioning.agreements.selectors import agreement_search, agreement_status_changes
from commissioning.audit.models import StatusChange
from commissioning.core.caching import CachedValue
from commissioning.core.formats import govuk_date
from commissioning.core.links import reference_address
from commissioning.core.money import format_money
from commissioning.core.selectors import commissioning_body
from commissioning.finance.models import Fund, FundRules
from commissioning.finance.rules import rules_in_plain_words
from commissioning.grants.models import Scheme
from commissioning.organisations.models import publisher_org_id
from commissioning.organisations.selectors import preferred_org_id
from commissioning.plans.models import Plan, Priority

from .models import MonthlyPublication, PublishedGrant

PUBLISHED_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.ENDED, AgreementStatus.TERMINATED)
CONTRACT_PUBLICATION_THRESHOLD = Decimal("10000.00")
REGISTER_ORDER = ("-starts_on", "-pk")


def published_grants() -> QuerySet[Agreement]:
    """Every grant the body publishes (the one rule: see the module's docstring)."""
    return Agreement.objects.filter(mechanism=Mechanism.GRANT, status__in=PUBLISHED_STATUSES)


def commissioned_services() -> QuerySet[Agreement]:
    """The register of commissioned services: agreements of every mechanism that run or have run."""
    return Agreement.objects.filter(status__in=PUBLISHED_STATUSES)


def published_contracts() -> QuerySet[Agreement]:
    return commissioned_services().filter(
        mechanism=Mechanism.CONTRACT, value__gt=CONTRACT_PUBLICATION_THRESHOLD
    )


def award_date() -> Coalesce:
    """When the grant was awarded: the day of the decision that approved it, or (for grants made without an
    application, such as the yearly grant to the Chief Constable) the day it was agreed, else its start."""
    return Coalesce(TruncDate("grant_decision__decided_at"), F("acceptance__answered_on"), F("starts_on"))


def recipient_identifier() -> Subquery:
    """The lead organisation's identifier in org-id form, as one column of the agreements' query."""
    return preferred_org_id(OuterRef("organisation_id"))


def last_changed() -> Subquery:
    """When the agreement last moved, from its status history (audit.StatusChange)."""
    return Subquery(
        agreement_status_changes()
        .filter(record_id=OuterRef("pk"))
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )


# Registers ------------------------------------------------------------------------------------------------------


def register_search(
    agreements: QuerySet[Agreement],
    *,
    query: str = "",
    mechanism: str = "",
    fund: Fund | None = None,
    priority: Priority | None = None,
    status: str = "",
) -> "QuerySet[Agreement, int]":
    """The ids of a public register's agreements, filtered and newest first: what the page counts and pages."""
    agreements = agreement_search(agreements, mechanism=mechanism, fund=fund, query=query)
    if priority is not None:
        agreements = agreements.filter(priorities=priority)
    if status == AgreementStatus.ACTIVE:
        agreements = agreements.filter(status=AgreementStatus.ACTIVE)
    elif status == AgreementStatus.ENDED:
        agreements = agreements.filter(status__in=(AgreementStatus.ENDED, AgreementStatus.TERMINATED))
    return agreements.select_related(None).order_by(*REGISTER_ORDER).values_list("pk", flat=True)


@dataclass(frozen=True)
class RegisterRow:
    """One agreement as a register shows it: its text made ready once in Python, so the template prints fields
    instead of following relations, formatting and reversing an address in every row."""

    reference: str
    title: str
    url: str
    mechanism: str
    status: str
    provider: str
    fund: str
    priorities: str
    starts_on: str
    ends_on: str
    awarded_on: str
    value: str


MECHANISM_LABELS = dict(Mechanism.choices)
STATUS_LABELS = dict(AgreementStatus.choices)


def register_rows(
    keys: Any, *, url_name: str, with_priorities: bool = False, with_award_date: bool = False
) -> list[RegisterRow]:
    """One page of a register from the page's ids (a sliced query, read as a subquery): each agreement's own
    columns with its provider's and fund's names in one query, and, for a register that shows them, its plan
    priorities in a second. The award date (a join to the grant decision) is read only where it is shown."""
    agreements = Agreement.objects.filter(pk__in=keys).order_by(*REGISTER_ORDER)
    if with_award_date:
        agreements = agreements.annotate(awarded_on=award_date())
    found = list(
        agreements.values_list(
            "pk",
            "reference",
            "title",
            "mechanism",
            "status",
            "value",
            "starts_on",
            "ends_on",
            "organisation__name",
            "fund__name",
            *(("awarded_on",) if with_award_date else ()),
        )
    )
    titles = _priority_titles([row[0] for row in found]) if with_priorities and found else {}
    address = reference_address(url_name)
    return [
        RegisterRow(
            reference=reference,
            title=title,
            url=address(reference),
            mechanism=MECHANISM_LABELS.get(mechanism, mechanism),
            status=STATUS_LABELS.get(status, status),
            provider=provider,
            fund=fund or "None",
            priorities="; ".join(titles.get(pk, ())) or "None recorded",
            starts_on=govuk_date(starts_on),
            ends_on=govuk_date(ends_on),
            awarded_on=govuk_date(awarded[0]) if awarded and awarded[0] else "",
            value=format_money(value),
        )
        for pk, reference, title, mechanism, status, value, starts_on, ends_on, provider, fund, *awarded in found
    ]


def _priority_titles(pks: list[int]) -> dict[int, list[str]]:
    """The titles of each agreement's plan priorities, by priority number."""
    titles: dict[int, list[str]] = {}
    links = (
        Agreement.priorities.through.objects.filter(agreement_id__in=pks)
        .order_by("priority__number", "priority_id")
        .values_list("agreement_id", "priority__title")
    )
    for pk, title in links:
        titles.setdefault(pk, []).append(title)
    return titles


# Read on every visit to a register, in one read of the shared cache: kept until a fund, plan or priority changes.
REGISTER_FILTERS: CachedValue[tuple[list[Fund], list[Priority]]] = CachedValue(
    "publication:register-filters", sources=[Fund, Priority, Plan]
)


def register_filters() -> tuple[list[Fund], list[Priority]]:
    """The funds and priorities a register can be filtered by."""
    return REGISTER_FILTERS.get(
        lambda: (
            list(Fund.objects.filter(is_active=True).order_by("name")),
            list(Priority.objects.select_related("plan").order_by("plan_id", "number")),
        )
    )


@dataclass
class PublicAgreement:
    agreement: Agreement
    parties: list[AgreementParty]
    priorities: list[Priority]
    scheme_name: str | None
    awarded_on: date
    recipient_id: str
    published_month: date | None
    published_at: datetime | None
    is_grant: bool
    is_published_contract: bool


# What a published agreement's page shows of it, its provider and its fund.
PUBLIC_AGREEMENT_COLUMNS = (
    "pk",
    "reference",
    "mechanism",
    "title",
    "purpose",
    "conditions",
    "status",
    "value",
    "starts_on",
    "ends_on",
    "organisation__name",
    "fund__name",
)


def _first_published(field: str) -> Subquery:
    """A field of the monthly publication that first published the agreement (None until one has)."""
    return Subquery(
        PublishedGrant.objects.filter(agreement=OuterRef("pk")).order_by().values(f"publication__{field}")[:1]
    )


def public_agreement(
    agreements: QuerySet[Agreement], reference: str, *, with_parties: bool = False
) -> PublicAgreement | None:
    """A published agreement by its reference, with what its public page shows; None if it is not published.

    One query reads the agreement with its provider's and fund's names and, as columns, its award date, its
    recipient's identifier, its scheme's name and its monthly publication; a second its priorities; a third its
    parties, only when asked (`with_parties`)."""
    found = list(
        agreements.filter(reference=reference.strip().upper())
        .select_related("organisation", "fund")
        .only(*PUBLIC_AGREEMENT_COLUMNS)
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.order_by("number")))
        .annotate(
            awarded_on=award_date(),
            recipient_id=recipient_identifier(),
            scheme_name=F("grant_decision__application__scheme__name"),
            published_month=_first_published("month"),
            published_at=_first_published("published_at"),
        )
        .order_by()[:1]  # the reference is unique
    )
    if not found:
        return None
    agreement: Any = found[0]
    parties = (
        list(
            AgreementParty.objects.filter(agreement=agreement)
            .select_related("organisation")
            .only("role", "organisation__name")
            .order_by("pk")  # the model's order (agreement, then pk), without joining the one agreement
        )
        if with_parties
        else []
    )
    return PublicAgreement(
        agreement=agreement,
        parties=parties,
        priorities=list(agreement.priorities.all()),
        scheme_name=agreement.scheme_name,
        awarded_on=agreement.awarded_on,
        recipient_id=agreement.recipient_id
        or publisher_org_id(agreement.organisation_id, commissioning_body().grant_identifier_prefix),
        published_month=agreement.published_month,
        published_at=agreement.published_at,
        is_grant=agreement.mechanism == Mechanism.GRANT,
        is_published_contract=agreement.mechanism == Mechanism.CONTRACT
        and agreement.value > CONTRACT_PUBLICATION_THRESHOLD,
    )


# The body and its funds -----------------------------------------------------------------------------------------


def funds_for_public(*, on: date | None = None) -> list[Fund]:
    """Active funds with their rules in effect in plain words (`rule_sentences`) and whether a scheme is open."""
    on = on or timezone.localdate()
    now = timezone.now()
    open_schemes = Scheme.objects.filter(
        fund=OuterRef("pk"), is_published=True, opens_at__lte=now, closes_at__gt=now
    )
    funds: list[Fund] = list(
        Fund.objects.filter(is_active=True)
        .select_related("funding_source")
        .prefetch_related(
            Prefetch(
                "rules",
                queryset=FundRules.objects.started_by(on)
                .select_related("administering_organisation")
                .newest_first(),
                to_attr="rules_in_effect",
            )
        )
        .annotate(has_open_scheme=Exists(open_schemes))
        .order_by("name")
    )
    for fund in funds:
        rules = fund.rules_in_effect  # type: ignore[attr-defined]
        fund.rule_sentences = rules_in_plain_words(rules[0]) if rules else []  # type: ignore[attr-defined]
    return funds


# Open data ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenDataSummary:
    grants: int
    last_modified: Any


# Read on every visit to the open data page: kept in the shared cache until an agreement, its status or a
# variation changes.
OPEN_DATA_SUMMARY: CachedValue["OpenDataSummary"] = CachedValue(
    "publication:open-data-summary", sources=[Agreement, StatusChange, Variation]
)


def open_data_summary() -> OpenDataSummary:
    """How many grants the open data holds and when one of them last changed."""
    return OPEN_DATA_SUMMARY.get(_open_data_summary)


def _open_data_summary() -> OpenDataSummary:
    """Three queries; the count is
    answered from the (mechanism, status, starts_on) index alone).

    The last change is read newest row first (by id, which grows with time), stopping at the first that belongs
    to a published grant, so the page never reads the whole history."""
    grants = published_grants().count()
    changed = (
        agreement_status_changes()
        .filter(Exists(published_grants().filter(pk=OuterRef("record_id"))))
        .order_by("-pk")
        .values_list("changed_at", flat=True)
        .first()
    )
    varied = (
        Variation.objects.filter(
            agreement__mechanism=Mechanism.GRANT, agreement__status__in=PUBLISHED_STATUSES
        )
        .order_by("-pk")
        .values_list("made_on", flat=True)
        .first()
    )
    last: Any = changed
    if varied is not None and (last is None or varied > timezone.localdate(last)):
        last = varied
    return OpenDataSummary(grants, last)


# The monthly publication ----------------------------------------------------------------------------------------


def monthly_publications() -> QuerySet[MonthlyPublication]:
    return MonthlyPublication.objects.order_by("-month")


def monthly_publication(month: date) -> MonthlyPublication | None:
    return MonthlyPublication.objects.filter(month=month).first()


def publication_grants(publication: MonthlyPublication) -> QuerySet[Agreement]:
    """The grants a monthly publication contained, by award date, with their recipient."""
    return (
        Agreement.objects.filter(monthly_publication__publication=publication)
        .select_related("organisation")
        .annotate(awarded_on=award_date())
        .order_by("awarded_on", "pk")
    )


def grants_due_for_publication(month_end: date) -> QuerySet[Agreement]:
    """Published grants awarded on or before `month_end` that no monthly publication has contained yet."""
    return (
        published_grants()
        .annotate(awarded_on=award_date())
        .filter(awarded_on__lte=month_end)
        .filter(~Q(Exists(PublishedGrant.objects.filter(agreement=OuterRef("pk")))))
    )
