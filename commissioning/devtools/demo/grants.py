"""Demo grants: open schemes for the PCC Community Fund and the Police Property Act Fund, a closed round of the
Community Fund, and applications from the demo organisations in every state — a draft, submitted, in assessment
(scored, with a declared conflict), moderated, approved with an offer accepted, paid in part, another offered
and waiting, declined with reasons, and withdrawn.

Everything goes through the services, with the demo people as the actors: applicants apply, the demo assessor
scores, the officer (or, for the Police Property Act Fund, the community foundation's partner administrator)
moderates, and someone whose delegated limit covers the amount decides.

Loading twice changes nothing: schemes are matched by web address, applicant accounts by email, applications by
scheme, organisation and project title, and each application is moved on only through the steps it has not had.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.accounts.services import user_create
from commissioning.agreements.models import AgreementStatus, Instalment
from commissioning.agreements.services import instalment_pay, offer_accept
from commissioning.core.actors import Actor
from commissioning.finance import years
from commissioning.finance.models import Fund
from commissioning.finance.selectors import allocation_of, purpose_named
from commissioning.finance.services import allocation_set, financial_year
from commissioning.grants.access import may_manage_scheme
from commissioning.grants.models import Application, ApplicationStatus, AssessorAssignment, Decision, Scheme
from commissioning.grants.questions import DECLARATIONS
from commissioning.grants.services.applications import (
    application_section_save,
    application_start,
    application_submit,
    application_withdraw,
    budget_line_add,
)
from commissioning.grants.services.assessment import (
    ScoreEntry,
    assessment_complete,
    assignment_create,
    conflict_declare,
    moderation_complete,
    moderation_save,
    scores_save,
)
from commissioning.grants.services.decisions import decision_make
from commissioning.grants.services.documents import application_document_reuse
from commissioning.grants.services.schemes import (
    criterion_save,
    may_manage_fund,
    scheme_close,
    scheme_create,
    scheme_open,
    score_band_save,
)
from commissioning.organisations.models import DueDiligenceStatus, Organisation, OrganisationMembership
from commissioning.organisations.services import membership_add
from commissioning.plans.models import Priority

OFFICER = "officer@example.org"
ASSESSOR = "assessor@example.org"
PARTNER = "partner@example.org"
CFO = "cfo@example.org"
CHIEF_EXECUTIVE = "chief.executive@example.org"
COMMISSIONER = "commissioner@example.org"

# Applicant accounts for demo organisations that have none from the organisations demo: (email, name, role, org).
APPLICANTS: list[tuple[str, str, str, str]] = [
    ("street.pastors@example.org", "Grace Adeyemi", "Coordinator", "Trowbridge Street Pastors"),
    ("foodbank@example.org", "Martin Hughes", "Project manager", "Kennet Valley Foodbank"),
    ("mentoring@example.org", "Aisha Khan", "Chief officer", "Salisbury Youth Mentoring CIO"),
    ("domestic.abuse@example.org", "Ruth Ellis", "Service lead", "Wiltshire Domestic Abuse Support CIO"),
    (
        "neighbourhood.watch@example.org",
        "Gary Nolan",
        "Scheme coordinator",
        "Bemerton Heath Neighbourhood Watch",
    ),
    ("speedwatch@example.org", "Helen Marsh", "Volunteer lead", "Pewsey Vale Community Speedwatch"),
]

GUIDANCE_PCF = (
    "The PCC Community Fund supports voluntary and community groups whose projects help deliver the Police and "
    "Crime Plan: preventing crime, supporting victims and making communities safer.\n\n"
    "We fund one-off projects lasting up to 12 months. We do not fund statutory services, the same costs twice, "
    "or work that has already started.\n\n"
    "Applications are scored by at least one assessor against the criteria below, moderated by a commissioning "
    "officer, and decided under the scheme of delegation."
)
GUIDANCE_PPAF = (
    "The Police Property Act Fund gives small grants of up to £3,000 from the proceeds of property the police "
    "could not return to its owners. It is run for the Commissioner by Wiltshire Community Foundation.\n\n"
    "Community groups can apply for one-off projects lasting up to 12 months that make their neighbourhood "
    "safer or support victims of crime."
)
CONDITIONS = (
    "1. Spend the grant only on the project described in your application, within the dates agreed.\n"
    "2. Tell us at once if anything changes that affects the project.\n"
    "3. Acknowledge the funding in your publicity.\n"
    "4. Send a short report on what the project achieved within two months of its end.\n"
    "5. Return any money not spent on the project."
)
BANDS = [
    (0, "No evidence", "The application does not address the criterion."),
    (1, "Poor", "Little evidence; major concerns."),
    (2, "Weak", "Some evidence, with significant gaps."),
    (3, "Adequate", "Meets the criterion with minor gaps."),
    (4, "Good", "Clear, convincing evidence."),
    (5, "Excellent", "Outstanding evidence; no concerns."),
]


@dataclass
class DemoScheme:
    key: str
    fund_code: str
    name: str
    slug: str
    summary: str
    guidance: str
    criteria: list[tuple[str, int, str]]
    manager: str
    opens: timedelta  # before today
    closes: timedelta  # after today; a closed scheme is closed again at opens + closed_after
    closed_after: timedelta | None = None
    purpose: str = (
        ""  # the name of the fund purpose its awards serve (finance.demo gives each fund its purposes)
    )


@dataclass
class DemoApplication:
    scheme: str
    organisation: str
    title: str
    amount: str
    target: str
    summary: str
    # For those assessed: the demo assessor's scores per criterion; a second assessor declaring a conflict.
    scores: list[int] = field(default_factory=list)
    conflict: str = ""
    decider: str = ""
    outcome: str = ""
    reasons: str = ""
    accept: bool = False
    pay_first: bool = False
    submitted_days_ago: int = 0


def _people() -> dict[str, User | None]:
    emails = [OFFICER, ASSESSOR, PARTNER, CFO, CHIEF_EXECUTIVE, COMMISSIONER]
    return {email: User.objects.filter(email=email).first() for email in emails}


def _applicant(by: Actor, organisation: Organisation, spec: tuple[str, str, str, str] | None) -> User | None:
    """The person who applies for an organisation: its first member, or a demo applicant account made for it."""
    membership = (
        OrganisationMembership.objects.filter(organisation=organisation).select_related("user").first()
    )
    if membership is not None:
        return membership.user
    if spec is None:
        return None
    email, full_name, job_title, _ = spec
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(
            by=by,
            email=email,
            full_name=full_name,
            job_title=job_title,
            password=settings.DEMO_PASSWORD,
            roles=(Role.PROVIDER,),
        )
    if not OrganisationMembership.objects.filter(user=user).exists():
        membership_add(by=by, organisation=organisation, user=user, is_administrator=True)
    return user


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _project_dates(today: date) -> tuple[date, date]:
    """A project starting in two weeks and ending with the financial year (the next one if this ends soon)."""
    starts_on = today + timedelta(days=14)
    start_year = years.start_year_of(starts_on)
    ends_on = years.ends_on(start_year)
    if (ends_on - starts_on).days < 90:
        ends_on = years.ends_on(start_year + 1)
        ends_on = min(ends_on, starts_on + timedelta(days=360))
    return starts_on, ends_on


def _ensure_allocations(*, cfo: Any, fund: Fund, starts_on: date, ends_on: date) -> None:
    """The demo's finance data has allocations for two years; a demo loaded later still needs one to approve."""
    for start_year in range(years.start_year_of(starts_on), years.start_year_of(ends_on) + 1):
        year = financial_year(start_year)
        if allocation_of(fund, year) is None:
            previous = allocation_of(fund, financial_year(start_year - 1))
            amount = previous.amount if previous is not None else Decimal("100000.00")
            allocation_set(by=cfo, fund=fund, year=year, amount=amount)


