"""Writes for commissioning projects: each asks the permission table, runs in one transaction and writes its audit
event there. Stage moves go through the workflow primitive with their reason (cycle/workflows.py)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.agreements.models import Agreement, Mechanism
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id, is_person
from commissioning.core.errors import DomainError
from commissioning.core.services import reference_next
from commissioning.cycle.mechanism_rules import launch_refusal, option_breaches, partner_breaches
from commissioning.cycle.models import (
    Conclusion,
    Intention,
    MechanismOption,
    NeedsAssessment,
    OptionVerdict,
    Outcome,
    OutcomeIndicator,
    PrincipleAnswer,
    Project,
    ProjectLaunch,
    ProjectStage,
    ReviewConclusion,
    Specification,
)
from commissioning.cycle.selectors.projects import (
    current_specification,
    do_refusal,
    indicators_of,
    launch_of_scheme,
    principles_in_force,
)
from commissioning.finance import years
from commissioning.finance.models import Fund
from commissioning.grants.models import Application
from commissioning.grants.services.schemes import scheme_create
from commissioning.monitoring.models import MonitoringPlan
from commissioning.monitoring.services.plans import IndicatorSpec, monitoring_plan_start_indicators
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority

REFERENCE_SCOPE = "cycle.project"
REFERENCE_PREFIX = "PRJ"


def _text(value: str) -> str:
    return (value or "").strip()


def _needed(value: str, message: str, field_name: str) -> str:
    value = _text(value)
    if not value:
        raise DomainError(message, field=field_name)
    return value


def _state(project: Project) -> dict[str, Any]:
    """A project as its audit events record it: its own fields and the ids of what it is linked to."""
    return {
        **snapshot(project),
        "priorities": sorted(priority.pk for priority in project.priorities.all()),
        "needs_assessments": sorted(assessment.pk for assessment in project.needs_assessments.all()),
        "agreements": sorted(agreement.pk for agreement in project.agreements.all()),
    }


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _touch(project: Project) -> None:
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])


def _details(
    *,
    title: str,
    summary: str,
    priorities: Iterable[Priority],
) -> tuple[str, str, list[Priority]]:
    priorities = list(priorities)
    if not priorities:
        raise DomainError("Select at least one priority the project answers", field="priorities")
    return (
        _needed(title, "Enter the title of the project", "title")[:200],
        _needed(summary, "Enter a summary of what the project is for", "summary"),
        priorities,
    )


@transaction.atomic
def project_create(
    *,
    by: Actor,
    title: str,
    summary: str,
    priorities: Iterable[Priority],
    needs_assessments: Iterable[NeedsAssessment] = (),
    intention: Intention | None = None,
) -> Project:
    """A new project, in analyse: the needs assessments and priorities it answers (at least one priority)."""
    require(by, "project.write")
    title, summary, chosen = _details(title=title, summary=summary, priorities=priorities)
    start_year = years.start_year_of(timezone.localdate())
    number = reference_next(REFERENCE_SCOPE, start_year)
    project = Project.objects.create(
        reference=f"{REFERENCE_PREFIX}-{start_year}-{number:04d}",
        title=title,
        summary=summary,
        intention=intention,
        created_by_id=acting_person_id(by),
    )
    project.priorities.set(chosen)
    project.needs_assessments.set(list(needs_assessments))
    audit_record(by=by, action="create", instance=project, after=_state(project))
    return project


@transaction.atomic
def project_update(
    *,
    by: Actor,
    project: Project,
    title: str,
    summary: str,
    priorities: Iterable[Priority],
    needs_assessments: Iterable[NeedsAssessment] = (),
    intention: Intention | None = None,
) -> Project:
    require(by, "project.write", project)
    title, summary, chosen = _details(title=title, summary=summary, priorities=priorities)
    locked = _locked(project)
    before = _state(locked)
    locked.title, locked.summary, locked.intention = title, summary, intention
    locked.updated_at = timezone.now()
    locked.save(update_fields=["title", "summary", "intention", "updated_at"])
    locked.priorities.set(chosen)
    locked.needs_assessments.set(list(needs_assessments))
    audit_record(by=by, action="update", instance=locked, before=before, after=_state(locked))
    return locked


# --- Analyse: the agreements in the area ----------------------------------------------------------------------------


@transaction.atomic
def project_agreement_link(*, by: Actor, project: Project, agreement: Agreement) -> None:
    """Name an agreement as one of the current services in the project's area (its review reads it too)."""
    require(by, "project.write", project)
    locked = _locked(project)
    if locked.agreements.filter(pk=agreement.pk).exists():
        raise DomainError(f"{agreement.reference} is already linked to this project", field="reference")
    before = _state(locked)
    locked.agreements.add(agreement)
    _touch(locked)
    audit_record(by=by, action="link agreement", instance=locked, before=before, after=_state(locked))


