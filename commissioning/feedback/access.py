"""Who may moderate feedback, asked of the permission table, and loading feedback for them."""

from typing import Any

from django.http import Http404

from commissioning.accounts.permissions import may, require

from .models import Feedback, Theme
from .selectors import feedback_with_details, theme_by_pk


def may_moderate(user: Any) -> bool:
    return may(user, "feedback.moderate")


def feedback_for(user: Any, pk: int) -> Feedback:
    """Feedback for a moderator to read or moderate: it holds the public's contact details, so only moderators."""
    require(user, "feedback.moderate")
    feedback = feedback_with_details(pk)
    if feedback is None:
        raise Http404("No feedback found")
    return feedback


def theme_for(user: Any, pk: int) -> Theme:
    """A theme for a moderator to change."""
    require(user, "feedback.moderate")
    theme = theme_by_pk(pk)
    if theme is None:
        raise Http404("No theme found")
    return theme
