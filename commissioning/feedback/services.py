"""Writing feedback: the public gives it, officers moderate it. Each function is one transaction with its audit event."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.services import audit_record, audited_save
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.services import refuse_name_in_use

from .access import may_moderate
from .models import FEEDBACK_TRANSITIONS, Feedback, FeedbackStatus, Theme

PUBLIC_ACTOR = "a member of the public"


def _moderation_record(feedback: Feedback) -> dict[str, Any]:
    """What the trail keeps of a moderation: never the text or contact details, which stay in the feedback row."""
    return {
        "status": feedback.status,
        "rejection_reason": feedback.rejection_reason,
        "themes": sorted(theme.slug for theme in feedback.themes.all()) if feedback.pk else [],
    }


@transaction.atomic
def feedback_give(
    *,
    agreement: Agreement,
    what_happened: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    consent_to_contact: bool = False,
    consent_to_use: bool,
) -> Feedback:
    """Store feedback from the public exactly as typed (it is only ever shown escaped), waiting for moderation."""
    if agreement.status != AgreementStatus.ACTIVE:
        raise DomainError("Feedback can only be given about a service that is running now", field="service")
    what_happened = what_happened.strip()
    if not what_happened:
        raise DomainError("Enter what happened", field="what_happened")
    if not consent_to_use:
        raise DomainError(
            "Confirm that we may use your feedback to check how the service is doing", field="consent"
        )
    email, phone = email.strip(), phone.strip()
    if consent_to_contact and not (email or phone):
        raise DomainError(
            "Enter an email address or phone number so we can contact you, or untick the box that says we may",
            field="email",
        )
    feedback = Feedback.objects.create(
        agreement=agreement,
        what_happened=what_happened,
        name=name.strip(),
        email=email,
        phone=phone,
        consent_to_contact=consent_to_contact,
        consent_to_use=consent_to_use,
    )
    audit_record(
        by=PUBLIC_ACTOR,
        action="feedback.give",
        instance=feedback,
        after={"agreement": agreement.pk, "status": feedback.status, "anonymous": feedback.is_anonymous},
    )
    return feedback


def _move(*, feedback: Feedback, to: str) -> None:
    current = FeedbackStatus(feedback.status)
    if to not in FEEDBACK_TRANSITIONS[current]:
        raise InvalidTransition(
            f"This feedback has already been {current.label.lower()}, so it cannot be moderated again"
        )


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


@transaction.atomic
def feedback_approve(*, by: Any, feedback: Feedback, themes: Iterable[Theme]) -> Feedback:
    """Approve feedback so it counts in the service's monitoring, under at least one theme."""
    themes = list(themes)
    if not themes:
        raise DomainError("Choose at least one theme", field="themes")
    feedback = _locked(feedback)
    _move(feedback=feedback, to=FeedbackStatus.APPROVED)
    before = _moderation_record(feedback)
    feedback.status = FeedbackStatus.APPROVED
    feedback.moderated_by = by
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at"])
    feedback.themes.set(themes)
    audit_record(
        by=by, action="feedback.approve", instance=feedback, before=before, after=_moderation_record(feedback)
    )
    return feedback


@transaction.atomic
def feedback_reject(*, by: Any, feedback: Feedback, reason: str) -> Feedback:
    """Reject feedback (spam, abuse, not about this service, ...); it never counts. The reason is kept."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why the feedback is rejected", field="reason")
    feedback = _locked(feedback)
    _move(feedback=feedback, to=FeedbackStatus.REJECTED)
    before = _moderation_record(feedback)
    feedback.status = FeedbackStatus.REJECTED
    feedback.rejection_reason = reason
    feedback.moderated_by = by
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    audit_record(
        by=by, action="feedback.reject", instance=feedback, before=before, after=_moderation_record(feedback)
    )
    return feedback


@transaction.atomic
def theme_save(
    *, by: Any, theme: Theme | None = None, name: str, description: str, is_active: bool = True
) -> Theme:
    """Add a feedback theme, or change one's name or description, or stop offering it (a theme no longer offered
    keeps the feedback filed under it). A new theme is offered last."""
    if not may_moderate(by):
        raise PermissionDenied("Only commissioning officers and administrators can change feedback themes.")
    name, description = name.strip(), description.strip()
    if not name:
        raise DomainError("Enter the name of the theme", field="name")
    refuse_name_in_use(Theme, name, instance=theme, what="a theme")
    if theme is None:
        base = slugify(name)[:50] or "theme"
        taken = set(Theme.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        last = Theme.objects.order_by("-position").values_list("position", flat=True).first()
        theme = Theme(slug=slug, position=(last or 0) + 1)
    theme.name, theme.description, theme.is_active = name, description, is_active
    audited_save(by=by, instance=theme)
    return theme