@transaction.atomic
def project_agreement_unlink(*, by: Actor, project: Project, agreement: Agreement) -> None:
    require(by, "project.write", project)
    locked = _locked(project)
    before = _state(locked)
    locked.agreements.remove(agreement)
    _touch(locked)
    audit_record(by=by, action="unlink agreement", instance=locked, before=before, after=_state(locked))


# --- Plan: the service specification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorTarget:
    name: str
    target: Decimal | None
    unit: str = ""
    direction: str = OutcomeIndicator.Direction.HIGHER


@dataclass(frozen=True)
class OutcomeSought:
    text: str
    indicators: list[IndicatorTarget] = field(default_factory=list)


def _clean_outcomes(outcomes: Iterable[OutcomeSought]) -> list[OutcomeSought]:
    cleaned, names = [], set()
    for number, outcome in enumerate(outcomes, start=1):
        text = _text(outcome.text)
        if not text:
            if outcome.indicators:
                raise DomainError(f"Enter outcome {number}, or remove its indicators", field="outcomes")
            continue
        indicators = []
        for indicator in outcome.indicators:
            name = _text(indicator.name)[:200]
            if not name:
                raise DomainError(f"Enter the name of each indicator of outcome {number}", field="outcomes")
            if name.lower() in names:
                raise DomainError(f"There are two indicators called {name}", field="outcomes")
            names.add(name.lower())
            if indicator.target is None:
                raise DomainError(f"Enter the target for {name}", field="outcomes")
            if indicator.target < 0:
                raise DomainError(f"The target for {name} must be 0 or more", field="outcomes")
            if indicator.direction not in OutcomeIndicator.Direction.values:
                raise DomainError(f"Select whether higher or lower is better for {name}", field="outcomes")
            indicators.append(
                IndicatorTarget(name, indicator.target, _text(indicator.unit)[:60], indicator.direction)
            )
        cleaned.append(OutcomeSought(text, indicators))
    if not cleaned:
        raise DomainError("Enter at least one outcome the service is to achieve", field="outcomes")
    return cleaned


@transaction.atomic
def specification_write(
    *,
    by: Actor,
    project: Project,
    delivered: str,
    outcomes: Iterable[OutcomeSought],
    revision_note: str = "",
) -> Specification:
    """Write the next version of the project's service specification: what is to be delivered and the outcomes
    sought, each with its indicators and targets. Earlier versions are kept as they were."""
    require(by, "project.write", project)
    delivered = _needed(delivered, "Enter what is to be delivered", "delivered")
    cleaned = _clean_outcomes(outcomes)
    locked = _locked(project)
    latest = current_specification(locked)
    number = (latest.number + 1) if latest is not None else 1
    note = _text(revision_note)
    if latest is not None and not note:
        raise DomainError("Enter what changed from the earlier version, and why", field="revision_note")
    specification = Specification.objects.create(
        project=locked,
        number=number,
        delivered=delivered,
        revision_note=note,
        written_by_id=acting_person_id(by),
    )
    for position, sought in enumerate(cleaned, start=1):
        outcome = Outcome.objects.create(specification=specification, position=position, text=sought.text)
        OutcomeIndicator.objects.bulk_create(
            OutcomeIndicator(
                outcome=outcome,
                position=place,
                name=indicator.name,
                target=indicator.target or Decimal("0"),
                unit=indicator.unit,
                direction=indicator.direction,
            )
            for place, indicator in enumerate(sought.indicators, start=1)
        )
    _touch(locked)
    audit_record(
        by=by,
        action="write specification",
        instance=specification,
        after={**snapshot(specification), "outcomes": outcomes_in_words(specification)},
    )
    return specification


