"""Generated commissioning projects for `generate_data`: 300 on the large set (proportionally fewer on the small),
spread over the four stages, each answering one to three priorities and linked to a few of the generated
agreements naming them. Those past analyse have a specification (some revised, so two versions) with outcomes and
indicators, two mechanisms appraised and one chosen; those in do or review have every principle answered (some in
plan too, some not), and those in review a conclusion or two. Each move past analyse has its status history row.

Like the rest of the generated data (ADR 0008) rows are written with `bulk_create` and have no audit events; the
values keep the services' rules: a grant chosen is within the largest maximum award and a year, an accreditation
names its unit, a partnership names only public bodies, and a project past plan has what the move to do needs.
"""

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commissioning.agreements.models import Agreement, Mechanism
from commissioning.audit.models import StatusChange
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_counter_raise
from commissioning.cycle.models import (
    STAGE_ORDER,
    Conclusion,
    MechanismOption,
    OptionVerdict,
    Outcome,
    OutcomeIndicator,
    PrincipleAnswer,
    Project,
    ProjectStage,
    ReviewConclusion,
    Specification,
)
from commissioning.cycle.services.projects import REFERENCE_PREFIX, REFERENCE_SCOPE
from commissioning.organisations.models import Organisation
from commissioning.organisations.sectors import SectorGroup, sectors_in
from commissioning.plans.models import CommissioningPrinciple

from . import words

if TYPE_CHECKING:
    from .builder import Generator

LARGE_PROJECTS = 300
LARGE_AGREEMENTS = 40_000
STAGE_WEIGHTS = {ProjectStage.ANALYSE: 2, ProjectStage.PLAN: 3, ProjectStage.DO: 2, ProjectStage.REVIEW: 3}
TEXT = "Recorded in the appraisal for this project."