def _scheme(spec: DemoScheme, *, people: dict[str, Any], today: date) -> Scheme | None:
    existing = Scheme.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    fund = Fund.objects.filter(code=spec.fund_code).first()
    if fund is None:
        return None
    manager = people.get(spec.manager)
    if manager is None or not may_manage_fund(manager, fund):
        manager = people[OFFICER]
    scheme = scheme_create(
        by=manager,
        fund=fund,
        name=spec.name,
        slug=spec.slug,
        summary=spec.summary,
        guidance=spec.guidance,
        opens_at=_at(today - spec.opens, 9),
        closes_at=_at(today + spec.closes, 12),
        reference_prefix=spec.fund_code,
        acceptance_period_days=28,
        grant_conditions=CONDITIONS,
        purpose=purpose_named(fund, spec.purpose),
    )
    for number, (title, weight, guidance) in enumerate(spec.criteria, start=1):
        criterion_save(
            by=manager, scheme=scheme, number=number, title=title, weight=weight, guidance=guidance
        )
    for score, label, description in BANDS:
        score_band_save(by=manager, scheme=scheme, score=score, label=label, description=description)
    scheme = scheme_open(by=manager, scheme=scheme)
    return scheme


def _fill_and_submit(
    *,
    applicant: User,
    scheme: Scheme,
    spec: DemoApplication,
    priorities: list[Priority],
    at: datetime,
    dates: tuple[date, date],
) -> Application:
    application = application_start(by=applicant, scheme=scheme, at=at)
    amount = Decimal(spec.amount)
    sections: list[tuple[str, dict[str, Any]]] = [
        ("organisation", {"organisation_confirmed": "yes"}),
        (
            "project",
            {
                "project_title": spec.title,
                "project_summary": spec.summary,
                "amount_requested": amount,
                "recurring": False,
            },
        ),
        (
            "priorities",
            {
                "priorities": priorities[:2],
                "priorities_explanation": "The project prevents harm and supports people affected by crime.",
            },
        ),
        (
            "outcomes",
            {
                "outcomes": "Fewer people harmed, and people who are harmed get help sooner.",
                "beneficiaries": "Residents and victims of crime in the area",
                "beneficiary_count": 150,
                "location": applicant_town(application),
                "location_postcode": "",
            },
        ),
    ]
    for section, data in sections:
        application_section_save(
            by=applicant, application=application, section=section, data=data, complete=True
        )
    staff_costs = (amount * Decimal("0.7")).quantize(Decimal("0.01"))
    budget_line_add(
        by=applicant, application=application, description="Staff and volunteer costs", amount=staff_costs
    )
    budget_line_add(
        by=applicant,
        application=application,
        description="Materials and venue hire",
        amount=amount - staff_costs,
    )
    application_section_save(by=applicant, application=application, section="budget", data={}, complete=True)
    starts_on, ends_on = dates
    application_section_save(
        by=applicant,
        application=application,
        section="dates",
        data={"starts_on": starts_on, "ends_on": ends_on},
        complete=True,
    )
    for item in application.organisation.due_diligence_items.all():
        if item.status(timezone.localdate()) != DueDiligenceStatus.EXPIRED:
            application_document_reuse(by=applicant, application=application, item=item)
    application_section_save(
        by=applicant, application=application, section="documents", data={}, complete=True
    )
    if spec.target == ApplicationStatus.DRAFT:
        return application
    application_section_save(
        by=applicant,
        application=application,
        section="declarations",
        data={
            "declaration_name": applicant.full_name,
            "declaration_role": applicant.job_title or "Trustee",
            "declaration_confirmations": [key for key, _ in DECLARATIONS],
        },
        complete=True,
    )
    return application_submit(by=applicant, application=application, at=at)


