"""Writing feedback: the public gives it, officers moderate it. Each function is one transaction with its audit event."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commissioning.accounts.permissions import require
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.services import audit_record, audited_save
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, SystemActor, person_id
from commissioning.core.errors import DomainError
from commissioning.core.services import refuse_name_in_use

from .models import Feedback, FeedbackStatus, Theme

# Who the trail says gave feedback: the public page needs no sign-in, so no person is named. Giving feedback asks
# nothing of the permission table: anyone may, about a service running now.
PUBLIC_ACTOR = SystemActor("a member of the public")


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


@transaction.atomic
def feedback_approve(*, by: Actor, feedback: Feedback, themes: Iterable[Theme]) -> Feedback:
    """Approve feedback so it counts in the service's monitoring, filed under at least one theme in the same
    move (its audit event keeps the themes)."""
    require(by, "feedback.moderate", feedback)
    themes = list(themes)
    if not themes:
        raise DomainError("Choose at least one theme", field="themes")
    return transition(
        by=by,
        record=feedback,
        to=FeedbackStatus.APPROVED,
        changes={"moderated_by_id": person_id(by), "moderated_at": timezone.now()},
        then=lambda moved: moved.themes.set(themes),
    )


@transaction.atomic
def feedback_reject(*, by: Actor, feedback: Feedback, reason: str) -> Feedback:
    """Reject feedback (spam, abuse, not about this service, ...); it never counts. The reason is kept."""
    require(by, "feedback.moderate", feedback)
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why the feedback is rejected", field="reason")
    return transition(
        by=by,
        record=feedback,
        to=FeedbackStatus.REJECTED,
        reason=reason,
        changes={
            "rejection_reason": reason,
            "moderated_by_id": person_id(by),
            "moderated_at": timezone.now(),
        },
    )


@transaction.atomic
def theme_save(
    *, by: Actor, theme: Theme | None = None, name: str, description: str, is_active: bool = True
) -> Theme:
    """Add a feedback theme, or change one's name or description, or stop offering it (a theme no longer offered
    keeps the feedback filed under it). A new theme is offered last."""
    require(by, "feedback.moderate")
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
