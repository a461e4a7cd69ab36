"""Feedback themes are data that moderators keep: add one, rename it, stop offering it; feedback filed under a
theme stays there; bad input is explained and nothing is saved."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.forms import ModelMultipleChoiceField
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.feedback.forms import ModerationForm
from commissioning.feedback.models import Theme
from commissioning.feedback.services import feedback_approve, feedback_give, theme_save

pytestmark = pytest.mark.django_db


def _offered() -> list[Theme]:
    """The themes the moderation form offers."""
    field = ModerationForm().fields["themes"]
    assert isinstance(field, ModelMultipleChoiceField) and field.queryset is not None
    return list(field.queryset)


def test_an_officer_adds_a_theme_offered_last(client_as: Any, officer: Any) -> None:
    client = client_as(user=officer)
    assert "Access and waiting times" in client.get(reverse("feedback-staff:themes")).content.decode()
    response = client.post(
        reverse("feedback-staff:theme-add"),
        {"name": " Housing and accommodation ", "description": "Somewhere safe to live", "is_active": "on"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Housing and accommodation")
    assert theme.slug == "housing-and-accommodation" and theme.is_active
    assert theme.position > max(Theme.objects.exclude(pk=theme.pk).values_list("position", flat=True))
    assert AuditEvent.objects.filter(action="create", record_id=str(theme.pk), actor=officer).exists()
    assert list(_offered())[-1] == theme


def test_a_theme_no_longer_offered_keeps_its_feedback(client_as: Any, officer: Any, service: Any) -> None:
    theme = Theme.objects.get(slug="safety")
    feedback = feedback_give(agreement=service, what_happened="I felt safe", consent_to_use=True)
    feedback_approve(by=officer, feedback=feedback, themes=[theme])
    client = client_as(user=officer)
    url = reverse("feedback-staff:theme-edit", args=[theme.pk])
    assert 'value="Safety"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Feeling safe", "description": ""})  # not ticked: no longer offered
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.is_active) == ("Feeling safe", False)
    assert list(feedback.themes.all()) == [theme]
    assert theme not in _offered()
    page = client.get(reverse("feedback-staff:themes")).content.decode()
    assert "Feeling safe" in page


def test_bad_input_is_explained_and_nothing_is_saved(client_as: Any, officer: Any) -> None:
    client = client_as(user=officer)
    count = Theme.objects.count()
    content = client.post(reverse("feedback-staff:theme-add"), {"name": "  "}).content.decode()
    assert "There is a problem" in content and "Enter the name of the theme" in content
    content = client.post(reverse("feedback-staff:theme-add"), {"name": "staff ATTITUDE"}).content.decode()
    assert "There is already a theme called staff ATTITUDE" in content
    assert Theme.objects.count() == count


def test_slugs_stay_unique(officer: Any) -> None:
    first = theme_save(by=officer, name="Police response", description="")
    second = theme_save(by=officer, name="Police response!", description="")
    assert (first.slug, second.slug) == ("police-response", "police-response-2")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CHIEF_FINANCE_OFFICER, Role.PROVIDER])
def test_only_moderators_change_themes(client_as: Any, make_user: Any, role: str) -> None:
    client = client_as(role)
    assert client.get(reverse("feedback-staff:themes")).status_code == 403
    assert client.post(reverse("feedback-staff:theme-add"), {"name": "Sneaky"}).status_code == 403
    with pytest.raises(PermissionDenied):
        theme_save(by=make_user(role), name="Sneaky", description="")
    assert not Theme.objects.filter(name="Sneaky").exists()