def applicant_town(application: Application) -> str:
    return application.organisation.town or "Wiltshire"


ORDER = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_ASSESSMENT,
    ApplicationStatus.MODERATED,
    ApplicationStatus.APPROVED,
]


def _reached(application: Application, status: str) -> bool:
    if application.status in (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN):
        return True
    return ORDER.index(ApplicationStatus(application.status)) >= ORDER.index(ApplicationStatus(status))


def _assess(*, application: Application, spec: DemoApplication, people: dict[str, Any], manager: Any) -> None:
    assessor = people[ASSESSOR]
    if assessor is None:
        return
    assignment = AssessorAssignment.objects.filter(application=application, assessor=assessor).first()
    if assignment is None:
        assignment = assignment_create(by=manager, application=application, assessor=assessor)
    if spec.conflict and people[CHIEF_EXECUTIVE] is not None:
        conflicted = AssessorAssignment.objects.filter(
            application=application, assessor=people[CHIEF_EXECUTIVE]
        ).first()
        if conflicted is None and application.status in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_ASSESSMENT,
        ):
            conflicted = assignment_create(
                by=manager, application=application, assessor=people[CHIEF_EXECUTIVE]
            )
        if conflicted is not None and conflicted.has_conflict is None:
            conflict_declare(
                by=people[CHIEF_EXECUTIVE], assignment=conflicted, has_conflict=True, details=spec.conflict
            )
    if not spec.scores:
        return
    application.refresh_from_db()
    if assignment.has_conflict is None:
        assignment = conflict_declare(by=assessor, assignment=assignment, has_conflict=False)
    if assignment.completed_at is None and application.status == ApplicationStatus.IN_ASSESSMENT:
        criteria = list(application.scheme.criteria.order_by("number"))
        comments = [
            "The need is well evidenced with local data.",
            "A realistic plan with named staff and clear milestones.",
            "Costs are reasonable for the numbers reached.",
            "Clear links to the priorities of the plan.",
        ]
        scores_save(
            by=assessor,
            assignment=assignment,
            scores={
                criterion.pk: ScoreEntry(min(score, criterion.max_score), comments[index % len(comments)])
                for index, (criterion, score) in enumerate(zip(criteria, spec.scores, strict=False))
            },
        )
        assessment_complete(by=assessor, assignment=assignment)


