"""Who may moderate feedback, and loading feedback for them."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.roles import Role, has_role

from .models import Feedback
from .selectors import feedback_with_details

MODERATOR_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)


def may_moderate(user: Any) -> bool:
    return has_role(user, *MODERATOR_ROLES)


def feedback_for(user: Any, pk: int) -> Feedback:
    """Feedback for a moderator to read or moderate: it holds the public's contact details, so only moderators."""
    if not may_moderate(user):
        raise PermissionDenied("Only commissioning officers can moderate feedback.")
    feedback = feedback_with_details(pk)
    if feedback is None:
        raise Http404("No feedback found")
    return feedback
