"""Every registered workflow, walked on real records through the one primitive.

For each workflow (`audit.workflow.workflows()`) and each move of its table, a record is made (a record maker per
model, below), brought to the move's starting status along the table, and moved by a person or a system actor
the permission table allows: each move writes exactly one audit event and one `StatusChange` row with the right
from and to. A move the table does not hold is refused with `InvalidTransition` in GOV.UK voice and writes
nothing. A workflow registered without a record maker here fails the walk.
"""

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import models

from commissioning.accounts.models import User
from commissioning.accounts.permissions import check, permission
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus, Invoice
from commissioning.agreements.tests.factories import make_agreement
from commissioning.audit.models import AuditEvent, StatusChange
from commissioning.audit.workflow import Workflow, transition, workflow_for, workflows
from commissioning.boards.models import Board, BoardPack, Meeting
from commissioning.boards.services import meeting_create
from commissioning.core.actors import Actor, SystemActor, actor_label, person_id
from commissioning.core.errors import InvalidTransition
from commissioning.cycle.models import CommissioningIntentions, Project
from commissioning.cycle.services.intentions import intention_add, intentions_start
from commissioning.decisions.models import Confidentiality, DecisionRecord
from commissioning.decisions.services import decision_create
from commissioning.decommissioning.models import Decommissioning, Kind, Reason
from commissioning.decommissioning.services import decommissioning_start
from commissioning.feedback.models import Feedback
from commissioning.feedback.services import feedback_give
from commissioning.feedback.tests.factories import make_service
from commissioning.finance.models import Commitment, FinancialYear
from commissioning.finance.services import commitment_create
from commissioning.finance.tests.factories import AllocationFactory
from commissioning.grants.models import Application
from commissioning.grants.tests.factories import ApplicationFactory, provider_for
from commissioning.monitoring.models import MonitoringReturn, RemedialPlan
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.plans.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]


@dataclass
class Made:
    """A record at the status it is born with, and the people it knows (the applicant, its organisation's
    provider), who are the only ones some conditions allow."""

    record: models.Model
    people: list[User] = field(default_factory=list)


# --- Record makers, one per model with a workflow -----------------------------------------------------------------


def _organisation_with_provider(name: str) -> tuple[Organisation, User]:
    organisation = OrganisationFactory.create(name=name)
    return organisation, provider_for(organisation)


def _application(make_user: MakeUser) -> Made:
    organisation, provider = _organisation_with_provider("Devizes Youth Boxing Club")
    return Made(ApplicationFactory.create(organisation=organisation, created_by=provider), [provider])


def _agreement(make_user: MakeUser) -> Made:
    organisation, provider = _organisation_with_provider("Swindon Night Shelter")
    agreement = make_agreement(
        by=make_user(Role.COMMISSIONING_OFFICER),
        organisation=organisation,
        fund=None,
        status=AgreementStatus.DRAFT,
    )
    return Made(agreement, [provider])


def _active_agreement(make_user: MakeUser) -> tuple[Agreement, User]:
    organisation, provider = _organisation_with_provider("Wiltshire Victim Support")
    agreement = make_agreement(
        by=make_user(Role.COMMISSIONING_OFFICER),
        organisation=organisation,
        fund=None,
        value="50000.00",
        status=AgreementStatus.ACTIVE,
    )
    return agreement, provider


def _monitoring_return(make_user: MakeUser) -> Made:
    agreement, provider = _active_agreement(make_user)
    return Made(agreement.monitoring_plan.returns.order_by("number")[0], [provider])


def _remedial_plan(make_user: MakeUser) -> Made:
    agreement, provider = _active_agreement(make_user)
    plan = RemedialPlan.objects.create(
        agreement=agreement, summary="Recruit two advisers", opened_by=make_user(Role.COMMISSIONING_OFFICER)
    )
    return Made(plan, [provider])


def _feedback(make_user: MakeUser) -> Made:
    service = make_service(
        by=make_user(Role.COMMISSIONING_OFFICER), organisation=OrganisationFactory.create()
    )
    return Made(
        feedback_give(agreement=service, what_happened="The sessions helped my son", consent_to_use=True)
    )


def _commitment(make_user: MakeUser) -> Made:
    allocation = AllocationFactory.create(
        amount=Decimal("10000"), financial_year=FinancialYear.objects.get_or_create(start_year=2026)[0]
    )
    commitment = commitment_create(
        by=make_user(Role.CHIEF_FINANCE_OFFICER),
        allocation=allocation,
        amount=Decimal("6000"),
        description="Project",
    )
    return Made(commitment)


def _invoice(make_user: MakeUser) -> Made:
    agreement, provider = _active_agreement(make_user)
    invoice = Invoice.objects.create(
        agreement=agreement,
        number=1,
        reference="INV-0001",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        amount=Decimal("1000.00"),
        received_on=date(2026, 7, 3),
        recorded_by=make_user(Role.COMMISSIONING_OFFICER),
    )
    return Made(invoice, [provider])


