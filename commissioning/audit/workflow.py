"""The one way a record moves along its workflow.

Each workflow is a status field and a transition table beside its model (`APPLICATION_TRANSITIONS`, …), registered
here with the permission-table action each move needs (`register`). `transition` is the only code that assigns a
status: it locks the row, reads its status afresh, checks the table and the permission table, saves, and writes one
audit event and one `StatusChange` history row in the caller's transaction. `allowed_moves` answers which moves a
person may make now, with the reason for each one refused; pages show their buttons from it.

It lives beside the audit trail because every move is an audited write with a history row; it asks the
permission table (`accounts.permissions`) who may move (docs/decisions/0013-workflow-primitive.md).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from commissioning.accounts.permissions import check, require
from commissioning.core.actors import Actor, actor_label, person_or_none
from commissioning.core.errors import InvalidTransition

from .models import StatusChange
from .services import audit_record, snapshot

M = TypeVar("M", bound=models.Model)

# A move's check that is not about who moves: returns why the record cannot move now, or "" if it can.
Guard = Callable[[Any], str]


def _label(choices: type[models.TextChoices] | None, value: str) -> str:
    if choices is not None and value in choices.values:
        return str(choices(value).label).lower()
    return value.replace("_", " ")


@dataclass(frozen=True)
class Workflow:
    """A model's workflow: `table[from] = {to, …}`, and the permission action each move needs.

    `actions` maps a target status (or a (from, to) pair, which wins) to its action in the permission table.
    `refusal` words the InvalidTransition: a template with `{current}` and `{target}` (the statuses' labels, in
    lower case), or a function `refusal(current, target)`; by default "This application is draft, so it cannot
    be approved". `verbs` names a move's audit event (default: the target status). `labels` are the words of the
    move's button. `guards` are the record's own preconditions for a move ("Complete every section first").
    """

    model: type[models.Model]
    table: Mapping[str, frozenset[str]]
    actions: Mapping[Any, str]
    noun: str
    status_field: str = "status"
    choices: type[models.TextChoices] | None = None
    refusal: str | Callable[[str, str], str] | None = None
    verbs: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    guards: Mapping[str, Guard] = field(default_factory=dict)
    audit_view: Callable[[Any], dict[str, Any]] | None = None

    def action_for(self, current: str, target: str) -> str:
        action = self.actions.get((current, target)) or self.actions.get(target)
        if action is None:
            raise KeyError(f"The {self.noun} workflow names no permission for a move to {target!r}")
        return action

    def refuse(self, current: str, target: str) -> str:
        if isinstance(self.refusal, str):
            return self.refusal.format(
                current=_label(self.choices, current), target=_label(self.choices, target)
            )
        if self.refusal is not None:
            return self.refusal(current, target)
        return f"This {self.noun} is {_label(self.choices, current)}, so it cannot be {_label(self.choices, target)}"

    def targets(self, current: str) -> frozenset[str]:
        return self.table.get(current, frozenset())


_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Declare a model's workflow; every move of that model then goes through `transition`."""
    for current, targets in workflow.table.items():
        for target in targets:
            workflow.action_for(current, target)  # every move names its permission
    _WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_for(model: type[models.Model] | models.Model) -> Workflow:
    key = model if isinstance(model, type) else type(model)
    try:
        return _WORKFLOWS[key]
    except KeyError:
        raise KeyError(f"{key.__name__} has no registered workflow") from None


def workflows() -> list[Workflow]:
    return list(_WORKFLOWS.values())


def transition(
    *,
    by: Actor,
    record: M,
    to: str,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    verb: str | None = None,
    at: Any = None,
    then: Callable[[Any], None] | None = None,
) -> M:
    """Move `record` to `to`: lock its row and read its status afresh, check the transition table and the
    permission table, save the status with `changes` (other fields that move with it), and write one audit
    event and one history row, all in one transaction. `then(locked_record)` is work that goes with the move
    and that `changes` cannot hold (filing under many-to-many themes), done after the save and before the audit
    event reads the record. Raises InvalidTransition (the table refuses) or PermissionRefused (the person may
    not). `record` is updated in place and returned."""
    workflow = workflow_for(record)
    changes = dict(changes or {})
    with transaction.atomic():
        manager = type(record)._default_manager
        locked = manager.select_for_update().get(pk=record.pk)
        current = getattr(locked, workflow.status_field)
        if to not in workflow.targets(current):
            raise InvalidTransition(workflow.refuse(current, to))
        require(by, workflow.action_for(current, to), locked)
        view = workflow.audit_view or snapshot
        before = view(locked)
        for name, value in {workflow.status_field: to, **changes}.items():
            setattr(locked, name, value)
            setattr(record, name, value)
        locked.save(update_fields=[workflow.status_field, *changes])
        if then is not None:
            then(locked)
        audit_record(
            by=by,
            action=verb or workflow.verbs.get(to, str(to)),
            instance=locked,
            before=before,
            after=view(locked),
        )
        person = person_or_none(by)
        StatusChange.objects.create(
            record_type=locked._meta.label_lower,
            record_id=locked.pk,
            from_status=current,
            to_status=to,
            reason=reason,
            changed_at=at or timezone.now(),
            changed_by_id=person.pk if person is not None else None,
            actor_label=actor_label(by),
        )
    return record


@dataclass(frozen=True)
class MoveOption:
    """A move the record's table allows from where it is, and whether this person may make it now."""

    to: str
    label: str
    action: str
    allowed: bool
    reason: str = ""


def _option(workflow: Workflow, record: models.Model, current: str, target: str, user: object) -> MoveOption:
    action = workflow.action_for(current, target)
    verdict = check(user, action, record)
    reason, allowed = verdict.reason, verdict.allowed
    if allowed and target in workflow.guards:
        reason = workflow.guards[target](record)
        allowed = not reason
    label = workflow.labels.get(target) or _label(workflow.choices, target).capitalize()
    return MoveOption(target, label, action, allowed, reason)


def allowed_moves(record: models.Model, user: object) -> list[MoveOption]:
    """Every move the table allows from the record's status, in a steady order, each saying whether `user` may
    make it now and, if not, why (the permission table's reason, or the move's own guard)."""
    workflow = workflow_for(record)
    current = getattr(record, workflow.status_field)
    return [_option(workflow, record, current, target, user) for target in sorted(workflow.targets(current))]


def may_move(record: models.Model, user: object, to: str) -> bool:
    """Whether `user` may move the record to `to` now (asking only about that move)."""
    workflow = workflow_for(record)
    current = getattr(record, workflow.status_field)
    return to in workflow.targets(current) and _option(workflow, record, current, to, user).allowed


def history(record: models.Model) -> models.QuerySet[StatusChange]:
    """The record's moves, oldest first, with who made them."""
    return StatusChange.objects.filter(
        record_type=record._meta.label_lower, record_id=record.pk
    ).select_related("changed_by")


def histories(model: type[models.Model], ids: Iterable[int]) -> dict[int, list[StatusChange]]:
    """The moves of many records of one model in one query, by record id."""
    rows: dict[int, list[StatusChange]] = {}
    for change in StatusChange.objects.filter(
        record_type=model._meta.label_lower, record_id__in=list(ids)
    ).select_related("changed_by"):
        rows.setdefault(change.record_id, []).append(change)
    return rows
