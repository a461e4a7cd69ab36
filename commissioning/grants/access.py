"""Who may see and act on schemes and applications, asked of the permission table (accounts/permissions.py).
Views load applications only through `application_for` (staff) and `applicant_application_for` (the applicant).

- A provider user sees only their own organisation's applications; any other id is "not found".
- Staff who read everything see every submitted application; no staff role sees a draft, or its files.
- A partner administrator sees the applications of the funds their organisation runs, and manages them.
- An assessor sees only the applications assigned to them, and not one they declared a conflict in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404

from commissioning.accounts.permissions import check, may, permission
from commissioning.accounts.roles import user_roles
from commissioning.audit.workflow import may_move
from commissioning.finance.models import Fund
from commissioning.finance.selectors import funds_visible_to
from commissioning.organisations.selectors import organisation_of

from .models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    Scheme,
    ScoreBand,
)

# Statuses in which assessors may still be added.
ASSIGNABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT})

# How each condition of `application.view` and `scheme.view` narrows a list: the same rule as the condition's
# test in grants/conditions.py, as a filter.
_APPLICATION_FILTERS: dict[str, Callable[[Any], Q]] = {
    "runs_scheme_fund": lambda user: Q(scheme__fund__in=funds_visible_to(user)),
    "assigned_to_me": lambda user: Q(
        pk__in=AssessorAssignment.objects.filter(assessor=user).values("application")
    ),
}
_SCHEME_FILTERS: dict[str, Callable[[Any], Q]] = {
    "runs_scheme_fund": lambda user: Q(fund__in=funds_visible_to(user)),
}


def _narrowed(user: Any, action: str, filters: dict[str, Callable[[Any], Q]]) -> Q | None:
    """The filter for the records `action` allows the person on: None for every record, an empty match for none."""
    rule = permission(action)
    roles = user_roles(user)
    if roles & rule.roles:
        return None
    allowed = Q(pk__in=[])
    for role, name in rule.roles_when:
        if role in roles and name in filters:
            allowed |= filters[name](user)
    return allowed


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """The submitted applications a member of staff may see, before any filtering a page adds; for a provider
    user, their own organisation's applications."""
    applications = Application.objects.all()
    if may(user, "application.apply") and not may(user, "application.view"):
        organisation = organisation_of(user)
        return applications.filter(organisation=organisation) if organisation else applications.none()
    narrowed = _narrowed(user, "application.view", _APPLICATION_FILTERS)
    if narrowed is not None:
        applications = applications.filter(narrowed)
    # The table's bars, as filters: never a draft, never one the person declared a conflict in.
    declared = AssessorAssignment.objects.filter(application=OuterRef("pk"), assessor=user, has_conflict=True)
    # One filter for both bars: every filter call clones the query, and the dashboard builds several from this.
    return applications.filter(~Q(status=ApplicationStatus.DRAFT), ~Exists(declared))


def _loaded(pk: int, viewer: Any = None) -> Application | None:
    """The application with what its pages show; for a signed-in viewer, also whether they declared a conflict in
    it or in its organisation, read in the same query (the conditions in grants/conditions.py use them)."""
    applications = Application.objects.select_related(
        "scheme__fund", "organisation", "created_by", "moderated_by"
    )
    if getattr(viewer, "pk", None) is not None:
        conflicts = AssessorAssignment.objects.filter(assessor=viewer, has_conflict=True)
        applications = applications.annotate(
            viewer_conflicted=Exists(conflicts.filter(application=OuterRef("pk"))),
            viewer_declared_interest=Exists(
                conflicts.filter(application__organisation=OuterRef("organisation"))
            ),
            viewer_id=Value(viewer.pk),
        )
    return applications.filter(pk=pk).first()


def application_for(user: Any, pk: int) -> Application:
    """The application for a staff page if the table lets the person see it, else "not found" (so a draft, an
    application in which they declared a conflict, or another fund's application stays private)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see applications.")
    application = _loaded(pk, user)
    if application is None or not may(user, "application.view", application):
        raise Http404("No application found")
    return application


def applicant_application_for(user: Any, pk: int) -> Application:
    """The application for the applicant's pages: only their own organisation's, drafts included."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see applications.")
    application = _loaded(pk)
    if application is None or not may(user, "application.apply", application):
        raise Http404("No application found")
    return application


def is_draft(application: Application) -> bool:
    """Still the applicant's own: its answers can change and no one else sees it."""
    return application.status == ApplicationStatus.DRAFT


def draft_for(user: Any, pk: int) -> Application | None:
    """The person's draft application, or None when it has been submitted (its answers can no longer change)."""
    application = applicant_application_for(user, pk)
    return application if is_draft(application) else None


