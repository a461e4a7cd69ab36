"""Writes for an application, from the first draft to submission or withdrawal.

Each save writes at once, through one of these functions, in one transaction with its audit event: nothing the
applicant types waits in a session. The questions are data (`STANDARD_QUESTIONS` merged with the scheme's own) and
are copied onto the application when it starts, so an old answer is always shown with the wording that was asked.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition, workflow_for
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.formats import govuk_datetime
from commissioning.core.selectors import commissioning_body
from commissioning.grants.eligibility import application_problems, blocking, scheme_is_open
from commissioning.grants.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    Scheme,
)
from commissioning.grants.questions import (
    DECLARATIONS,
    SECTION_KEYS,
    SECTION_TITLES,
    question_definitions_for,
    questions_asked,
)
from commissioning.organisations.models import Organisation
from commissioning.organisations.selectors import organisation_of

from .documents import application_documents_keep_as_sent
from .references import reference_next

# The answers held in columns, by section (the budget and documents sections have their own rows).
SECTION_COLUMNS: dict[str, list[str]] = {
    "organisation": [],
    "project": ["project_title", "project_summary", "amount_requested", "recurring"],
    "priorities": ["priorities_explanation"],
    "outcomes": ["outcomes", "beneficiaries", "beneficiary_count", "location", "location_postcode"],
    "budget": [],
    "dates": ["starts_on", "ends_on"],
    "documents": [],
    "declarations": ["declaration_name", "declaration_role"],
}


def _state(application: Application) -> dict[str, Any]:
    state = snapshot(application)
    state["priorities"] = sorted(application.priorities.values_list("pk", flat=True))
    return state


def _editable(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError(
            "This application has been submitted, so its answers can no longer be changed", field=None
        )


def _locked(application: Application) -> Application:
    """Re-read the application under a row lock, so two saves of one application apply one after the other."""
    return (
        Application.objects.select_for_update()
        .select_related("scheme__fund", "organisation")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_start(*, by: Actor, scheme: Scheme, at: datetime | None = None) -> Application:
    """The organisation's draft for this scheme: the one already started, or a new one asking the scheme's
    questions. One draft per organisation per scheme, even when two people start at the same moment."""
    organisation = organisation_of(by)
    if organisation is None:
        raise DomainError("Register your organisation before you apply")
    require(by, "application.apply")
    # Lock the organisation so that two people starting at once make one draft between them.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = Application.objects.filter(
        scheme=scheme, organisation=organisation, status=ApplicationStatus.DRAFT
    ).first()
    if existing is not None:
        return existing
    if not scheme_is_open(scheme, at=at):
        raise DomainError(f"{scheme.name} is not open for applications")
    application = Application.objects.create(
        scheme=scheme,
        organisation=organisation,
        created_by_id=acting_person_id(by),
        question_definitions=question_definitions_for(scheme),
    )
    audit_record(by=by, action="create", instance=application, before=None, after=_state(application))
    return application


def _mark(completed: list[str], section: str, complete: bool) -> list[str]:
    keep = [key for key in completed if key != section]
    return [key for key in SECTION_KEYS if key in keep or (complete and key == section)]


def section_missing(application: Application, section: str) -> list[tuple[str, str]]:
    """What must be answered before the section can be marked complete: (field, message) pairs."""
    missing: list[tuple[str, str]] = []
    if section == "budget" and not application.budget_lines.exists():
        missing.append(("description", "Add at least one budget line"))
    return missing


@transaction.atomic
def application_section_save(
    *, by: Actor, application: Application, section: str, data: dict[str, Any], complete: bool
) -> Application:
    """Save a section's answers as typed. `complete` marks the section completed (the applicant pressed "Save and
    continue" and the form checked every required answer); otherwise it stays in progress."""
    if section not in SECTION_TITLES:
        raise DomainError("There is no such part of the application")
    application = _locked(application)
    require(by, "application.apply", application)
    _editable(application)
    before = _state(application)
    for column in SECTION_COLUMNS[section]:
        if column in data:
            value = data[column]
            if isinstance(value, str):
                value = value.strip()
            setattr(application, column, value)
    answers = dict(application.answers)
    asked = questions_asked(application)
    for key in data:
        question = asked.get(key)
        if question and question.get("kind") == "answer" and question.get("section") == section:
            value = data[key]
            answers[key] = list(value) if isinstance(value, list | tuple) else value
    application.answers = answers
    if section == "priorities" and "priorities" in data:
        application.priorities.set(list(data["priorities"]))
    if section == "declarations":
        confirmed = set(answers.get("declaration_confirmations") or [])
        every = {key for key, _ in DECLARATIONS}
        application.declared_at = timezone.now() if confirmed >= every else None
    if complete:
        missing = section_missing(application, section)
        if missing:
            raise DomainError(missing[0][1], field=missing[0][0])
    application.completed_sections = _mark(application.completed_sections, section, complete)
    application.full_clean(exclude=["reference", "question_definitions", "answers", "completed_sections"])
    application.save()
    audit_record(
        by=by, action=f"save {section}", instance=application, before=before, after=_state(application)
    )
    return application


