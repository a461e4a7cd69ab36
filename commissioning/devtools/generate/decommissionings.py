"""Generated decommissioning proposals: about one in two hundred agreements of the large set (at least a few on the
small set), in every status, each citing the latest reviewed monitoring return of its agreement when it has one.

Simplifications: written with bulk_create (no audit events, no status history rows); a decided proposal is about an
agreement that has already ended, and links no decision record (the generated decision records are not about
particular agreements)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_counter_raise
from commissioning.decommissioning.models import Decommissioning, DecommissioningStatus, Kind, Reason
from commissioning.decommissioning.services import REFERENCE_SCOPE
from commissioning.monitoring.models import MonitoringReturn
from commissioning.monitoring.selectors.returns import latest_rated

if TYPE_CHECKING:
    from .builder import Generator

SHARE = 1 / 200
PENNY = Decimal("0.01")
OPEN_STATUSES = [DecommissioningStatus.DRAFT, DecommissioningStatus.PROPOSED]
CLOSED_STATUSES = [DecommissioningStatus.REFUSED, DecommissioningStatus.WITHDRAWN]
ENDED = (AgreementStatus.ENDED, AgreementStatus.TERMINATED)


class DecommissioningGenerator:
    def __init__(self, generator: "Generator") -> None:
        self.g = generator
        self.count = max(5, round(generator.scale.agreements * SHARE))

    def run(self) -> None:
        g, rng = self.g, self.g.rng
        with g.step("Decommissioning proposals"):
            latest = latest_rated(MonitoringReturn.objects.filter(plan__agreement=OuterRef("pk"))).values(
                "pk"
            )[:1]
            candidates = list(
                Agreement.objects.filter(
                    status__in=(AgreementStatus.ACTIVE, *ENDED), decommissionings__isnull=True
                )
                .order_by("pk")
                .values_list("pk", "status", "ends_on", "value")
            )
            sampled = rng.sample(candidates, min(self.count, len(candidates)))
            # The latest rated return only of those chosen: over every agreement of the large set, the correlated
            # subquery ran for many minutes on tables not yet analysed.
            latest_of = dict(
                Agreement.objects.filter(pk__in=[row[0] for row in sampled])
                .annotate(latest_return=Subquery(latest))
                .values_list("pk", "latest_return")
            )
            chosen = [(*row, latest_of.get(row[0])) for row in sampled]
            rows = []
            year = g.today.year
            counter = ReferenceCounter.objects.filter(scope=REFERENCE_SCOPE, year=year).first()
            first = (counter.last if counter else 0) + 1
            for number, (pk, status, ends_on, value, latest_return) in enumerate(chosen, start=first):
                if status in ENDED:
                    state = DecommissioningStatus.DECIDED
                elif latest_return is None:
                    state = DecommissioningStatus.DRAFT
                else:
                    state = rng.choice(OPEN_STATUSES + CLOSED_STATUSES)
                created_on = min(g.today, ends_on) - timedelta(days=rng.randint(100, 200))
                notice_on = created_on + timedelta(days=14)
                kind = Kind.REDUCE if rng.random() < 0.2 else Kind.END
                rows.append(
                    Decommissioning(
                        reference=f"DECOM-{year}-{number:04d}",
                        agreement_id=pk,
                        kind=kind,
                        reason=rng.choice(Reason.values),
                        reason_detail="Reviewed at the commissioning board.",
                        new_value=(value * 3 / 4).quantize(PENNY) if kind == Kind.REDUCE else None,
                        service_user_impact="People supported now are referred to the county service.",
                        equality_impact="No group is affected more than another.",
                        people_supported=rng.randint(0, 200),
                        transition_plan="Open cases are handed over with consent.",
                        notice_on=notice_on,
                        ends_on=max(
                            notice_on + timedelta(days=100), min(ends_on, notice_on + timedelta(days=180))
                        ),
                        provider_response="We understand." if state != DecommissioningStatus.DRAFT else "",
                        cited_return_id=latest_return if state != DecommissioningStatus.DRAFT else None,
                        status=state,
                        created_at=datetime(
                            created_on.year, created_on.month, created_on.day, 10, tzinfo=UTC
                        ),
                        created_by=rng.choice(g.officers),
                    )
                )
            g.insert(Decommissioning, rows, label="decommissioning proposals")
            reference_counter_raise(REFERENCE_SCOPE, year, first + len(rows) - 1)
