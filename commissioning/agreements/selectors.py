"""Reads for agreements, with their related rows already loaded, so no page's queries grow with its rows."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.audit.models import AuditEvent, StatusChange
from commissioning.audit.selectors import RECENT_CHANGES, history_for
from commissioning.core.effective import rule_on
from commissioning.core.formats import short_date
from commissioning.core.links import pk_address
from commissioning.core.models import CommissioningBody
from commissioning.core.money import format_money
from commissioning.core.selectors import commissioning_body
from commissioning.finance.models import Fund, Payment
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority

from .models import (
    STATUS_TAG_CLASSES,
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementStatus,
    FundingLine,
    Instalment,
    Invoice,
    InvoicePayment,
    InvoiceStatus,
    Mechanism,
    PaymentPlan,
    PaymentPlanDefault,
    PaymentPlanKind,
    Variation,
)

# How the one status history (audit.StatusChange) names an agreement's rows.
AGREEMENT_RECORD_TYPE = Agreement._meta.label_lower

ZERO = Decimal("0.00")
# What a person types when they search by reference: GRANT-2026-0042, ppaf-2026, GRANT-20.
REFERENCE_LIKE = re.compile(r"^[A-Za-z]+-\d[\d-]*$")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def agreement_search(
    agreements: QuerySet[Agreement],
    *,
    mechanism: str = "",
    status: str = "",
    fund: Fund | None = None,
    query: str = "",
) -> QuerySet[Agreement]:
    """Agreements filtered for the staff list, newest first (an indexed order), lead organisation and fund
    joined in the same query."""
    if mechanism:
        agreements = agreements.filter(mechanism=mechanism)
    if status:
        agreements = agreements.filter(status=status)
    if fund is not None:
        agreements = agreements.filter(fund=fund)
    query = query.strip()
    if REFERENCE_LIKE.match(query):
        # References are stored in capitals: a prefix match uses the unique index on reference.
        agreements = agreements.filter(reference__startswith=query.upper())
    elif query:
        agreements = agreements.filter(title_or_organisation_matches(query))
    return agreements.select_related("organisation", "fund").order_by(*LIST_ORDER)


def title_or_organisation_matches(query: str) -> Q:
    """Agreements whose title or lead organisation's name holds `query`. The organisations are found first (a
    small table), so the big one is never joined for the search, and read as a list of ids, so that on PostgreSQL
    each side of the OR is answered from an index (the organisation's, and the title's trigram index: agreements
    migration 0004) instead of every agreement."""
    organisations = list(
        Organisation.objects.filter(name__icontains=query).order_by().values_list("pk", flat=True)
    )
    return Q(organisation__in=organisations) | Q(title__icontains=query)


LIST_ORDER = ("-starts_on", "-pk")


def agreement_list_keys(agreements: QuerySet[Agreement]) -> "QuerySet[Agreement, int]":
    """The ids of `agreement_search`'s agreements in the list's order: what the staff list pages and counts
    (an index walk that reads no other column and joins nothing)."""
    return agreements.select_related(None).order_by(*LIST_ORDER).values_list("pk", flat=True)


@dataclass(frozen=True)
class AgreementListRow:
    """One row of the staff agreement list with its text ready to show: built once in Python, so the template
    neither follows attribute chains nor formats or reverses anything per row."""

    pk: int
    url: str
    reference: str
    title: str
    organisation: str
    mechanism: str
    fund: str
    starts_on: str
    ends_on: str
    status: str
    status_tag_class: str
    value: str


def agreement_list_rows(keys: Any) -> list[AgreementListRow]:
    """The agreements of one page of ids, with only the columns the list shows and their organisation's and
    fund's names, in one query (no model instances)."""
    rows = (
        Agreement.objects.filter(pk__in=keys)
        .order_by(*LIST_ORDER)
        .values_list(
            "pk",
            "reference",
            "title",
            "organisation__name",
            "mechanism",
            "fund__name",
            "starts_on",
            "ends_on",
            "status",
            "value",
        )
    )
    address = pk_address("agreements:detail")
    mechanisms = dict(Mechanism.choices)
    statuses = dict(AgreementStatus.choices)
    return [
        AgreementListRow(
            pk=pk,
            url=address(pk),
            reference=reference,
            title=title,
            organisation=organisation,
            mechanism=mechanisms.get(mechanism, mechanism),
            fund=fund or "None",
            starts_on=short_date(starts_on),
            ends_on=short_date(ends_on),
            status=statuses.get(status, status),
            status_tag_class=STATUS_TAG_CLASSES.get(status, "govuk-tag--grey"),
            value=format_money(value),
        )
        for pk, reference, title, organisation, mechanism, fund, starts_on, ends_on, status, value in rows
    ]


