"""Demo commissioning cycle: a needs assessment for each priority of the current plan (the one on victims revised
once, so it has two versions; between them, evidence of every kind, with files), this financial year's commissioning
intentions approved through a published decision record and published, and next year's in draft.

Everything is written through the services, by the demo officer and the Commissioner. Idempotent: assessments are
found again by title, intentions by year, and only moved on when they are behind."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from commissioning.accounts.models import User
from commissioning.core.actors import Actor
from commissioning.cycle.models import (
    CommissioningIntentions,
    EvidenceKind,
    IntentionsStatus,
    NeedsAssessment,
)
from commissioning.cycle.services.intentions import (
    intention_add,
    intentions_publish,
    intentions_start,
    intentions_submit,
)
from commissioning.cycle.services.needs import EvidenceInput, needs_assessment_create, needs_assessment_revise
from commissioning.decisions.models import DecisionStatus
from commissioning.decisions.services import decision_approve
from commissioning.finance.selectors import current_start_year
from commissioning.plans.models import Priority

OFFICER = "officer@example.org"
COMMISSIONER = "commissioner@example.org"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _document(name: str) -> ContentFile[bytes]:
    return ContentFile(PDF, name=name)


def _csv(name: str, rows: str) -> ContentFile[bytes]:
    return ContentFile(rows.encode(), name=name)


# (priority number, title, need, gaps, implications, evidence)
ASSESSMENTS: list[tuple[int, str, str, str, str, list[EvidenceInput]]] = [
    (
        1,
        "Reducing reoffending and early intervention",
        "About 4,100 adults and 600 young people are cautioned or convicted each year in Wiltshire and Swindon; "
        "a third reoffend within a year. Demand for diversion has grown since out-of-court disposals changed.",
        "No diversion scheme for 18 to 25 year olds outside Swindon; restorative approaches are offered "
        "unevenly.",
        "Commission a county-wide diversion service for young adults; fold restorative approaches into it.",
        [
            EvidenceInput(
                kind=EvidenceKind.DATA,
                title="Proven reoffending rates, Wiltshire and Swindon",
                summary="32% of adults and 38% of young people reoffend within a year.",
                source="Ministry of Justice proven reoffending statistics",
                dated_on=date(2025, 10, 30),
            ),
            EvidenceInput(
                kind=EvidenceKind.CONSULTATION_PROVIDERS,
                title="Criminal justice providers' forum",
                summary="Providers report long gaps between arrest and any offer of support.",
                source="Forum of 14 providers, Devizes",
                dated_on=date(2025, 11, 12),
            ),
        ],
    ),
    (
        2,
        "Domestic abuse and sexual violence",
        "Police recorded 9,200 domestic abuse incidents last year, up 9%; refuges turned away 140 referrals for "
        "want of space.",
        "Too few refuge places; no specialist support for older victims; long waits for counselling after "
        "sexual violence.",
        "Commission more refuge places and an outreach service for older victims; extend counselling.",
        [
            EvidenceInput(
                kind=EvidenceKind.DOCUMENT,
                title="Domestic abuse needs assessment for the county",
                summary="The joint assessment with both local authorities.",
                source="Wiltshire Council and Swindon Borough Council",
                dated_on=date(2025, 6, 1),
                upload=_document("Domestic abuse needs assessment.pdf"),
            ),
            EvidenceInput(
                kind=EvidenceKind.CONSULTATION_SERVICE_USERS,
                title="Survivors' panel",
                summary="Survivors asked for help at evenings and weekends and for one named worker.",
                source="Panel of 11 survivors, facilitated by the domestic abuse service",
                dated_on=date(2025, 9, 18),
            ),
        ],
    ),
    (
        3,
        "Support for victims and witnesses",
        "Around 28,000 victims of crime a year are referred for support; 60% take up an offer. Fraud and "
        "cyber-crime victims are the fastest-growing group.",
        "Little specialist help for victims of fraud; restorative justice reaches few victims outside the cities.",
        "Recommission the victim care service with a fraud specialism and a restorative justice offer in every "
        "area.",
        [
            EvidenceInput(
                kind=EvidenceKind.DATA,
                title="Victim referrals by crime type",
                summary="Fraud referrals rose by a quarter in a year.",
                source="Victim care service management information",
                dated_on=date(2025, 12, 31),
                upload=_csv("Victim referrals.csv", "crime type,referrals\nviolence,9100\nfraud,4200\n"),
            ),
            EvidenceInput(
                kind=EvidenceKind.CONSULTATION_PUBLIC,
                title="Public survey on victim services",
                summary="Two in three of 1,450 respondents did not know where to get help after a crime.",
                source="Online survey, run by the office",
                dated_on=date(2025, 8, 1),
            ),
        ],
    ),
    (
        4,
        "Value for money and joined-up commissioning",
        "The office commissions 46 services from 31 providers; eight overlap with services the councils and the "
        "health board commission.",
        "Overlapping contracts and separate monitoring for the same providers.",
        "Co-commission with the councils where services overlap; monitor once, proportionately.",
        [
            EvidenceInput(
                kind=EvidenceKind.DOCUMENT,
                title="Review of jointly commissioned services",
                summary="The review by the commissioning team.",
                source="Office of the Police and Crime Commissioner",
                dated_on=date(2025, 7, 14),
                upload=_document("Joint commissioning review.pdf"),
            ),
        ],
    ),
]

REVISED_TITLE = "Support for victims and witnesses"
REVISION: dict[str, Any] = {
    "need": "Around 29,500 victims of crime a year are now referred for support; 62% take up an offer. Fraud "
    "referrals have risen by a third since the first version.",
    "revision_note": "New referral figures for 2026, a providers' consultation on fraud support, and the public "
    "survey left out: it is more than a year old.",
}

INTENTIONS_SUMMARY = (
    "In {label} we plan to start the projects below, each answering a needs assessment and a priority of the "
    "Police and Crime Plan. Values are indicative; each project's money is decided when it is committed."
)
# (title, description, priority numbers, indicative value, month it starts, mechanism)
ITEMS: list[tuple[str, str, list[int], str, int, str]] = [
    (
        "Young adults' diversion service",
        "A county-wide diversion service for 18 to 25 year olds, with restorative approaches.",
        [1],
        "180000.00",
        10,
        "contract",
    ),
    (
        "Refuge places for women and children",
        "Six more refuge places for women and children escaping domestic abuse.",
        [2, 3],
        "96000.00",
        7,
        "grant",
    ),
    (
        "Victim care service with a fraud specialism",
        "The recommissioned victim and witness care service, with specialist help for victims of fraud.",
        [3],
        "412000.00",
        4,
        "contract",
    ),
    (
        "Counselling after sexual violence",
        "Counselling bought in sessions from accredited providers, so victims wait less.",
        [2],
        "75000.00",
        9,
        "accreditation",
    ),
    (
        "Joint community safety commissioning with the councils",
        "A partnership agreement to co-commission community safety services with both councils.",
        [1, 4],
        "250000.00",
        1,
        "partnership",
    ),
]
NEXT_YEAR_ITEMS = ITEMS[:2]


def load(*, by: Actor) -> None:
    officer = User.objects.filter(email=OFFICER).first()
    commissioner = User.objects.filter(email=COMMISSIONER).first()
    priorities = {p.number: p for p in Priority.objects.filter(plan__is_current=True)}
    if officer is None or commissioner is None or not priorities:
        return
    for number, title, need, gaps, implications, evidence in ASSESSMENTS:
        if number not in priorities or NeedsAssessment.objects.filter(title=title).exists():
            continue
        needs_assessment_create(
            by=officer,
            title=title,
            priority_ids=[priorities[number].pk],
            need=need,
            gaps=gaps,
            implications=implications,
            evidence=evidence,
        )
    _revise(officer)
    start_year = current_start_year()
    _intentions(officer, commissioner, priorities, start_year, ITEMS, publish=True)
    _intentions(officer, commissioner, priorities, start_year + 1, NEXT_YEAR_ITEMS, publish=False)


def _revise(officer: User) -> None:
    assessment = NeedsAssessment.objects.filter(title=REVISED_TITLE).first()
    if assessment is None or assessment.versions.count() > 1:
        return
    first = assessment.versions.get()
    needs_assessment_revise(
        by=officer,
        assessment=assessment,
        need=REVISION["need"],
        gaps=first.gaps,
        implications=first.implications,
        revision_note=REVISION["revision_note"],
        keep_evidence=first.evidence.exclude(kind=EvidenceKind.CONSULTATION_PUBLIC).values_list(
            "pk", flat=True
        ),
        evidence=[
            EvidenceInput(
                kind=EvidenceKind.CONSULTATION_PROVIDERS,
                title="Fraud support providers' workshop",
                summary="Providers said fraud victims need help within a day, and by telephone.",
                source="Workshop with six providers, Swindon",
                dated_on=date(2026, 5, 20),
            ),
        ],
    )


def _intentions(
    officer: User,
    commissioner: User,
    priorities: dict[int, Priority],
    start_year: int,
    items: list[tuple[str, str, list[int], str, int, str]],
    *,
    publish: bool,
) -> None:
    intentions = CommissioningIntentions.objects.filter(financial_year__start_year=start_year).first()
    if intentions is None:
        intentions = intentions_start(
            by=officer,
            start_year=start_year,
            summary=INTENTIONS_SUMMARY.format(label=f"{start_year}/{(start_year + 1) % 100:02d}"),
        )
        for title, description, numbers, value, month, mechanism in items:
            intention_add(
                by=officer,
                intentions=intentions,
                title=title,
                description=description,
                priority_ids=[priorities[n].pk for n in numbers if n in priorities],
                indicative_value=Decimal(value),
                starts_on=date(start_year if month >= 4 else start_year + 1, month, 1),
                mechanism=mechanism,
            )
    if not publish:
        return
    if intentions.status == IntentionsStatus.DRAFT:
        intentions = intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    if intentions.status == IntentionsStatus.AWAITING_DECISION and intentions.decision is not None:
        if intentions.decision.status == DecisionStatus.DRAFT:
            decision_approve(by=commissioner, record=intentions.decision)
        intentions.refresh_from_db()
    if intentions.status == IntentionsStatus.APPROVED:
        intentions_publish(by=officer, intentions=intentions)