class ProjectGenerator:
    def __init__(self, generator: "Generator") -> None:
        self.g = generator
        self.count = max(6, round(LARGE_PROJECTS * generator.scale.agreements / LARGE_AGREEMENTS))

    def run(self) -> None:
        g = self.g
        with g.step("Commissioning projects"):
            principles = list(CommissioningPrinciple.objects.filter(is_active=True).order_by("number"))
            public = list(
                Organisation.objects.filter(sector__in=sectors_in(SectorGroup.PUBLIC)).order_by("pk")[:20]
            )
            by_priority: dict[int, list[int]] = {}
            rows = Agreement.priorities.through.objects.filter(agreement__status="active").values_list(
                "priority_id", "agreement_id"
            )
            for priority_id, agreement_id in rows.iterator():
                by_priority.setdefault(priority_id, []).append(agreement_id)
            year = g.current_year
            counter = ReferenceCounter.objects.filter(scope=REFERENCE_SCOPE, year=year).first()
            first = (counter.last if counter is not None else 0) + 1
            projects, chosen_priorities = [], []
            for number in range(first, first + self.count):
                stage = g.rng.choices(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()))[0]
                created = g.now - timedelta(days=g.rng.randint(30, 900))
                mechanism = "" if stage == ProjectStage.ANALYSE else g.rng.choice(Mechanism.values)
                if mechanism == Mechanism.PARTNERSHIP and not public:
                    mechanism = Mechanism.CONTRACT
                projects.append(
                    Project(
                        reference=f"{REFERENCE_PREFIX}-{year}-{number:04d}",
                        title=f"{words.project_title(g.rng)}"[:200],
                        summary=f"{g.rng.choice(words.PROJECT_AIMS)} for {g.rng.choice(words.BENEFICIARIES)}.",
                        stage=stage,
                        chosen_mechanism=mechanism,
                        chosen_reason="The appraisal found it the best fit." if mechanism else "",
                        created_at=created,
                        created_by=g.rng.choice(g.officers),
                        updated_at=created + timedelta(days=g.rng.randint(1, 29)),
                    )
                )
                chosen_priorities.append(
                    g.rng.sample(g.priorities, min(len(g.priorities), g.rng.choice([1, 1, 2, 3])))
                )
            g.insert(Project, projects, label="commissioning projects")
            reference_counter_raise(REFERENCE_SCOPE, year, first + self.count - 1)
            self._links(projects, chosen_priorities, by_priority)
            self._plans(projects, principles, public)
            self._history(projects)

    def _links(
        self, projects: list[Project], priorities: list[list[Any]], by_priority: dict[int, list[int]]
    ) -> None:
        g = self.g
        priority_rows, agreement_rows = [], []
        for project, chosen in zip(projects, priorities, strict=True):
            for priority in chosen:
                priority_rows.append(
                    Project.priorities.through(project_id=project.pk, priority_id=priority.pk)
                )
            pool = sorted({a for priority in chosen for a in by_priority.get(priority.pk, [])})
            for agreement_id in g.rng.sample(pool, min(len(pool), g.rng.randint(0, 6))):
                agreement_rows.append(
                    Project.agreements.through(project_id=project.pk, agreement_id=agreement_id)
                )
        g.insert(Project.priorities.through, priority_rows, label="project priorities")
        g.insert(Project.agreements.through, agreement_rows, label="project agreements")

    def _option(
        self, project: Project, mechanism: str, verdict: str, public: list[Organisation]
    ) -> MechanismOption:
        option = MechanismOption(
            project=project,
            mechanism=mechanism,
            benefits=TEXT,
            restrictions=TEXT,
            legal_requirements=TEXT,
            verdict=verdict,
            why=TEXT,
            updated_at=project.updated_at,
            updated_by=project.created_by,
        )
        if mechanism == Mechanism.GRANT:
            option.estimated_value = Decimal(self.g.rng.randrange(500, 3000, 100))
            option.duration_months = self.g.rng.choice([6, 9, 12])
        if mechanism == Mechanism.ACCREDITATION:
            option.unit = self.g.rng.choice(["A counselling session", "A course", "A home visit"])
        return option

    def _plans(
        self, projects: list[Project], principles: list[CommissioningPrinciple], public: list[Any]
    ) -> None:
        g = self.g
        specifications, options, answers, conclusions, partners = [], [], [], [], []
        planned = [p for p in projects if p.stage != ProjectStage.ANALYSE]
        for project in planned:
            versions = 2 if g.rng.random() < 0.3 else 1
            for number in range(1, versions + 1):
                specifications.append(
                    Specification(
                        project=project,
                        number=number,
                        delivered=f"{g.rng.choice(words.PROJECT_ACTIVITIES)} for {g.rng.choice(words.BENEFICIARIES)}.",
                        revision_note="Narrowed after consultation." if number > 1 else "",
                        written_at=project.created_at + timedelta(days=number),
                        written_by=project.created_by,
                    )
                )
            other = g.rng.choice([m for m in Mechanism.values if m != project.chosen_mechanism])
            options.append(
                self._option(project, project.chosen_mechanism, OptionVerdict.TAKEN_FORWARD, public)
            )
            options.append(self._option(project, other, OptionVerdict.SET_ASIDE, public))
            answered = principles
            if project.stage == ProjectStage.PLAN and g.rng.random() < 0.5:
                answered = principles[: g.rng.randint(0, len(principles) - 1)]
            for principle in answered:
                answers.append(
                    PrincipleAnswer(
                        project=project,
                        principle=principle,
                        evidence="Shown in the needs assessment and the specification.",
                        answered_at=project.updated_at,
                        answered_by=project.created_by,
                    )
                )
            if project.stage == ProjectStage.REVIEW:
                for offset in range(g.rng.choice([1, 1, 2])):
                    conclusions.append(
                        ReviewConclusion(
                            project=project,
                            conclusion=g.rng.choice(Conclusion.values),
                            reason="Read against the returns, spend and feedback.",
                            concluded_at=project.updated_at + timedelta(days=offset * 30),
                            concluded_by=project.created_by,
                        )
                    )
        g.insert(Specification, specifications, label="service specifications")
        outcomes = [
            Outcome(specification=spec, position=position, text=f"{g.rng.choice(words.PROJECT_AIMS)}")
            for spec in specifications
            for position in range(1, g.rng.randint(2, 3) + 1)
        ]
        g.insert(Outcome, outcomes, label="outcomes")
        g.insert(
            OutcomeIndicator,
            [
                OutcomeIndicator(
                    outcome=outcome,
                    position=1,
                    name=f"People supported ({outcome.position})",
                    target=Decimal(g.rng.randrange(20, 500)),
                    unit="people",
                )
                for outcome in outcomes
            ],
            label="outcome indicators",
        )
        g.insert(MechanismOption, options, label="mechanism options")
        for option in options:
            if option.mechanism == Mechanism.PARTNERSHIP and public:
                for organisation in g.rng.sample(public, min(2, len(public))):
                    partners.append(
                        MechanismOption.partners.through(
                            mechanismoption_id=option.pk, organisation_id=organisation.pk
                        )
                    )
        g.insert(MechanismOption.partners.through, partners, label="partnership partners")
        g.insert(PrincipleAnswer, answers, label="principle answers")
        g.insert(ReviewConclusion, conclusions, label="review conclusions")

    def _history(self, projects: list[Project]) -> None:
        changes = []
        for project in projects:
            reached = STAGE_ORDER.index(project.stage)
            for step in range(reached):
                changes.append(
                    StatusChange(
                        record_type="cycle.project",
                        record_id=project.pk,
                        from_status=STAGE_ORDER[step],
                        to_status=STAGE_ORDER[step + 1],
                        reason="Ready for the next stage.",
                        changed_at=project.created_at + timedelta(days=step + 1),
                        changed_by=project.created_by,
                        actor_label=project.created_by.email,
                    )
                )
        self.g.insert(StatusChange, changes, label="project stage moves")