def provider_agreements(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """An organisation's offers and agreements for its own list: the latest offers first (an offer's date is its
    Acceptance's)."""
    return agreements.select_related("fund", "acceptance").order_by(
        F("acceptance__offered_on").desc(nulls_last=True), "-starts_on", "-pk"
    )


def acceptance_of(agreement: Agreement) -> Acceptance | None:
    """How the agreement was offered and answered, if it has been (read with the agreement where its access
    function joined it)."""
    try:
        return agreement.acceptance
    except Acceptance.DoesNotExist:
        return None


@dataclass(frozen=True)
class YearMoney:
    """One funding line of an agreement's money: a fund's share in a financial year, what was committed,
    released and paid."""

    funding: FundingLine
    paid: Decimal

    @property
    def commitment(self):  # type: ignore[no-untyped-def]
        return self.funding.commitment

    @property
    def year_label(self) -> str:
        return self.funding.financial_year.label

    @property
    def fund_name(self) -> str:
        return self.funding.fund.name

    @property
    def committed(self) -> Decimal:
        return self.funding.commitment.committed_amount


def agreement_status_changes() -> QuerySet[StatusChange]:
    """Every agreement's moves (audit.StatusChange rows of agreements), for a subquery by `record_id`."""
    return StatusChange.objects.filter(record_type=AGREEMENT_RECORD_TYPE)


@dataclass(frozen=True)
class StatusChangeRow:
    """One move of the agreement, with its statuses in words."""

    change: StatusChange

    @property
    def changed_at(self) -> Any:
        return self.change.changed_at

    @property
    def changed_by(self) -> Any:
        return self.change.changed_by

    @property
    def reason(self) -> str:
        return self.change.reason

    @property
    def from_label(self) -> str:
        return STATUS_LABELS.get(self.change.from_status, self.change.from_status)

    @property
    def to_label(self) -> str:
        return STATUS_LABELS.get(self.change.to_status, self.change.to_status)


STATUS_LABELS: dict[str, str] = {value: str(label) for value, label in AgreementStatus.choices}


@dataclass
class AgreementDetail:
    agreement: Agreement
    parties: list[AgreementParty]
    priorities: list[Priority]
    money: list[YearMoney]
    instalments: list[Instalment]
    variations: list[Variation]
    status_changes: list[StatusChangeRow]
    history: list[AuditEvent] = field(default_factory=list)
    payment_plan: PaymentPlan | None = None
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def payments_started(self) -> bool:
        """Whether anything has been paid or invoiced (a plan not paid against invoices has no invoice standing:
        its plan could not have been changed while one did)."""
        return self.paid > 0 or any(invoice.status != InvoiceStatus.REJECTED for invoice in self.invoices)

    @property
    def funds(self) -> list[str]:
        """The names of the funds the agreement draws on, lead fund first."""
        return list(dict.fromkeys(row.fund_name for row in self.money))

    @property
    def multi_fund(self) -> bool:
        return len(self.funds) > 1

    @property
    def committed(self) -> Decimal:
        return sum((row.committed for row in self.money), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((row.paid for row in self.money), ZERO)


def agreement_detail(agreement: Agreement, *, history: int = RECENT_CHANGES) -> AgreementDetail:
    """Everything the agreement page shows, in a fixed number of queries whatever the agreement holds. Each query
    reads only the columns the page shows and orders by the agreement's own rows (the models' default orders
    start with the agreement, which would join it again for nothing)."""
    funding = (
        FundingLine.objects.filter(agreement=agreement)
        .select_related("commitment", "financial_year", "fund")
        .only(
            "pk",
            "fund__name",
            "financial_year__start_year",
            "commitment__committed_on",
            "commitment__status",
            "commitment__amount",
            "commitment__released_amount",
        )
        .annotate(paid=Coalesce(Sum("commitment__payments__amount"), Value(ZERO), output_field=_MONEY))
        .order_by("financial_year__start_year", "pk")
    )
    plan = payment_plan_of(agreement)
    return AgreementDetail(
        agreement=agreement,
        parties=list(
            AgreementParty.objects.filter(agreement=agreement)
            .select_related("organisation")
            .only("pk", "role", "organisation__name")
            .order_by("pk")
        ),
        priorities=list(
            agreement.priorities.only("pk", "number", "title", "plan_id").order_by("plan", "number")
        ),
        money=[YearMoney(funding=row, paid=row.paid) for row in funding],
        instalments=list(
            Instalment.objects.filter(agreement=agreement)
            .select_related("payment", "commitment__allocation__financial_year")
            .only(
                "pk",
                "number",
                "due_on",
                "amount",
                "payment__paid_on",
                "payment__reference",
                "commitment__allocation__financial_year__start_year",
            )
            .order_by("number")
        ),
        # An agreement loaded for its page says whether it has any variations (agreement_for(for_page=True)).
        variations=[]
        if getattr(agreement, "has_variations", True) is False
        else list(
            Variation.objects.filter(agreement=agreement)
            .select_related("made_by")
            .only(
                "pk", "number", "reason", "before", "after", "made_on", "made_by__full_name", "made_by__email"
            )
            .order_by("number")
        ),
        status_changes=[
            StatusChangeRow(change)
            for change in agreement_status_changes()
            .filter(record_id=agreement.pk)
            .select_related("changed_by")
            .only(
                "pk",
                "from_status",
                "to_status",
                "reason",
                "changed_at",
                "changed_by__full_name",
                "changed_by__email",
            )
            .order_by("changed_at", "pk")
        ],
        history=list(history_for(agreement)[:history]),
        payment_plan=plan,
        invoices=list(invoices_of(agreement)) if plan.is_invoiced else [],
    )


def payments_started(agreement: Agreement) -> bool:
    """Whether anything has been paid, or invoiced, under the agreement: from then on its plan stays as it is."""
    return (
        Payment.objects.filter(commitment__agreement_funding__agreement=agreement).exists()
        or agreement.invoices.exclude(status=InvoiceStatus.REJECTED).exists()
    )


@dataclass(frozen=True)
class InvoiceDetail:
    """An invoice's page: the invoice, the payments made for it (fund and year of each) and its moves."""

    invoice: Invoice
    payments: list[Any]
    status_changes: list[StatusChange]


def invoice_detail(invoice: Invoice) -> InvoiceDetail:
    return InvoiceDetail(
        invoice=invoice,
        payments=list(
            InvoicePayment.objects.filter(invoice=invoice)
            .select_related(
                "payment__commitment__allocation__fund", "payment__commitment__allocation__financial_year"
            )
            .order_by("pk")
        ),
        status_changes=list(
            StatusChange.objects.filter(record_type=Invoice._meta.label_lower, record_id=invoice.pk)
            .select_related("changed_by")
            .order_by("changed_at", "pk")
        ),
    )


def invoices_of(agreement: Agreement) -> QuerySet[Invoice]:
    """The agreement's invoices, in the order they were recorded."""
    return Invoice.objects.filter(agreement=agreement).order_by("number")


def payment_plan_default(mechanism: str, *, on: date) -> PaymentPlanDefault | None:
    """The default payment plan of a mechanism in effect on a date (a few rows a mechanism)."""
    return rule_on(PaymentPlanDefault.objects.filter(mechanism=mechanism).newest_first(), on=on)


def payment_plan_of(agreement: Agreement) -> PaymentPlan:
    """The agreement's own payment plan (read with the agreement where it was joined). An agreement made before
    plans were recorded, and never given one, is read as its mechanism's default today (unsaved)."""
    try:
        return agreement.payment_plan
    except PaymentPlan.DoesNotExist:
        default = payment_plan_default(agreement.mechanism, on=timezone.localdate())
        return PaymentPlan(
            agreement=agreement,
            kind=default.kind if default else PaymentPlanKind.IN_ADVANCE,
            interval_months=default.interval_months if default else 3,
            single_payment_below=default.single_payment_below if default else None,
        )


@dataclass(frozen=True)
class OfferLetter:
    """What the offer letter says, shared by its page and its PDF so they never differ."""

    body: CommissioningBody
    agreement: Agreement
    recipient: Organisation
    priorities: list[Priority]
    schedule: str
    conditions: list[str]

    @property
    def acceptance(self) -> Acceptance | None:
        return acceptance_of(self.agreement)

    @property
    def offered_on(self) -> date | None:
        return self.acceptance.offered_on if self.acceptance else None

    @property
    def respond_by(self) -> date | None:
        return self.acceptance.respond_by if self.acceptance else None

    @property
    def is_open(self) -> bool:
        return self.agreement.status == AgreementStatus.OFFERED


def payment_words(plan: PaymentPlan, agreement: Agreement) -> str:
    """How the letter says the agreement will be paid, finishing "We will pay the grant …"."""
    if plan.kind == PaymentPlanKind.IN_ADVANCE:
        if plan.single_payment_below is not None and agreement.value < plan.single_payment_below:
            return "in one payment at the start of the grant"
        if plan.interval_months == 3:
            return "in instalments every three months, each paid in advance"
        if plan.interval_months == 1:
            return "in monthly instalments, each paid in advance"
        return f"in instalments every {plan.interval_months} months, each paid in advance"
    if plan.kind == PaymentPlanKind.IN_ARREARS:
        return "in arrears, against your invoices for the work delivered once we have approved them"
    if plan.kind == PaymentPlanKind.PER_UNIT:
        price = format_money(plan.unit_price) if plan.unit_price is not None else "the agreed price"
        return f"in arrears for each unit delivered ({plan.unit or 'a unit'}, {price} each), against your invoices"
    return "from the contributions received into the pooled budget"


def offer_letter(agreement: Agreement) -> OfferLetter:
    return OfferLetter(
        body=commissioning_body(),
        agreement=agreement,
        recipient=agreement.organisation,
        priorities=list(agreement.priorities.select_related("plan").order_by("plan", "number")),
        schedule=payment_words(payment_plan_of(agreement), agreement),
        conditions=[line.strip() for line in agreement.conditions.splitlines() if line.strip()],
    )


def remaining_values(agreement_ids: Any) -> dict[int, Decimal]:
    """What each agreement has still to pay: the money its funding lines commit (less what was released) less
    what has been paid on them, by agreement id, in two queries whatever the number of agreements. An agreement
    with no money (no fund) is left out; read it with `.get(pk, ZERO)`."""
    ids = list(agreement_ids)
    committed = dict(
        FundingLine.objects.filter(agreement_id__in=ids)
        .order_by()
        .values("agreement_id")
        .annotate(total=Sum(F("commitment__amount") - F("commitment__released_amount"), output_field=_MONEY))
        .values_list("agreement_id", "total")
    )
    paid = dict(
        Payment.objects.filter(commitment__agreement_funding__agreement_id__in=ids)
        .order_by()
        .values("commitment__agreement_funding__agreement_id")
        .annotate(total=Sum("amount", output_field=_MONEY))
        .values_list("commitment__agreement_funding__agreement_id", "total")
    )
    return {pk: Decimal(total) - Decimal(paid.get(pk) or ZERO) for pk, total in committed.items()}