def outcomes_in_words(specification: Specification) -> str:
    """The outcomes and their indicators as text, as a scheme carries them: one outcome a line, its indicators
    after it."""
    lines = []
    for outcome in specification.outcomes.prefetch_related("indicators").order_by("position"):
        lines.append(f"{outcome.position}. {outcome.text}")
        for indicator in outcome.indicators.order_by("position"):
            unit = f" {indicator.unit}" if indicator.unit else ""
            lines.append(
                f"   - {indicator.name}: target {indicator.target.normalize():f}{unit} "
                f"({indicator.get_direction_display().lower()})"
            )
    return "\n".join(lines)


# --- Plan: the options appraisal and the chosen mechanism --------------------------------------------------------


@transaction.atomic
def option_save(
    *,
    by: Actor,
    project: Project,
    mechanism: str,
    benefits: str,
    restrictions: str,
    legal_requirements: str,
    verdict: str,
    why: str,
    partners: Iterable[Organisation] = (),
    estimated_value: Decimal | None = None,
    duration_months: int | None = None,
    unit: str = "",
) -> MechanismOption:
    """Appraise one mechanism for the project. Its own rules are checked first: a partnership naming a partner that
    is not a public body is refused; an option taken forward must meet its mechanism's rules."""
    require(by, "project.write", project)
    if mechanism not in Mechanism.values:
        raise DomainError("Select a mechanism", field="mechanism")
    values = {
        "benefits": _needed(benefits, "Enter the benefits of this mechanism", "benefits"),
        "restrictions": _needed(restrictions, "Enter the restrictions of this mechanism", "restrictions"),
        "legal_requirements": _needed(
            legal_requirements, "Enter the legal requirements of this mechanism", "legal_requirements"
        ),
        "why": _needed(why, "Enter why it is taken forward or set aside", "why"),
    }
    if verdict not in OptionVerdict.values:
        raise DomainError("Select whether the mechanism is taken forward or set aside", field="verdict")
    partners = list(partners) if mechanism == Mechanism.PARTNERSHIP else []
    if partners:
        refused = partner_breaches(partners)
        if refused:
            raise DomainError(refused[0], field="partners")
    unit = _text(unit)[:100] if mechanism == Mechanism.ACCREDITATION else ""
    if mechanism != Mechanism.GRANT:
        estimated_value, duration_months = None, None
    locked = _locked(project)
    if verdict == OptionVerdict.TAKEN_FORWARD:
        breaches = option_breaches(
            mechanism=mechanism,
            partners=partners,
            estimated_value=estimated_value,
            duration_months=duration_months,
            unit=unit,
        )
        if breaches:
            raise DomainError(breaches[0], field="verdict")
    elif locked.chosen_mechanism == mechanism:
        raise DomainError(
            "This is the project's chosen mechanism: choose another before setting this one aside",
            field="verdict",
        )
    option = MechanismOption.objects.filter(project=locked, mechanism=mechanism).first()
    before = None
    if option is None:
        option = MechanismOption(project=locked, mechanism=mechanism)
    else:
        before = {**snapshot(option), "partners": sorted(p.pk for p in option.partners.all())}
    for name, value in values.items():
        setattr(option, name, value)
    option.verdict = verdict
    option.estimated_value = estimated_value
    option.duration_months = duration_months
    option.unit = unit
    option.updated_at = timezone.now()
    option.updated_by_id = acting_person_id(by)
    option.save()
    option.partners.set(partners)
    _touch(locked)
    audit_record(
        by=by,
        action="appraise" if before is None else "update",
        instance=option,
        before=before,
        after={**snapshot(option), "partners": sorted(p.pk for p in partners)},
    )
    return option