def may_manage_scheme(user: Any, scheme: Scheme) -> bool:
    """Officers and administrators manage every scheme; a partner administrator, the schemes of their funds."""
    return may(user, "scheme.manage", scheme)


def schemes_visible_to(user: Any) -> QuerySet[Scheme]:
    """The schemes a person sees on staff pages: all for those who read everything, else their funds'."""
    schemes = Scheme.objects.select_related("fund")
    if not may(user, "scheme.view"):
        return schemes.none()
    narrowed = _narrowed(user, "scheme.view", _SCHEME_FILTERS)
    return schemes if narrowed is None else schemes.filter(narrowed)


def funds_for_new_schemes(user: Any) -> QuerySet[Fund]:
    """The active funds the person may set up schemes for."""
    funds = Fund.objects.filter(is_active=True).order_by("name")
    if permission("scheme.manage").roles & user_roles(user):
        return funds
    return funds.filter(pk__in=funds_visible_to(user).values("pk"))


def scheme_for(user: Any, pk: int) -> Scheme:
    """A scheme for staff pages: every staff reader sees all; a partner administrator only their funds' schemes."""
    verdict = check(user, "scheme.view")
    if not verdict:
        raise PermissionDenied(verdict.reason)
    scheme = schemes_visible_to(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404("No scheme found")
    return scheme


def criterion_for(scheme: Scheme, pk: int) -> AssessmentCriterion:
    """One of the scheme's assessment criteria, else "not found"."""
    criterion = AssessmentCriterion.objects.filter(scheme=scheme, pk=pk).first()
    if criterion is None:
        raise Http404("No criterion found")
    return criterion


def score_band_for(scheme: Scheme, pk: int) -> ScoreBand:
    """One of the scheme's score bands, else "not found"."""
    band = ScoreBand.objects.filter(scheme=scheme, pk=pk).first()
    if band is None:
        raise Http404("No score band found")
    return band


def application_document_for(user: Any, pk: int) -> ApplicationDocument:
    """A document of an application the person may see (the applicant's own, or one staff may see), else "not
    found": no staff role opens a draft's files by address."""
    document = ApplicationDocument.objects.select_related("due_diligence_item").filter(pk=pk).first()
    if document is None:
        raise Http404("No document found")
    application = _loaded(document.application_id)
    if application is None or not (
        may(user, "application.apply", application) or may(user, "application.view", application)
    ):
        raise Http404("No document found")
    document.application = application
    return document


def assignment_for(user: Any, pk: int) -> AssessorAssignment:
    """An assessor's own assignment; anyone else's is "not found", whoever asks."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see your assessments.")
    assignment = (
        AssessorAssignment.objects.select_related("application__scheme__fund", "application__organisation")
        .filter(pk=pk, assessor=user)
        .first()
    )
    if assignment is None:
        raise Http404("No assessment found")
    return assignment


@dataclass(frozen=True)
class ApplicationActions:
    """What the person may do with an application now, for the buttons and links of its staff page."""

    oversees: bool
    may_manage: bool
    may_assign: bool
    may_moderate: bool
    may_decide: bool


def application_actions(user: Any, application: Application, *, has_authority: bool) -> ApplicationActions:
    """Asked of the permission table and the workflow's allowed moves. Scores, moderation and history are for
    those who run or oversee the scheme, not for assessors."""
    manages = may_manage_scheme(user, application.scheme)
    oversees = manages or may(user, "records.read_all")
    return ApplicationActions(
        oversees=oversees,
        may_manage=manages,
        may_assign=application.status in ASSIGNABLE and may(user, "application.assign", application),
        may_moderate=may_move(application, user, ApplicationStatus.MODERATED),
        may_decide=oversees and has_authority and may_move(application, user, ApplicationStatus.APPROVED),
    )


def may_see_assessment(user: Any, application: Application) -> bool:
    """Scores, moderation and history are for those who run or oversee the scheme, not for assessors."""
    return may(user, "records.read_all") or may_manage_scheme(user, application.scheme)


def assessment_stage(assignment: AssessorAssignment) -> str:
    """Where the assessor is with an assignment: "declare" (no conflict declared yet), "conflict" (declared one),
    "done" (handed in, or the application has moved on from assessment), or "score"."""
    if assignment.has_conflict is None:
        return "declare"
    if assignment.has_conflict:
        return "conflict"
    if (
        assignment.completed_at is not None
        or assignment.application.status != ApplicationStatus.IN_ASSESSMENT
    ):
        return "done"
    return "score"
