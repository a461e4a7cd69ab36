"""Who may see and act on schemes and applications. Views load applications only through `application_for`.

- A provider user sees only their own organisation's applications; any other id is "not found".
- Staff who read everything see every application.
- A partner administrator sees the applications of the funds their organisation runs, and manages them.
- An assessor sees only the applications assigned to them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from commissioning.accounts.roles import Role, can_read_all, has_role, is_staff_member
from commissioning.finance.selectors import funds_visible_to
from commissioning.organisations.selectors import organisation_of

from .models import Application, ApplicationDocument, AssessorAssignment, Scheme

# Roles that run schemes and applications for every fund: set up schemes, assign assessors, moderate.
MANAGE_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """The applications a person may see, before any filtering a page adds."""
    applications = Application.objects.all()
    if can_read_all(user):
        return applications
    if has_role(user, Role.PARTNER_ADMINISTRATOR):
        return applications.filter(scheme__fund__in=funds_visible_to(user))
    if has_role(user, Role.ASSESSOR):
        return applications.filter(assignments__assessor=user)
    if has_role(user, Role.PROVIDER):
        organisation = organisation_of(user)
        return applications.filter(organisation=organisation) if organisation else applications.none()
    return applications.none()


def application_for(user: Any, pk: int) -> Application:
    """The application if the person may see it, else "not found" (so others' applications stay private)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to see applications.")
    application = (
        applications_visible_to(user)
        .select_related("scheme__fund", "organisation", "created_by", "moderated_by")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No application found")
    return application


def may_manage_scheme(user: Any, scheme: Scheme) -> bool:
    """Officers and administrators manage every scheme; a partner administrator, the schemes of their funds."""
    if has_role(user, *MANAGE_ROLES):
        return True
    return (
        has_role(user, Role.PARTNER_ADMINISTRATOR)
        and funds_visible_to(user).filter(pk=scheme.fund_id).exists()
    )


def scheme_for(user: Any, pk: int) -> Scheme:
    """A scheme for staff pages: every staff reader sees all; a partner administrator only their funds' schemes."""
    if not is_staff_member(user):
        raise PermissionDenied("This page is for staff of the commissioning body.")
    schemes = Scheme.objects.select_related("fund")
    if not can_read_all(user):
        schemes = schemes.filter(fund__in=funds_visible_to(user))
    scheme = schemes.filter(pk=pk).first()
    if scheme is None:
        raise Http404("No scheme found")
    return scheme


def application_document_for(user: Any, pk: int) -> ApplicationDocument:
    """A document of an application the person may see (through `application_for`), else "not found"."""
    document = ApplicationDocument.objects.select_related("due_diligence_item").filter(pk=pk).first()
    if document is None:
        raise Http404("No document found")
    document.application = application_for(user, document.application_id)
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