@transaction.atomic
def mechanism_choose(*, by: Actor, project: Project, mechanism: str, reason: str) -> Project:
    """Choose the mechanism the project will use, with the reason: an option appraised, taken forward, and meeting
    its mechanism's own rules. Anything else is refused with the rule's words."""
    require(by, "project.write", project)
    reason = _needed(reason, "Enter the reason for choosing this mechanism", "reason")
    if mechanism not in Mechanism.values:
        raise DomainError("Select the mechanism the project will use", field="mechanism")
    label = Mechanism(mechanism).label
    locked = _locked(project)
    option = (
        MechanismOption.objects.filter(project=locked, mechanism=mechanism)
        .prefetch_related("partners")
        .first()
    )
    if option is None:
        raise DomainError(
            f"Appraise {label.lower()} in the options appraisal before choosing it", field="mechanism"
        )
    if option.verdict != OptionVerdict.TAKEN_FORWARD:
        raise DomainError(
            f"{label} was set aside in the appraisal, so it cannot be chosen", field="mechanism"
        )
    breaches = option_breaches(
        mechanism=mechanism,
        partners=option.partners.all(),
        estimated_value=option.estimated_value,
        duration_months=option.duration_months,
        unit=option.unit,
    )
    if breaches:
        raise DomainError(breaches[0], field="mechanism")
    before = snapshot(locked)
    locked.chosen_mechanism, locked.chosen_reason = mechanism, reason
    locked.updated_at = timezone.now()
    locked.save(update_fields=["chosen_mechanism", "chosen_reason", "updated_at"])
    audit_record(by=by, action="choose mechanism", instance=locked, before=before, after=snapshot(locked))
    return locked


# --- Plan: the commissioning principles -----------------------------------------------------------------------------


@transaction.atomic
def principles_answer(*, by: Actor, project: Project, evidence: Mapping[int, str]) -> int:
    """Answer the commissioning principles with evidence, by principle id: an answer is written or changed; a
    blank leaves the principle unanswered (removing an answer given before). Returns how many are answered."""
    require(by, "project.write", project)
    locked = _locked(project)
    in_force = {principle.pk: principle for principle in principles_in_force(fresh=True)}
    unknown = set(evidence) - set(in_force)
    if unknown:
        raise DomainError("Answer only the commissioning principles in force", field="evidence")
    existing = {answer.principle_id: answer for answer in PrincipleAnswer.objects.filter(project=locked)}
    person = acting_person_id(by)
    for principle_id, text in evidence.items():
        text = _text(text)
        answer = existing.get(principle_id)
        if answer is None and text:
            answer = PrincipleAnswer.objects.create(
                project=locked, principle=in_force[principle_id], evidence=text, answered_by_id=person
            )
            existing[principle_id] = answer
            audit_record(by=by, action="answer principle", instance=answer, after=snapshot(answer))
        elif answer is not None and not text:
            audit_record(by=by, action="withdraw answer", instance=answer, before=snapshot(answer))
            answer.delete()
            del existing[principle_id]
        elif answer is not None and answer.evidence != text:
            before = snapshot(answer)
            answer.evidence, answer.answered_at, answer.answered_by_id = text, timezone.now(), person
            answer.save(update_fields=["evidence", "answered_at", "answered_by"])
            audit_record(
                by=by, action="answer principle", instance=answer, before=before, after=snapshot(answer)
            )
    _touch(locked)
    return len([pk for pk in existing if pk in in_force])


# --- Stage moves ------------------------------------------------------------------------------------------------------


def project_move(*, by: Actor, project: Project, to: str, reason: str) -> Project:
    """Move the project to another stage (any stage, forward or back) with the reason, through the workflow
    primitive. A move to *do* needs a specification, a chosen mechanism and every principle answered."""
    reason = _needed(reason, "Enter the reason for the move", "reason")
    if to not in ProjectStage.values:
        raise DomainError("Select the stage to move the project to", field="to")
    with transaction.atomic():
        if to == ProjectStage.DO:
            refusal = do_refusal(_locked(project), fresh=True)
            if refusal:
                raise DomainError(refusal, field="to")
        return transition(by=by, record=project, to=to, reason=reason, changes={"updated_at": timezone.now()})


# --- Do: launching the chosen mechanism -------------------------------------------------------------------------------


