"""Reads for organisations, with their related rows already joined."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.audit.models import AuditEvent
from commissioning.audit.selectors import RECENT_CHANGES
from commissioning.core.links import pk_address

from .identifiers import SCHEME_PRIORITY, SCHEMES_BY_CODE, format_org_id
from .models import (
    DueDiligenceItem,
    DueDiligenceStatus,
    Organisation,
    OrganisationIdentifier,
    OrganisationMembership,
)
from .sectors import Sector


def preferred_org_id(organisation: Any) -> Subquery:
    """`Organisation.preferred_identifier` in SQL, as a column of another query (`organisation` an OuterRef to the
    organisation's id): the preferred identifier, else the first by scheme priority, as "SCHEME-value"; None when
    it has none. Exports use it so that no query is made per row."""
    scheme_priority = Case(
        *(When(scheme=code, then=Value(rank)) for code, rank in SCHEME_PRIORITY.items()),
        default=Value(99),
        output_field=IntegerField(),
    )
    return Subquery(
        OrganisationIdentifier.objects.filter(organisation=organisation)
        .order_by("-is_preferred", scheme_priority, "pk")
        .annotate(scheme_and_value=Concat("scheme", Value("-"), "value"))
        .values("scheme_and_value")[:1]
    )


def membership_of(user: Any) -> OrganisationMembership | None:
    """The person's membership (with its organisation), read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = (
            OrganisationMembership.objects.select_related("organisation").filter(user=user).first()
        )
    membership: OrganisationMembership | None = user._membership_cache
    return membership


def organisation_of(user: Any) -> Organisation | None:
    """The one organisation a provider user or partner administrator acts for, or None."""
    membership = membership_of(user)
    return membership.organisation if membership is not None else None


def account_with_email(email: str) -> User | None:
    """The account with this email address (any case), or None: for adding a person to an organisation."""
    return User.objects.filter(email__iexact=email.strip()).first()


def _identifier_search_value(query: str) -> tuple[str | None, str]:
    """A query typed as an org-id (GB-CHC-1123456) searches that scheme; otherwise any scheme, ignoring spaces."""
    compact = "".join(query.split()).upper()
    for code in sorted(SCHEMES_BY_CODE, key=len, reverse=True):
        if compact.startswith(code + "-") and len(compact) > len(code) + 1:
            scheme = SCHEMES_BY_CODE[code]
            return code, scheme.normalise(compact[len(code) + 1 :])
    return None, compact


def organisation_search(*, query: str = "", sector: str = "") -> QuerySet[Organisation]:
    """The register filtered by name or identifier and by sector, with identifiers and member counts loaded."""
    return (
        _register(query=query, sector=sector)
        .annotate(member_count=Count("memberships"))
        .prefetch_related("identifiers")
        .order_by(*REGISTER_ORDER)
    )


REGISTER_ORDER = (Lower("name"), "pk")


def organisation_search_keys(*, query: str = "", sector: str = "") -> "QuerySet[Organisation, int]":
    """The ids of `organisation_search`'s organisations in its order: what the staff list pages and counts
    (no join and no grouping, so counting the register does not count its members too)."""
    return _register(query=query, sector=sector).order_by(*REGISTER_ORDER).values_list("pk", flat=True)


@dataclass(frozen=True)
class OrganisationListRow:
    """One row of the staff register with its text ready to show: built once in Python, so the template neither
    follows attribute chains nor reverses an address per row."""

    pk: int
    url: str
    name: str
    sector: str
    identifiers: list[str]
    member_count: int