def _moderate(*, application: Application, spec: DemoApplication, manager: Any) -> None:
    criteria = list(application.scheme.criteria.order_by("number"))
    moderation_save(
        by=manager,
        application=application,
        scores={
            criterion.pk: ScoreEntry(
                min(score, criterion.max_score),
                "Agreed with the assessor after reading the application again.",
            )
            for criterion, score in zip(criteria, spec.scores, strict=False)
        },
    )
    moderation_complete(by=manager, application=application)


def _advance(
    *, application: Application, spec: DemoApplication, people: dict[str, Any], applicant: User, manager: Any
) -> None:
    application.refresh_from_db()
    if spec.target == ApplicationStatus.WITHDRAWN:
        if application.status != ApplicationStatus.WITHDRAWN:
            application_withdraw(by=applicant, application=application)
        return
    if (
        spec.target in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        and not spec.scores
        and not spec.conflict
    ):
        if spec.target == ApplicationStatus.SUBMITTED and spec.outcome == "assign":
            _assess(application=application, spec=spec, people=people, manager=manager)
        return
    if application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT):
        _assess(application=application, spec=spec, people=people, manager=manager)
        application.refresh_from_db()
    if spec.target == ApplicationStatus.IN_ASSESSMENT:
        return
    if application.status == ApplicationStatus.IN_ASSESSMENT:
        _moderate(application=application, spec=spec, manager=manager)
        application.refresh_from_db()
    if spec.target == ApplicationStatus.MODERATED:
        return
    decider = people.get(spec.decider)
    if application.status == ApplicationStatus.MODERATED and decider is not None:
        if spec.outcome != Decision.Outcome.DECLINE:
            assert application.starts_on and application.ends_on
            _ensure_allocations(
                cfo=people[CFO],
                fund=application.scheme.fund,
                starts_on=application.starts_on,
                ends_on=application.ends_on,
            )
        decision_make(by=decider, application=application, outcome=spec.outcome, reasons=spec.reasons)
    decision = Decision.objects.filter(application=application).select_related("agreement").first()
    if decision is None or decision.agreement is None:
        return
    agreement = decision.agreement
    if spec.accept and agreement.status == AgreementStatus.OFFERED:
        agreement = offer_accept(
            by=applicant, agreement=agreement, name=applicant.full_name, role=applicant.job_title or "Trustee"
        )
    if spec.pay_first and people[CFO] is not None:
        first = Instalment.objects.filter(agreement=agreement).order_by("number").first()
        if first is not None and first.payment_id is None:
            instalment_pay(
                by=people[CFO],
                instalment=first,
                paid_on=timezone.localdate(),
                reference=f"BACS-{agreement.reference}-1",
            )