def _meeting(make_user: MakeUser) -> Made:
    board = Board.objects.create(
        name="Commissioner's Monitoring Board", purpose="Holds services to account", chair_role="Commissioner"
    )
    meeting = meeting_create(
        by=make_user(Role.COMMISSIONING_OFFICER),
        board=board,
        starts_at=datetime(2026, 12, 8, 10, tzinfo=UTC),
        location="Police HQ, Devizes",
    )
    return Made(meeting)


def _board_pack(make_user: MakeUser) -> Made:
    meeting = _meeting(make_user).record
    assert isinstance(meeting, Meeting)
    return Made(BoardPack.objects.create(meeting=meeting, generated_by=make_user(Role.COMMISSIONING_OFFICER)))


def _decision_record(make_user: MakeUser) -> Made:
    record = decision_create(
        by=make_user(Role.COMMISSIONING_OFFICER),
        on=date(2026, 6, 1),
        title="Extend the victim care service",
        summary="A one-year extension of the victim care service.",
        decision="To extend the contract for one year.",
        amount=Decimal("40000.00"),
        confidentiality=Confidentiality.PUBLIC,
    )
    return Made(record)


# --- The commissioning cycle: commissioning intentions (a draft year with one project) ---


def _commissioning_intentions(make_user: MakeUser) -> Made:
    officer = make_user(Role.COMMISSIONING_OFFICER)
    intentions = intentions_start(
        by=officer, start_year=2026, summary="What we plan to commission in 2026/27."
    )
    intention_add(
        by=officer,
        intentions=intentions,
        title="Evening helpline for victims",
        description="A helpline open every evening.",
        priority_ids=[PriorityFactory.create().pk],
        indicative_value=Decimal("120000.00"),
        starts_on=date(2026, 10, 1),
        mechanism="contract",
    )
    return Made(intentions)


def _decommissioning(make_user: MakeUser) -> Made:
    agreement, provider = _active_agreement(make_user)
    proposal = decommissioning_start(
        by=make_user(Role.COMMISSIONING_OFFICER),
        agreement=agreement,
        kind=Kind.END,
        reason=Reason.FUNDING,
    )
    return Made(proposal, [provider])


# Commissioning projects (cycle)
def _project(make_user: MakeUser) -> Made:
    from commissioning.cycle.tests.factories_projects import make_project

    return Made(make_project(by=make_user(Role.COMMISSIONING_OFFICER)))


MAKERS: dict[type[models.Model], Callable[[MakeUser], Made]] = {
    Application: _application,
    Agreement: _agreement,
    MonitoringReturn: _monitoring_return,
    RemedialPlan: _remedial_plan,
    Feedback: _feedback,
    Commitment: _commitment,
    Invoice: _invoice,
    Meeting: _meeting,
    BoardPack: _board_pack,
    DecisionRecord: _decision_record,
    CommissioningIntentions: _commissioning_intentions,
    Decommissioning: _decommissioning,
    # Commissioning projects (cycle)
    Project: _project,
}


# --- Walking the table ----------------------------------------------------------------------------------------


def _paths(workflow: Workflow, start: str) -> dict[str, list[str]]:
    """The shortest run of moves from `start` to every status the table reaches."""
    paths: dict[str, list[str]] = {start: []}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target in sorted(workflow.targets(current)):
            if target not in paths:
                paths[target] = [*paths[current], target]
                queue.append(target)
    return paths


def _candidates(action: str, made: Made, make_user: MakeUser, *, system: bool) -> Iterator[Actor]:
    rule = permission(action)
    if system:
        yield from sorted(rule.system, key=str)
        return
    yield from made.people
    for role in sorted(rule.roles):
        yield make_user(role)


def _actor(
    workflow: Workflow, made: Made, current: str, target: str, make_user: MakeUser, *, system: bool
) -> Actor:
    """Someone the permission table allows to make the move now: a system actor the action names, or the record's
    own people and then a person of each role the action allows."""
    action = workflow.action_for(current, target)
    for actor in _candidates(action, made, make_user, system=system):
        if check(actor, action, made.record):
            return actor
    pytest.fail(f"No {'system actor' if system else 'person'} the permission table allows can {action}")


def _walk_to(workflow: Workflow, made: Made, status: str, make_user: MakeUser) -> None:
    record = made.record
    for target in _paths(workflow, getattr(record, workflow.status_field))[status]:
        current = getattr(record, workflow.status_field)
        transition(
            by=_actor(workflow, made, current, target, make_user, system=False), record=record, to=target
        )