@transaction.atomic
def project_launch_scheme(
    *,
    by: Actor,
    project: Project,
    fund: Fund,
    name: str,
    slug: str,
    summary: str,
    opens_at: datetime,
    closes_at: datetime,
) -> ProjectLaunch:
    """Launch the project's grant scheme: a new scheme (grants' own service, its checks and permission) carrying
    the project's priorities, the current specification as its guidance and its outcomes with their indicators,
    linked back to the project."""
    require(by, "project.launch", project)
    locked = _locked(project)
    if locked.stage != ProjectStage.DO:
        raise DomainError("Move the project to do before launching what it chose", field="__all__")
    refusal = launch_refusal(locked.chosen_mechanism)
    if refusal:
        raise DomainError(refusal, field="__all__")
    specification = current_specification(locked)
    if specification is None:
        raise DomainError("Write the service specification before launching the scheme", field="__all__")
    scheme = scheme_create(
        by=by,
        fund=fund,
        name=name,
        slug=slug,
        summary=summary,
        guidance=specification.delivered,
        opens_at=opens_at,
        closes_at=closes_at,
        outcomes=outcomes_in_words(specification),
        priorities=list(locked.priorities.all()),
    )
    launch = ProjectLaunch.objects.create(
        project=locked,
        mechanism=Mechanism.GRANT,
        scheme=scheme,
        specification=specification,
        launched_by_id=acting_person_id(by),
    )
    _touch(locked)
    audit_record(by=by, action="launch", instance=launch, after=snapshot(launch))
    return launch


# --- Review -------------------------------------------------------------------------------------------------------------


@transaction.atomic
def review_conclude(*, by: Actor, project: Project, conclusion: str, reason: str) -> ReviewConclusion:
    """Record a conclusion of the project's review (continue, change, recommission or decommission) with its reason;
    earlier conclusions stay as history."""
    require(by, "project.write", project)
    if conclusion not in Conclusion.values:
        raise DomainError("Select the review's conclusion", field="conclusion")
    reason = _needed(reason, "Enter the reason for the conclusion", "reason")
    locked = _locked(project)
    if locked.stage != ProjectStage.REVIEW:
        raise DomainError("Move the project to review before recording a conclusion", field="conclusion")
    made = ReviewConclusion.objects.create(
        project=locked, conclusion=conclusion, reason=reason, concluded_by_id=acting_person_id(by)
    )
    _touch(locked)
    audit_record(by=by, action="conclude review", instance=made, after=snapshot(made))
    return made


# --- When an agreement from a project's scheme starts -------------------------------------------------------------


def _scheme_of(agreement: Agreement) -> int | None:
    if agreement.source_type != "grants.application" or not agreement.source_id.isdigit():
        return None
    return Application.objects.filter(pk=int(agreement.source_id)).values_list("scheme_id", flat=True).first()


def project_indicators_to_plan(*, agreement: Agreement, by: Actor) -> None:
    """Registered on the agreement hub after monitoring (agreements/hooks.py): an agreement whose scheme a project
    launched starts its monitoring plan with the indicators of the specification the scheme carried across, through
    monitoring's own service. A step of the agreement's start: when whoever started it (a provider accepting an
    offer) may not change monitoring plans itself, it is still a step of the start it made. A system actor's start
    (an import) names no person for the adjustment, so it keeps the plan as monitoring made it."""
    if not is_person(by):
        return
    scheme_id = _scheme_of(agreement)
    if scheme_id is None:
        return
    launch = launch_of_scheme(scheme_id)
    plan = MonitoringPlan.objects.filter(agreement=agreement).first()
    if launch is None or plan is None:
        return
    indicators = indicators_of(launch.specification)
    if not indicators:
        return
    specs = [
        IndicatorSpec(name=i.name, target=i.target, unit=i.unit, direction=i.direction) for i in indicators
    ]
    current = {(i.name, i.unit, i.target, i.direction) for i in plan.indicators.all()}
    if current == {(s.name, s.unit, s.target, s.direction) for s in specs}:
        return
    monitoring_plan_start_indicators(
        by=by,
        plan=plan,
        reason=(
            f"The indicators of {launch.project.reference}'s service specification "
            f"(version {launch.specification.number}), carried across by the scheme"
        ),
        indicators=specs,
    )