def load(*, by: Actor) -> None:
    today = timezone.localdate()
    now = timezone.now()
    people = _people()
    if people[OFFICER] is None:
        return
    label = years.label_of(years.start_year_of(today))
    last_label = years.label_of(years.start_year_of(today) - 1)
    slug = label.replace("/", "-")
    last_slug = last_label.replace("/", "-")
    schemes_spec = [
        DemoScheme(
            key="pcf",
            fund_code="PCF",
            name=f"PCC Community Fund {label}",
            slug=f"pcc-community-fund-{slug}",
            summary="Grants for voluntary and community groups whose projects prevent crime, support victims "
            "and make communities safer.",
            guidance=GUIDANCE_PCF,
            criteria=[
                ("Need for the project", 30, "How well the application shows the need, with evidence."),
                ("Delivery", 30, "Whether the plan, people and timetable are realistic."),
                ("Value for money", 20, "Whether the costs are reasonable for what the project achieves."),
                (
                    "Links to the Police and Crime Plan",
                    20,
                    "How clearly the project delivers the plan's priorities.",
                ),
            ],
            manager=OFFICER,
            opens=timedelta(days=45),
            closes=timedelta(days=75),
            purpose="Community projects",
        ),
        DemoScheme(
            key="ppaf",
            fund_code="PPAF",
            name=f"Police Property Act Fund {label} round 2",
            slug=f"police-property-act-fund-{slug}-round-2",
            summary="Grants of up to £3,000 for community groups that make their neighbourhood safer.",
            guidance=GUIDANCE_PPAF,
            criteria=[
                ("Benefit to the community", 40, "Who benefits and how much difference it makes."),
                ("Community safety", 30, "How the project reduces crime or the fear of crime."),
                ("Deliverability", 30, "Whether the group can deliver the project as described."),
            ],
            manager=PARTNER,
            opens=timedelta(days=20),
            closes=timedelta(days=40),
            purpose="Bringing communities together to tackle local issues",
        ),
        DemoScheme(
            key="pcf-closed",
            fund_code="PCF",
            name=f"PCC Community Fund {last_label}",
            slug=f"pcc-community-fund-{last_slug}",
            summary="Last year's round of the Community Fund (closed).",
            guidance=GUIDANCE_PCF,
            criteria=[
                ("Need for the project", 40, ""),
                ("Delivery", 40, ""),
                ("Links to the Police and Crime Plan", 20, ""),
            ],
            manager=OFFICER,
            opens=timedelta(days=330),
            closes=timedelta(days=30),
            closed_after=timedelta(days=90),
            purpose="Community projects",
        ),
    ]
    schemes: dict[str, Scheme] = {}
    for spec in schemes_spec:
        scheme = _scheme(spec, people=people, today=today)
        if scheme is None:
            continue
        if spec.closed_after is not None and scheme.closes_at > now:
            # Applications to last year's round are made while it was open, then it is closed on its old date.
            _load_applications(
                specs=[s for s in APPLICATIONS if s.scheme == spec.key],
                schemes={spec.key: scheme},
                people=people,
                by=by,
                today=today,
                at=scheme.opens_at + timedelta(days=30),
            )
            officer = people[OFFICER]
            assert officer is not None
            scheme = scheme_close(by=officer, scheme=scheme, at=scheme.opens_at + spec.closed_after)
        schemes[spec.key] = scheme
    _load_applications(
        specs=[s for s in APPLICATIONS if s.scheme != "pcf-closed"],
        schemes=schemes,
        people=people,
        by=by,
        today=today,
        at=now,
    )


def _load_applications(
    *,
    specs: list["DemoApplication"],
    schemes: dict[str, Scheme],
    people: dict[str, Any],
    by: Actor,
    today: date,
    at: datetime,
) -> None:
    priorities = list(Priority.objects.filter(plan__is_current=True).order_by("number")) or list(
        Priority.objects.order_by("number")
    )
    applicant_specs = {spec[3]: spec for spec in APPLICANTS}
    for spec in specs:
        scheme = schemes.get(spec.scheme)
        organisation = Organisation.objects.filter(name=spec.organisation).first()
        if scheme is None or organisation is None:
            continue
        applicant = _applicant(by, organisation, applicant_specs.get(spec.organisation))
        if applicant is None:
            continue
        partner = people[PARTNER]
        manager = partner if partner is not None and may_manage_scheme(partner, scheme) else people[OFFICER]
        application = Application.objects.filter(
            scheme=scheme, organisation=organisation, project_title=spec.title
        ).first()
        if application is None:
            if Application.objects.filter(
                scheme=scheme, organisation=organisation, status=ApplicationStatus.DRAFT
            ).exists():
                continue  # the organisation's own draft for this scheme: leave it alone
            if at.date() < today:
                dates = (at.date() + timedelta(days=30), at.date() + timedelta(days=300))
            else:
                dates = _project_dates(today)
            application = _fill_and_submit(
                applicant=applicant, scheme=scheme, spec=spec, priorities=priorities, at=at, dates=dates
            )
        _advance(application=application, spec=spec, people=people, applicant=applicant, manager=manager)