@transaction.atomic
def budget_line_add(*, by: Actor, application: Application, description: str, amount: Decimal) -> BudgetLine:
    application = _locked(application)
    require(by, "application.apply", application)
    _editable(application)
    description = description.strip()
    if not description:
        raise DomainError("Enter what the money will be spent on", field="description")
    if amount is None or amount <= 0:
        raise DomainError("The cost must be more than £0", field="amount")
    line = BudgetLine(application=application, description=description, amount=amount)
    line.full_clean()
    line.save()
    # Changing the budget reopens the section until the applicant says it is complete again.
    application.completed_sections = _mark(application.completed_sections, "budget", False)
    application.save(update_fields=["completed_sections", "updated_at"])
    audit_record(by=by, action="add budget line", instance=line, before=None, after=snapshot(line))
    return line


@transaction.atomic
def budget_line_remove(*, by: Actor, application: Application, line_pk: int) -> None:
    application = _locked(application)
    require(by, "application.apply", application)
    _editable(application)
    line = BudgetLine.objects.filter(application=application, pk=line_pk).first()
    if line is None:
        # Already removed (a second press of the button): nothing left to do.
        return
    before = snapshot(line)
    audit_record(by=by, action="remove budget line", instance=line, before=before, after=None)
    line.delete()
    application.completed_sections = _mark(application.completed_sections, "budget", False)
    application.save(update_fields=["completed_sections", "updated_at"])


def sections_not_completed(application: Application) -> list[str]:
    return [key for key in SECTION_KEYS if key not in application.completed_sections]


def _refuse_unless_movable(application: Application, to: str) -> None:
    """Refuse at once a move the workflow does not allow from where the application is, before its answers are
    checked (so an application already sent is not asked to complete its sections)."""
    workflow = workflow_for(application)
    if to not in workflow.targets(application.status):
        raise InvalidTransition(workflow.refuse(application.status, to))


@transaction.atomic
def application_submit(
    *, by: Actor, application: Application, at: datetime | None = None, link: str = ""
) -> Application:
    """Submit a draft: every section completed and no eligibility problem that blocks it. Gives the reference
    (prefix, calendar year of submission, next number) and sends the receipt once the transaction commits;
    `link` is the full address of the application's page for the receipt."""
    at = at or timezone.now()
    application = _locked(application)
    require(by, "application.apply", application)
    _refuse_unless_movable(application, ApplicationStatus.SUBMITTED)
    missing = sections_not_completed(application)
    if missing:
        names = ", ".join(SECTION_TITLES[key].lower() for key in missing)
        raise DomainError(f"Complete every part of the application before you submit it: {names}")
    problems = blocking(application_problems(application, at=at))
    if problems:
        raise DomainError(problems[0].message)
    year = timezone.localtime(at).year
    application_documents_keep_as_sent(application=application)
    transition(
        by=by,
        record=application,
        to=ApplicationStatus.SUBMITTED,
        changes={
            "reference": reference_next(prefix=application.scheme.reference_prefix, year=year),
            "submitted_at": at,
        },
        at=at,
    )
    email = getattr(by, "email", "")
    if email:
        transaction.on_commit(lambda: _send_receipt(application, email, link))
    return application


def _send_receipt(application: Application, email: str, link: str) -> None:
    body = commissioning_body()
    address = link or reverse("apply:application", args=[application.pk])
    send_mail(
        subject=f"Application received: {application.reference}",
        message=(
            f"We have received your application to {application.scheme.name}.\n\n"
            f"Your reference is {application.reference}.\n"
            f"Project: {application.project_title}\n"
            f"Organisation: {application.organisation.name}\n"
            f"Submitted: {govuk_datetime(application.submitted_at or timezone.now())}\n\n"
            "What happens next: we check every application against the scheme's rules, then assessors score it "
            "against the published criteria. We will email you when a decision has been made.\n\n"
            f"You can see your application at {address}\n\n"
            f"{body.name}"
        ),
        from_email=None,
        recipient_list=[email],
    )


@transaction.atomic
def application_withdraw(*, by: Actor, application: Application, reason: str = "") -> Application:
    application = _locked(application)
    require(by, "application.apply", application)
    return transition(by=by, record=application, to=ApplicationStatus.WITHDRAWN, reason=reason)


def priorities_chosen(application: Application) -> Iterable[int]:
    return [priority.pk for priority in application.priorities.all()]
