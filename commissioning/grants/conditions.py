"""The object conditions of grants' actions in the permission table (accounts/permissions.py), each
`test(person, record) -> bool`, registered when the app is ready.

Where a page has already loaded an application's assignments and scores (`application_in_full_for_staff`), the
tests read those instead of asking the database again.
"""

from dataclasses import dataclass
from typing import Any

from commissioning.accounts.permissions import condition
from commissioning.finance.models import Fund
from commissioning.finance.selectors import funds_visible_to
from commissioning.organisations.selectors import organisation_of

from .models import (
    Application,
    ApplicationStatus,
    AssessorAssignment,
    CriterionScore,
    ModeratedScore,
    Scheme,
)


@dataclass(frozen=True)
class AssessorSelection:
    """What `application.assign` is asked about: the application and every assessor it would have after the
    assignment (by user id)."""

    application: Application
    assessors: frozenset[int]


def _application(record: Any) -> Application | None:
    if isinstance(record, Application):
        return record
    if isinstance(record, AssessorSelection):
        return record.application
    if isinstance(record, AssessorAssignment):
        return record.application
    return None


def _fund_id(record: Any) -> int | None:
    if isinstance(record, Fund):
        return record.pk
    if isinstance(record, Scheme):
        return record.fund_id
    application = _application(record)
    return application.scheme.fund_id if application is not None else None


def _prefetched(application: Application, name: str) -> list[Any] | None:
    cache = getattr(application, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def _viewer_knows(person: Any, application: Application, name: str) -> bool | None:
    """What `grants.access` read about the viewer with the application (their conflicts), else None."""
    if getattr(application, "viewer_id", None) != getattr(person, "pk", None):
        return None
    return bool(getattr(application, name))


def _my_assignments(person: Any, application: Application) -> list[AssessorAssignment] | None:
    """The person's assignments to the application, from what a page loaded; None when nothing was loaded."""
    loaded = _prefetched(application, "assignments")
    if loaded is None:
        return None
    return [assignment for assignment in loaded if assignment.assessor_id == person.pk]


@condition("runs_scheme_fund", refusal="this is not a scheme of a fund your organisation runs")
def runs_scheme_fund(person: Any, record: Any) -> bool:
    fund_id = _fund_id(record)
    return fund_id is not None and funds_visible_to(person).filter(pk=fund_id).exists()


@condition("acts_for_applicant", refusal="this is another organisation's application")
def acts_for_applicant(person: Any, record: Any) -> bool:
    application = _application(record)
    organisation = organisation_of(person)
    return (
        application is not None
        and organisation is not None
        and organisation.pk == application.organisation_id
    )


@condition("assigned_to_me", refusal="you have not been asked to assess this application")
def assigned_to_me(person: Any, record: Any) -> bool:
    application = _application(record)
    if application is None:
        return False
    mine = _my_assignments(person, application)
    if mine is not None:
        return bool(mine)
    return AssessorAssignment.objects.filter(application=application, assessor=person).exists()


@condition("scored_application")
def scored_application(person: Any, record: Any) -> bool:
    """The person submitted a score for the application (as one of its assessors)."""
    application = _application(record)
    if application is None:
        return False
    mine = _my_assignments(person, application)
    if mine is not None and all("scores" in getattr(a, "_prefetched_objects_cache", {}) for a in mine):
        return any(assignment.scores.all() for assignment in mine)
    return CriterionScore.objects.filter(
        assignment__application=application, assignment__assessor=person
    ).exists()


@condition("moderated_application")
def moderated_application(person: Any, record: Any) -> bool:
    """The person completed the application's moderation or agreed one of its moderated scores."""
    application = _application(record)
    if application is None:
        return False
    if application.moderated_by_id == person.pk:
        return True
    loaded = _prefetched(application, "moderated_scores")
    if loaded is not None:
        return any(row.moderated_by_id == person.pk for row in loaded)
    return ModeratedScore.objects.filter(application=application, moderated_by=person).exists()


@condition("declared_interest")
def declared_interest(person: Any, record: Any) -> bool:
    """The person has declared a conflict of interest on any application from the record's organisation: an
    interest declared in an organisation stands for all of its applications."""
    application = _application(record)
    if application is None:
        return False
    known = _viewer_knows(person, application, "viewer_declared_interest")
    if known is not None:
        return known
    return AssessorAssignment.objects.filter(
        assessor=person, has_conflict=True, application__organisation=application.organisation_id
    ).exists()


@condition("conflicted_assessor")
def conflicted_assessor(person: Any, record: Any) -> bool:
    """The person declared a conflict of interest on this application."""
    application = _application(record)
    if application is None:
        return False
    known = _viewer_knows(person, application, "viewer_conflicted")
    if known is not None:
        return known
    mine = _my_assignments(person, application)
    if mine is not None:
        return any(assignment.has_conflict for assignment in mine)
    return AssessorAssignment.objects.filter(
        application=application, assessor=person, has_conflict=True
    ).exists()


@condition("is_draft")
def is_draft(person: Any, record: Any) -> bool:
    """The application was never submitted: it is still the applicant's own, and no staff role sees it."""
    application = _application(record)
    return application is not None and application.status == ApplicationStatus.DRAFT


@condition("sole_assessor_is_me")
def sole_assessor_is_me(person: Any, record: Any) -> bool:
    """The person assigning would be the application's only assessor."""
    return isinstance(record, AssessorSelection) and record.assessors == frozenset({person.pk})
