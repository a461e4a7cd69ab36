"""The demo's public registers and monthly publications.

A few signed agreements of each kind, made through the agreements services so that their money is committed like
any other: grants awarded in past months (one of them ended), a contract over £10,000 (and one under it, which
the services register shows but the contracts register does not) and a partnership agreement. Then the six
months before this one are published, each on the first morning of the month after, as the scheduled
`publish_month` would have done.

Idempotent: an agreement is found again by its demo key (source_type "publication.demo"), and a month already
published is left as it is (`month_publish` returns it without writing).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create, agreement_end
from commissioning.core.actors import Actor
from commissioning.finance.models import Fund
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority
from commissioning.publication.services import month_end, month_publish, previous_month

DEMO_SOURCE = "publication.demo"
DEMO_MONTHS = 6
GRANT_CONDITIONS = (
    "Spend the grant only on the work described. Tell us at once about any safeguarding concern. Return any "
    "money not spent by the end date. Acknowledge the Commissioner's funding in publicity."
)


@dataclass(frozen=True)
class DemoAgreement:
    key: str
    mechanism: str
    fund: str  # fund code
    organisation: str  # organisation name
    title: str
    purpose: str
    value: str
    starts_on: date
    ends_on: date
    priorities: tuple[int, ...]
    conditions: str = ""
    ended: bool = False


DEMO_AGREEMENTS = [
    DemoAgreement(
        "foodbank-2026",
        Mechanism.GRANT,
        "PCF",
        "Kennet Valley Foodbank",
        "Emergency food for families referred by neighbourhood policing teams",
        "Food parcels and advice sessions for families in crisis referred by officers and PCSOs in the Kennet "
        "area, so that hardship does not turn into offending or exploitation.",
        "4800.00",
        date(2026, 6, 15),
        date(2027, 3, 31),
        (1, 2),
        GRANT_CONDITIONS,
    ),
    DemoAgreement(
        "bemerton-2026",
        Mechanism.GRANT,
        "PPAF",
        "Bemerton Heath Neighbourhood Watch",
        "Bemerton Heath street lighting survey and crime prevention packs",
        "Volunteers survey dark spots on the estate with the council and hand out crime prevention packs to "
        "200 households.",
        "2500.00",
        date(2026, 8, 1),
        date(2027, 3, 31),
        (1,),
        GRANT_CONDITIONS,
    ),
    DemoAgreement(
        "mentoring-2026",
        Mechanism.GRANT,
        "CSF",
        "Salisbury Youth Mentoring CIO",
        "One-to-one mentoring for young people at risk of exclusion",
        "Trained volunteer mentors meet 40 young people each week for a school year, working with schools and "
        "the youth offending team to keep them in education and away from crime.",
        "18000.00",
        date(2026, 9, 1),
        date(2027, 3, 31),
        (1, 2),
        GRANT_CONDITIONS,
    ),
    DemoAgreement(
        "speedwatch-2025",
        Mechanism.GRANT,
        "PPAF",
        "Pewsey Vale Community Speedwatch",
        "Speed detection equipment for Pewsey Vale villages",
        "Two speed detection devices and volunteer training for five villages, reporting speeding drivers to "
        "the police.",
        "1800.00",
        date(2025, 6, 1),
        date(2026, 3, 31),
        (1, 3),
        GRANT_CONDITIONS,
        ended=True,
    ),
    DemoAgreement(
        "cctv-2026",
        Mechanism.CONTRACT,
        "CSF",
        "Wessex Community Safety Ltd",
        "Town centre CCTV monitoring in Swindon",
        "Monitoring of the town centre's public space cameras every evening and night, with a direct link to "
        "the police control room.",
        "48000.00",
        date(2026, 5, 1),
        date(2027, 3, 31),
        (1, 4),
        "As set out in the signed contract, with quarterly performance reports.",
    ),
    DemoAgreement(
        "rj-training-2026",
        Mechanism.CONTRACT,
        "VF",
        "Swindon Restorative Justice CIC",
        "Restorative justice facilitator training",
        "Restorative justice training for twelve new volunteer facilitators, accredited by the Restorative "
        "Justice Council.",
        "8500.00",
        date(2026, 7, 1),
        date(2027, 3, 31),
        (3,),
        "As set out in the signed contract.",
    ),
    DemoAgreement(
        "swindon-csp-2026",
        Mechanism.PARTNERSHIP,
        "RC",
        "Swindon Borough Council",
        "Swindon Community Safety Partnership pooled budget",
        "The Commissioner's contribution to the pooled budget of the Swindon Community Safety Partnership, "
        "which the council leads.",
        "60000.00",
        date(2026, 4, 1),
        date(2027, 3, 31),
        (1, 2, 3),
        "Governed by the partnership agreement; the council is lead commissioner.",
    ),
]


def _agreement(spec: DemoAgreement, *, by: Actor, priorities: dict[int, Priority]) -> Agreement | None:
    existing = Agreement.objects.filter(source_type=DEMO_SOURCE, source_id=spec.key).first()
    if existing is not None:
        return existing
    fund = Fund.objects.filter(code=spec.fund).first()
    organisation = Organisation.objects.filter(name=spec.organisation).first()
    if fund is None or organisation is None:
        return None
    agreement = agreement_create(
        by=by,
        mechanism=spec.mechanism,
        title=spec.title,
        purpose=spec.purpose,
        organisation=organisation,
        fund=fund,
        priorities=[priorities[number] for number in spec.priorities if number in priorities],
        value=Decimal(spec.value),
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        conditions=spec.conditions,
        source_type=DEMO_SOURCE,
        source_id=spec.key,
        status=AgreementStatus.ACTIVE,
    )
    if spec.ended:
        agreement_end(
            by=by, agreement=agreement, reason="The work was finished and the final report received"
        )
    return agreement


def load(*, by: Actor) -> None:
    priorities = {
        priority.number: priority
        for priority in Priority.objects.filter(plan__is_current=True).order_by("number")
    } or {priority.number: priority for priority in Priority.objects.order_by("plan_id", "number")}
    for spec in DEMO_AGREEMENTS:
        _agreement(spec, by=by, priorities=priorities)
    now = timezone.now()
    month = previous_month(timezone.localdate(now))
    months = []
    for _ in range(DEMO_MONTHS):
        months.append(month)
        month = previous_month(month)
    for month in reversed(months):
        published = timezone.make_aware(datetime.combine(month_end(month) + timedelta(days=1), time(9, 0)))
        month_publish(by=by, month=month, at=min(published, now))