def organisation_list_rows(keys: Any) -> list[OrganisationListRow]:
    """The organisations of one page of ids with the columns the list shows, their identifiers and how many
    people act for each (members counted for this page only): two queries, no model instances."""
    rows = list(
        Organisation.objects.filter(pk__in=keys)
        .annotate(member_count=Count("memberships"))
        .order_by(*REGISTER_ORDER)
        .values_list("pk", "name", "sector", "member_count")
    )
    identifiers: dict[int, list[str]] = {}
    if rows:
        found = (
            OrganisationIdentifier.objects.filter(organisation_id__in=[row[0] for row in rows])
            .order_by("scheme", "value")
            .values_list("organisation_id", "scheme", "value")
        )
        for organisation_id, scheme, value in found:
            identifiers.setdefault(organisation_id, []).append(format_org_id(scheme, value))
    address = pk_address("organisations:detail")
    sectors = dict(Sector.choices)
    return [
        OrganisationListRow(
            pk=pk,
            url=address(pk),
            name=name,
            sector=sectors.get(sector, sector),
            identifiers=identifiers.get(pk, []),
            member_count=member_count,
        )
        for pk, name, sector, member_count in rows
    ]


def _register(*, query: str = "", sector: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    query = query.strip()
    if query:
        code, value = _identifier_search_value(query)
        identifiers = OrganisationIdentifier.objects.filter(organisation=OuterRef("pk"))
        if code:
            identifiers = identifiers.filter(scheme=code, value=value)
            organisations = organisations.filter(Exists(identifiers))
        else:
            identifiers = identifiers.filter(value__icontains=value)
            organisations = organisations.filter(Q(name__icontains=query) | Q(Exists(identifiers)))
    if sector:
        organisations = organisations.filter(sector=sector)
    return organisations


def organisation_detail(pk: int) -> Organisation:
    """One organisation with its identifiers; raises Organisation.DoesNotExist."""
    return Organisation.objects.prefetch_related("identifiers").get(pk=pk)


def due_diligence_of(organisation: Organisation) -> QuerySet[DueDiligenceItem]:
    return DueDiligenceItem.objects.filter(organisation=organisation).select_related("checked_by")


def latest_due_diligence(organisation: Organisation) -> dict[str, DueDiligenceItem]:
    """The newest item of each kind (by the document's date), whatever its status."""
    latest: dict[str, DueDiligenceItem] = {}
    for item in due_diligence_of(organisation).order_by("kind", "-dated", "-pk"):
        latest.setdefault(item.kind, item)
    return latest


def current_due_diligence(
    organisation: Organisation, *, on: date | None = None
) -> dict[str, DueDiligenceItem]:
    """The newest unexpired item of each kind: what an application can reuse instead of a new upload."""
    today = on or timezone.localdate()
    current: dict[str, DueDiligenceItem] = {}
    items = due_diligence_of(organisation).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    for item in items.order_by("kind", "-dated", "-pk"):
        current.setdefault(item.kind, item)
    return current


def due_diligence_counts(items: list[DueDiligenceItem], *, on: date | None = None) -> dict[str, int]:
    counts = {status.value: 0 for status in DueDiligenceStatus}
    for item in items:
        counts[item.status(on)] += 1
    return counts


def members_of(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def organisation_history(organisation: Organisation, *, limit: int = RECENT_CHANGES) -> QuerySet[AuditEvent]:
    """Changes to the organisation (details, identifiers, members) and to its due-diligence items, newest first."""
    item_ids = (
        DueDiligenceItem.objects.filter(organisation=organisation)
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .values("pk_text")
    )
    return (
        AuditEvent.objects.filter(
            Q(record_type=Organisation._meta.label_lower, record_id=str(organisation.pk))
            | Q(record_type=DueDiligenceItem._meta.label_lower, record_id__in=item_ids)
        )
        .select_related("actor")
        .order_by("-sequence")[:limit]
    )


def organisation_page(organisation: Organisation) -> dict[str, Any]:
    """What both the staff and the provider page of an organisation show: identifiers, due diligence, members."""
    items = list(due_diligence_of(organisation))
    return {
        "organisation": organisation,
        "identifiers": list(organisation.identifiers.all()),
        "items": items,
        "item_counts": due_diligence_counts(items),
        "members": members_of(organisation),
    }
