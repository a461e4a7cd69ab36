"""Demo commissioning projects: one in every stage, one that chose each mechanism. A contract and an accreditation
stay in plan, a partnership sits in do saying its launch is not built yet, a grant project in do launched a grant
scheme carrying its outcomes, and a project in review has a conclusion.

Everything goes through the services as the demo officer, so it is audited. Safe to run again: a project found by
its title is left as it is.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.core.actors import Actor
from commissioning.cycle.models import (
    STAGE_ORDER,
    Conclusion,
    NeedsAssessment,
    OptionVerdict,
    Project,
    ProjectStage,
)
from commissioning.cycle.services.projects import (
    IndicatorTarget,
    OutcomeSought,
    mechanism_choose,
    option_save,
    principles_answer,
    project_agreement_link,
    project_create,
    project_launch_scheme,
    project_move,
    review_conclude,
    specification_write,
)
from commissioning.finance.models import Fund
from commissioning.organisations.models import Organisation
from commissioning.plans.models import CommissioningPrinciple, Priority

OFFICER = "officer@example.org"

# What each mechanism's appraisal says, when a project appraises it (PRODUCT.md 3.4, the strategy's mechanisms).
APPRAISAL: dict[str, dict[str, Any]] = {
    Mechanism.GRANT: {
        "benefits": "Quick to award and light to run; reaches small voluntary and community groups.",
        "restrictions": "Small-scale, one-off work only; no guarantee of continuity.",
        "legal_requirements": "A grant agreement with conditions of use; proportionate reporting.",
    },
    Mechanism.CONTRACT: {
        "benefits": "A specified service with clear performance terms over several years.",
        "restrictions": "A procurement takes months and favours larger providers.",
        "legal_requirements": "The Public Contracts Regulations above the threshold; the body's contract standing "
        "orders below it.",
    },
    Mechanism.ACCREDITATION: {
        "benefits": "Service users choose among accredited providers; paid only for what is used.",
        "restrictions": "Only for services bought in set units; volumes are hard to predict.",
        "legal_requirements": "A published accreditation standard applied equally to every provider.",
    },
    Mechanism.PARTNERSHIP: {
        "benefits": "Pooled budgets and shared outcomes with other public bodies.",
        "restrictions": "Public bodies only; governance is shared.",
        "legal_requirements": "A partnership or collaboration agreement (Police Act 1996 section 22A, or the "
        "NHS Act 2006 section 75 where health is a partner).",
    },
}


@dataclass
class DemoProject:
    title: str
    summary: str
    priority_numbers: list[int]
    stage: str
    delivered: str = ""
    outcomes: list[OutcomeSought] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    chosen: str = ""
    chosen_reason: str = ""
    launch: dict[str, Any] | None = None
    link_agreements: int = 0
    conclusion: tuple[str, str] | None = None


def _taken(why: str, **particulars: Any) -> dict[str, Any]:
    return {"verdict": OptionVerdict.TAKEN_FORWARD, "why": why, **particulars}


def _set_aside(why: str) -> dict[str, Any]:
    return {"verdict": OptionVerdict.SET_ASIDE, "why": why}


VICTIM_OUTCOMES = [
    OutcomeSought(
        "Victims are helped to cope and recover",
        [
            IndicatorTarget("Victims supported", Decimal("300"), "people"),
            IndicatorTarget("Victims who say they cope better", Decimal("75"), "per cent"),
        ],
    ),
    OutcomeSought(
        "Fewer people become repeat victims",
        [IndicatorTarget("Repeat victims within a year", Decimal("15"), "per cent", "lower")],
    ),
]

NIGHT_OUTCOMES = [
    OutcomeSought(
        "Town centres are safer at night",
        [
            IndicatorTarget("Nights patrolled", Decimal("90"), "nights"),
            IndicatorTarget("People helped home safely", Decimal("400"), "people"),
        ],
    ),
    OutcomeSought(
        "Fewer alcohol-related assaults",
        [IndicatorTarget("Assaults reported in the patrol area", Decimal("120"), "assaults", "lower")],
    ),
]


def _projects() -> list[DemoProject]:
    return [
        DemoProject(
            title="Support for victims in rural Wiltshire",
            summary="Understanding how victims living in villages far from services can be reached and supported.",
            priority_numbers=[1],
            stage=ProjectStage.ANALYSE,
            link_agreements=2,
        ),
        DemoProject(
            title="Victim care service from 2027",
            summary="Recommissioning the core victim care service when the current contract ends.",
            priority_numbers=[1],
            stage=ProjectStage.PLAN,
            delivered="A referral, assessment and support service for every victim of crime in Wiltshire and "
            "Swindon, by telephone, online and face to face.",
            outcomes=VICTIM_OUTCOMES,
            options={
                Mechanism.CONTRACT: _taken("A multi-year, specified service of this size is best procured."),
                Mechanism.GRANT: _set_aside("Far beyond small-scale, quick, one-off work."),
            },
            chosen=Mechanism.CONTRACT,
            chosen_reason="A three-year contract gives the stability victims need; procure it in the open.",
        ),
        DemoProject(
            title="Counselling after sexual violence",
            summary="Counselling for survivors of sexual violence, bought by the session from accredited providers.",
            priority_numbers=[1, 2],
            stage=ProjectStage.PLAN,
            delivered="Specialist counselling for survivors of sexual violence, offered within four weeks of "
            "referral, in sessions of one hour.",
            outcomes=[
                OutcomeSought(
                    "Survivors recover well-being",
                    [IndicatorTarget("Sessions delivered", Decimal("1200"), "sessions")],
                )
            ],
            options={
                Mechanism.ACCREDITATION: _taken(
                    "Demand varies; survivors can choose their counsellor.",
                    unit="A one-hour counselling session",
                ),
                Mechanism.CONTRACT: _set_aside("One provider would limit survivors' choice."),
            },
            chosen=Mechanism.ACCREDITATION,
            chosen_reason="Bought by the session from every provider who meets the standard.",
        ),
        DemoProject(
            title="Reducing reoffending with the councils",
            summary="A pooled programme with the two councils for people leaving prison.",
            priority_numbers=[2],
            stage=ProjectStage.DO,
            delivered="Housing, employment and mentoring support for people leaving prison to live in Wiltshire "
            "or Swindon.",
            outcomes=[
                OutcomeSought(
                    "Fewer people reoffend",
                    [IndicatorTarget("Proven reoffending within a year", Decimal("25"), "per cent", "lower")],
                )
            ],
            options={
                Mechanism.PARTNERSHIP: _taken(
                    "The councils fund housing and employment support already.",
                    partners=["Wiltshire Council", "Swindon Borough Council"],
                ),
                Mechanism.GRANT: _set_aside("Too large and long for a grant."),
            },
            chosen=Mechanism.PARTNERSHIP,
            chosen_reason="Pooling budgets with the councils avoids paying twice for the same support.",
        ),
        DemoProject(
            title="Safer nights in town centres",
            summary="Small grants for street pastors and night-time volunteers in the towns.",
            priority_numbers=[3],
            stage=ProjectStage.DO,
            delivered="Volunteers on the streets of the town centres on Friday and Saturday nights, helping "
            "vulnerable people home safely.",
            outcomes=NIGHT_OUTCOMES,
            options={
                Mechanism.GRANT: _taken(
                    "Small, quick, one-off projects by community groups.",
                    estimated_value=Decimal("3000.00"),
                    duration_months=12,
                ),
                Mechanism.CONTRACT: _set_aside("A procurement would shut out volunteer groups."),
            },
            chosen=Mechanism.GRANT,
            chosen_reason="Community groups can deliver this quickly with a small grant each.",
            launch={"fund": "PCF", "name": "Safer nights grants", "slug": "safer-nights-grants"},
        ),
        DemoProject(
            title="Youth diversion in Swindon",
            summary="Diversionary activities for young people at risk of exploitation, reviewed after a year.",
            priority_numbers=[2, 3],
            stage=ProjectStage.REVIEW,
            delivered="Evening and weekend activities for young people aged 10 to 17 referred by schools and "
            "the police.",
            outcomes=[
                OutcomeSought(
                    "Young people stay out of trouble",
                    [IndicatorTarget("Young people taking part", Decimal("150"), "people")],
                )
            ],
            options={
                Mechanism.GRANT: _taken(
                    "Local groups already run these activities.",
                    estimated_value=Decimal("3000.00"),
                    duration_months=12,
                )
            },
            chosen=Mechanism.GRANT,
            chosen_reason="Small grants reach the groups young people already know.",
            link_agreements=3,
            conclusion=(
                Conclusion.CONTINUE,
                "Returns are rated green or amber and public feedback is good: continue for another year.",
            ),
        ),
    ]


def _opening(days: int) -> datetime:
    return datetime.combine(
        timezone.localdate() + timedelta(days=days), time(9, 0), tzinfo=timezone.get_current_timezone()
    )


def _plan(spec: DemoProject, project: Project, officer: Any) -> None:
    specification_write(by=officer, project=project, delivered=spec.delivered, outcomes=spec.outcomes)
    for mechanism, particulars in spec.options.items():
        particulars = dict(particulars)
        names = particulars.pop("partners", [])
        option_save(
            by=officer,
            project=project,
            mechanism=mechanism,
            partners=list(Organisation.objects.filter(name__in=names)),
            **APPRAISAL[mechanism],
            **particulars,
        )
    mechanism_choose(by=officer, project=project, mechanism=spec.chosen, reason=spec.chosen_reason)
    principles = CommissioningPrinciple.objects.filter(is_active=True).order_by("number")
    principles_answer(
        by=officer,
        project=project,
        evidence={
            principle.pk: f"{project.title}: how the project meets principle {principle.number} is recorded in "
            "its needs assessment, specification and appraisal."
            for principle in principles
        },
    )


def _walk(spec: DemoProject, project: Project, officer: Any) -> None:
    order: list[str] = list(STAGE_ORDER)
    reasons: dict[str, str] = {
        ProjectStage.PLAN: "The needs are understood and the current services are known.",
        ProjectStage.DO: "The specification, the appraisal and every principle are settled.",
        ProjectStage.REVIEW: "The service has run long enough to review its returns and feedback.",
    }
    for stage in order[1 : order.index(spec.stage) + 1]:
        project_move(by=officer, project=project, to=stage, reason=reasons[stage])
        if stage == ProjectStage.PLAN and spec.delivered:
            _plan(spec, project, officer)
        fund = Fund.objects.filter(code=spec.launch["fund"]).first() if spec.launch else None
        if stage == ProjectStage.DO and spec.launch and fund is not None:
            project_launch_scheme(
                by=officer,
                project=project,
                fund=fund,
                name=spec.launch["name"],
                slug=spec.launch["slug"],
                summary=project.summary,
                opens_at=_opening(30),
                closes_at=_opening(75),
            )


def load(*, by: Actor) -> None:
    officer = User.objects.filter(email=OFFICER, is_active=True).first()
    priorities = {p.number: p for p in Priority.objects.filter(plan__is_current=True)}
    if officer is None or not priorities:
        return
    for spec in _projects():
        if Project.objects.filter(title=spec.title).exists():
            continue
        chosen = [priorities[n] for n in spec.priority_numbers if n in priorities]
        project = project_create(
            by=officer,
            title=spec.title,
            summary=spec.summary,
            priorities=chosen,
            # The needs assessments of the same priorities (the needs demo writes them).
            needs_assessments=list(NeedsAssessment.objects.filter(priorities__in=chosen).distinct()[:2]),
        )
        agreements = (
            Agreement.objects.filter(status=AgreementStatus.ACTIVE, priorities__in=chosen)
            .distinct()
            .order_by("reference")[: spec.link_agreements]
        )
        for agreement in agreements:
            project_agreement_link(by=officer, project=project, agreement=agreement)
        _walk(spec, project, officer)
        if spec.conclusion is not None:
            review_conclude(
                by=officer, project=project, conclusion=spec.conclusion[0], reason=spec.conclusion[1]
            )