def _moves() -> list[Any]:
    moves = []
    for workflow in workflows():
        for current, targets in workflow.table.items():
            for target in sorted(targets):
                action = workflow.action_for(current, target)
                kinds = ["person"] + (["system actor"] if permission(action).system else [])
                for kind in kinds:
                    moves.append(
                        pytest.param(
                            workflow.model,
                            current,
                            target,
                            kind,
                            id=f"{workflow.model.__name__}:{current}>{target}:{kind}",
                        )
                    )
    return moves


def _trail(record: models.Model) -> tuple[Any, Any]:
    key = {"record_type": record._meta.label_lower}
    events = AuditEvent.objects.filter(**key, record_id=str(record.pk)).order_by("sequence")
    changes = StatusChange.objects.filter(**key, record_id=record.pk).order_by("pk")
    return events, changes


def test_every_registered_workflow_has_a_record_maker():
    registered = {workflow.model for workflow in workflows()}
    missing = sorted(model.__name__ for model in registered - set(MAKERS))
    assert not missing, f"Add a record maker to MAKERS for: {', '.join(missing)}"
    assert set(MAKERS) == registered


@pytest.mark.parametrize(("model", "current", "target", "kind"), _moves())
def test_each_move_writes_one_audit_event_and_one_history_row(make_user, model, current, target, kind):
    assert model in MAKERS, f"{model.__name__} has a workflow but no record maker in this test"
    made = MAKERS[model](make_user)
    record = made.record
    workflow = workflow_for(record)
    assert current in _paths(workflow, getattr(record, workflow.status_field)), (
        f"{current} cannot be reached from where a new {workflow.noun} starts"
    )
    _walk_to(workflow, made, current, make_user)
    assert getattr(record, workflow.status_field) == current
    events, changes = _trail(record)
    events_before, changes_before = events.count(), changes.count()
    by = _actor(workflow, made, current, target, make_user, system=kind == "system actor")
    assert isinstance(by, SystemActor) == (kind == "system actor")

    transition(by=by, record=record, to=target, reason="Walked by the test")

    record.refresh_from_db()
    assert getattr(record, workflow.status_field) == target
    new_events = list(events)[events_before:]
    assert len(new_events) == 1
    event = new_events[0]
    assert event.action == workflow.verbs.get(target, str(target))
    assert (event.actor_id, event.actor_label) == (person_id(by), actor_label(by))
    new_changes = list(changes)[changes_before:]
    assert len(new_changes) == 1
    change = new_changes[0]
    assert (change.from_status, change.to_status, change.reason) == (current, target, "Walked by the test")
    assert (change.changed_by_id, change.actor_label) == (person_id(by), actor_label(by))


def _not_in_table(workflow: Workflow, start: str) -> tuple[str, str]:
    """The first status the table reaches (nearest first) with a move the table does not hold, and that move."""
    statuses = (
        list(workflow.choices.values)
        if workflow.choices is not None
        else sorted({*workflow.table, *(to for targets in workflow.table.values() for to in targets)})
    )
    for current in _paths(workflow, start):
        for target in [status for status in statuses if status != current] + [current]:
            if target not in workflow.targets(current):
                return current, target
    raise AssertionError(f"The {workflow.noun} table holds every move")


def _is_govuk_voice(message: str, noun: str) -> bool:
    """A plain sentence about the record: starts with a capital, no full stop, no code words or raw values."""
    words = message.lower()
    return (
        bool(message)
        and message[0].isupper()
        and not message.endswith(".")
        and "_" not in message
        and not any(word in words for word in ("invalid", "transition", "error", "exception", "status"))
        and noun.split()[-1] in words
    )


@pytest.mark.parametrize(
    "model", [workflow.model for workflow in workflows()], ids=lambda model: model.__name__
)
def test_a_move_not_in_the_table_is_refused_in_plain_words(make_user, model):
    made = MAKERS[model](make_user)
    record = made.record
    workflow = workflow_for(record)
    current, target = _not_in_table(workflow, getattr(record, workflow.status_field))
    _walk_to(workflow, made, current, make_user)
    events, changes = _trail(record)
    events_before, changes_before = events.count(), changes.count()

    with pytest.raises(InvalidTransition) as refused:
        transition(by=make_user(Role.ADMINISTRATOR), record=record, to=target)

    message = str(refused.value)
    assert _is_govuk_voice(message, workflow.noun), message
    record.refresh_from_db()
    assert getattr(record, workflow.status_field) == current
    assert (events.count(), changes.count()) == (events_before, changes_before)


def test_the_voice_check_refuses_code_words():
    assert _is_govuk_voice("This application is draft, so it cannot be approved", "application")
    assert not _is_govuk_voice("Invalid transition from draft to approved", "application")
    assert not _is_govuk_voice("This application is in_assessment, so it cannot be approved", "application")
    assert not _is_govuk_voice("This application is draft, so it cannot be approved.", "application")