APPLICATIONS: list[DemoApplication] = [
    DemoApplication(
        scheme="pcf",
        organisation="Trowbridge Street Pastors",
        title="Night-time economy patrols in Trowbridge",
        amount="12000.00",
        target=ApplicationStatus.APPROVED,
        summary="Trained volunteers on the streets every Friday and Saturday night, helping vulnerable people "
        "get home safely and calling for help when it is needed.",
        scores=[5, 4, 4, 5],
        decider=CHIEF_EXECUTIVE,
        outcome=Decision.Outcome.APPROVE,
        reasons="A strong, well-evidenced application that delivers priorities 1 and 3 at a reasonable cost.",
        accept=True,
        pay_first=True,
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Swindon and Wiltshire Rape Crisis Support",
        title="Independent sexual violence advisers for young people",
        amount="4500.00",
        target=ApplicationStatus.APPROVED,
        summary="A part-time adviser supporting young survivors of sexual violence through the criminal justice "
        "process, working with schools and colleges in Swindon.",
        scores=[5, 4, 3, 5],
        decider=CFO,
        outcome=Decision.Outcome.APPROVE,
        reasons="Meets a clear gap in support for young survivors; good links to the plan.",
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Swindon Restorative Justice CIC",
        title="Restorative justice in Swindon schools",
        amount="7500.00",
        target=ApplicationStatus.DECLINED,
        summary="Restorative conferences in four secondary schools to resolve conflict before it becomes crime.",
        scores=[2, 2, 2, 3],
        decider=CHIEF_EXECUTIVE,
        outcome=Decision.Outcome.DECLINE,
        reasons="The application did not show enough evidence of need in the schools named, and the delivery "
        "plan depends on staff not yet recruited. We would welcome a new application with letters of support "
        "from the schools.",
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Kennet Valley Foodbank",
        title="Safer food bank volunteering",
        amount="3200.00",
        target=ApplicationStatus.MODERATED,
        summary="Safeguarding training and lone-working alarms for the volunteers who deliver food parcels to "
        "people in crisis, many of them victims of crime.",
        scores=[4, 4, 4, 3],
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Salisbury Youth Mentoring CIO",
        title="Mentoring young people at risk of exploitation",
        amount="9000.00",
        target=ApplicationStatus.IN_ASSESSMENT,
        summary="One-to-one mentoring for 30 young people identified by schools and the police as at risk of "
        "criminal exploitation.",
        scores=[4, 3, 4, 4],
        conflict="My daughter is a volunteer mentor with this charity.",
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Wiltshire Domestic Abuse Support CIO",
        title="Domestic abuse outreach in rural Wiltshire",
        amount="8000.00",
        target=ApplicationStatus.SUBMITTED,
        summary="An outreach worker holding drop-in sessions in market towns for people experiencing domestic abuse.",
        outcome="assign",
    ),
    DemoApplication(
        scheme="pcf",
        organisation="Bemerton Heath Neighbourhood Watch",
        title="Neighbourhood watch street signs and leaflets",
        amount="1500.00",
        target=ApplicationStatus.SUBMITTED,
        summary="New street signs and a leaflet drop to recruit members across the estate.",
    ),
    DemoApplication(
        scheme="ppaf",
        organisation="Pewsey Vale Community Speedwatch",
        title="Speed indicator signs for three villages",
        amount="2400.00",
        target=ApplicationStatus.SUBMITTED,
        summary="Two portable speed indicator signs, moved between three villages where residents report speeding.",
        outcome="assign",
    ),
    DemoApplication(
        scheme="ppaf",
        organisation="Swindon and Wiltshire Rape Crisis Support",
        title="Safe evening drop-in",
        amount="2800.00",
        target=ApplicationStatus.DRAFT,
        summary="An evening drop-in where survivors can talk to a trained volunteer in a safe place.",
    ),
    DemoApplication(
        scheme="ppaf",
        organisation="Swindon Restorative Justice CIC",
        title="Victim awareness course",
        amount="2000.00",
        target=ApplicationStatus.WITHDRAWN,
        summary="A course helping people who have offended understand the harm done to victims.",
    ),
    DemoApplication(
        scheme="pcf-closed",
        organisation="Kennet Valley Foodbank",
        title="Winter parcels for victims of crime",
        amount="2500.00",
        target=ApplicationStatus.DECLINED,
        summary="Food and fuel parcels for victims of crime referred by the victim support service.",
        scores=[2, 3, 2],
        decider=CFO,
        outcome=Decision.Outcome.DECLINE,
        reasons="The fund does not pay for food or fuel: the project would be better funded by the hardship fund.",
    ),
]
