"""Demo decision records: published public decisions, a part-exempt one and an exempt one, one approved but not yet
published, and a draft linked to a demo grant approval above the body's decision record threshold.

The demo body sets its threshold at £10,000, so the demo's £12,000 grant to Trowbridge Street Pastors (approved by
the grants demo, which runs first) is above it; the draft for it is made through the same hook service the grants
approval calls. Idempotent: records are found again by title (or by the approval they are linked to) and only
moved on along the transition table when they are behind; nothing already there is rewritten.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.actors import Actor
from commissioning.core.models import CommissioningBody
from commissioning.core.money import pounds
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus, Exemption
from commissioning.decisions.services import (
    decision_approve,
    decision_create,
    decision_draft_for_approval,
    decision_publish,
)
from commissioning.devtools.demo.support import demo_upsert
from commissioning.grants.models import Decision

OFFICER = "officer@example.org"
COMMISSIONER = "commissioner@example.org"
DEMO_THRESHOLD = Decimal("10000.00")
APPLICATION_SOURCE = "grants.application"


@dataclass(frozen=True)
class DemoDecision:
    title: str
    summary: str
    background: str
    options_considered: str
    financial_implications: str
    amount: str | None
    decision: str
    target: str
    days_ago: int
    declarations_of_interest: str = "None"
    confidentiality: str = Confidentiality.PUBLIC
    exemption: str = ""
    exempt_part: str = ""


DEMO_DECISIONS = [
    DemoDecision(
        title="Victim and witness care: extend the Horizon service for 2026/27",
        summary="Extend the contract for the Horizon victim and witness care service by one year while the "
        "service is recommissioned.",
        background="The contract ends on 31 March 2026. Demand rose by 12% last year and the service met its "
        "targets for contact within two days.",
        options_considered="1. Let the contract end: victims would be left without support.\n"
        "2. Extend for one year under the extension option: chosen.\n3. Re-tender at once: too little time.",
        financial_implications="£412,000 from the Ministry of Justice victims' grant in 2026/27, within the "
        "Victims Fund allocation.",
        amount="412000.00",
        decision="To use the contract's extension option and extend the Horizon service to 31 March 2027.",
        target=DecisionStatus.PUBLISHED,
        days_ago=200,
    ),
    DemoDecision(
        title="Community Safety Fund allocations to Swindon and Wiltshire community safety partnerships",
        summary="Allocate the Community Safety Fund for 2026/27 between the two community safety partnerships.",
        background="The partnerships set local priorities for reducing crime and disorder; the fund supports "
        "work that delivers the Police and Crime Plan.",
        options_considered="Allocation by population; allocation by recorded crime; a blend of both (chosen).",
        financial_implications="£620,000 in total: £310,000 to each partnership, from the Community Safety Fund.",
        amount="620000.00",
        decision="To allocate £310,000 to each community safety partnership for 2026/27.",
        target=DecisionStatus.PUBLISHED,
        days_ago=150,
    ),
    DemoDecision(
        title="Refuge accommodation for women and children escaping domestic abuse",
        summary="Fund six more refuge places for women and children escaping domestic abuse for two years.",
        background="Refuges in the county turned away 140 referrals last year for want of space.",
        options_considered="Spot-purchase places out of county; fund places in an existing refuge (chosen).",
        financial_implications="£96,000 over two years from the Victims Fund.",
        amount="96000.00",
        decision="To fund six additional refuge places for two years.",
        target=DecisionStatus.PUBLISHED,
        days_ago=90,
        confidentiality=Confidentiality.PART_EXEMPT,
        exemption=Exemption.LGA_1,
        exempt_part="The refuge's address and the names of its managers, which would put residents at risk.",
    ),
    DemoDecision(
        title="Covert investigation support for the force's serious organised crime unit",
        summary="Fund specialist equipment for covert operations.",
        background="Requested by the Chief Constable for operations against county lines drug networks.",
        options_considered="Set out in the exempt report.",
        financial_implications="£180,000 from reserves.",
        amount="180000.00",
        decision="To fund the equipment set out in the exempt report.",
        target=DecisionStatus.PUBLISHED,
        days_ago=60,
        confidentiality=Confidentiality.EXEMPT,
        exemption=Exemption.FOI_S31,
    ),
    DemoDecision(
        title="Restorative justice service: a new three-year contract",
        summary="Award a three-year contract for the restorative justice service after an open tender.",
        background="The tender drew four bids; the evaluation panel's moderated scores are in the tender report.",
        options_considered="Award to the highest-scoring bidder (chosen); re-tender; bring the service in-house.",
        financial_implications="£150,000 a year for three years from the Victims Fund.",
        amount="450000.00",
        decision="To award the contract to the highest-scoring bidder.",
        target=DecisionStatus.APPROVED,
        days_ago=5,
    ),
]


def load(*, by: Actor) -> None:
    officer = User.objects.filter(email=OFFICER).first()
    commissioner = User.objects.filter(email=COMMISSIONER).first()
    if officer is None or commissioner is None:
        return
    body = CommissioningBody.objects.order_by("pk").first()
    if body is not None:
        demo_upsert(
            CommissioningBody,
            by=by,
            lookup={"pk": body.pk},
            values={"decision_record_threshold": DEMO_THRESHOLD},
        )
    today = timezone.localdate()
    for spec in DEMO_DECISIONS:
        record = DecisionRecord.objects.filter(title=spec.title).first()
        if record is None:
            record = decision_create(
                by=officer,
                on=today - timedelta(days=spec.days_ago + 7),
                title=spec.title,
                summary=spec.summary,
                background=spec.background,
                options_considered=spec.options_considered,
                financial_implications=spec.financial_implications,
                amount=Decimal(spec.amount) if spec.amount else None,
                decision=spec.decision,
                declarations_of_interest=spec.declarations_of_interest,
                confidentiality=spec.confidentiality,
                exemption=spec.exemption,
                exempt_part=spec.exempt_part,
            )
        if record.status == DecisionStatus.DRAFT:
            record = decision_approve(
                by=commissioner, record=record, decided_on=today - timedelta(days=spec.days_ago)
            )
        if record.status == DecisionStatus.APPROVED and spec.target == DecisionStatus.PUBLISHED:
            decision_publish(by=commissioner, record=record)
    _drafts_for_approvals(officer)


def _drafts_for_approvals(officer: User) -> None:
    """Grant approvals above the threshold that have no decision record yet (the grants demo runs before the demo
    threshold is set) get their draft now, through the hook service."""
    approvals = Decision.objects.filter(amount__isnull=False).select_related(
        "application__organisation", "application__scheme__fund", "decided_by"
    )
    linked = set(
        DecisionRecord.objects.filter(source_type=APPLICATION_SOURCE).values_list("source_id", flat=True)
    )
    for approval in approvals.order_by("pk"):
        application = approval.application
        if str(application.pk) in linked or approval.amount is None:
            continue
        decision_draft_for_approval(
            by=approval.decided_by or officer,
            source_type=APPLICATION_SOURCE,
            source_id=str(application.pk),
            amount=approval.amount,
            title=f"Grant of {pounds(approval.amount)} to {application.organisation.name}",
            summary=application.project_summary or application.project_title,
            decision=f"To confirm the grant to {application.organisation.name} for {application.project_title}, "
            f"approved from {application.scheme.name}.",
        )
