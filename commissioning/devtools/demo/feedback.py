"""Demo feedback on the demo's running services: some approved under themes, one rejected, some waiting.

Idempotent: feedback is found again by its service and text, and is moderated only while it is still waiting.
"""

from dataclasses import dataclass, field
from importlib import import_module

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.core.actors import Actor
from commissioning.devtools.demo.support import demo_upsert
from commissioning.feedback.models import Feedback, FeedbackStatus, Theme
from commissioning.feedback.services import feedback_approve, feedback_give, feedback_reject

SHIPPED_THEMES = import_module("commissioning.feedback.migrations.0002_themes").THEMES


@dataclass(frozen=True)
class DemoFeedback:
    service: int  # which running service, in reference order (wrapping round if the demo has fewer)
    what_happened: str
    name: str = ""
    email: str = ""
    consent_to_contact: bool = False
    themes: tuple[str, ...] = field(default_factory=tuple)
    reject: str = ""


DEMO_FEEDBACK = [
    DemoFeedback(
        0,
        "I was seen within a week of being referred. The caseworker explained everything and rang when she said "
        "she would.",
        themes=("access-and-waiting-times", "communication"),
    ),
    DemoFeedback(
        0,
        "The sessions gave my son somewhere to go on Friday nights and he has stayed out of trouble since.",
        name="A parent",
        themes=("outcomes",),
    ),
    DemoFeedback(
        1,
        "I waited three weeks for a call back and nobody told me why.",
        name="Jo Smith",
        email="jo.smith@example.com",
        consent_to_contact=True,
        themes=("access-and-waiting-times", "communication"),
    ),
    DemoFeedback(
        1, "Staff were patient and kind, and I felt safe at the drop-in.", themes=("staff-attitude", "safety")
    ),
    DemoFeedback(
        0, "Cheap watches, visit our website!", reject="Advertising, not feedback about the service"
    ),
    DemoFeedback(
        1,
        "The helpline number on the leaflet was wrong, so it took me two days to get through.",
        email="helpline.user@example.com",
        consent_to_contact=True,
    ),
    DemoFeedback(2, "Really good support after the burglary. I would not have coped without it."),
]


def load(*, by: Actor) -> None:
    services = list(Agreement.objects.filter(status=AgreementStatus.ACTIVE).order_by("reference")[:3])
    if not services:
        return
    # The shipped themes come from migration 0002; made again here if the table was emptied since.
    for position, (slug, name, description) in enumerate(SHIPPED_THEMES, start=1):
        if not Theme.objects.filter(slug=slug).exists():
            demo_upsert(
                Theme,
                by=by,
                lookup={"slug": slug},
                values={"name": name, "description": description, "position": position},
            )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for spec in DEMO_FEEDBACK:
        service = services[spec.service % len(services)]
        # Found by its text alone: demos that run later add running services, so the first three may differ.
        feedback = Feedback.objects.filter(what_happened=spec.what_happened).order_by("pk").first()
        if feedback is None:
            feedback = feedback_give(
                agreement=service,
                what_happened=spec.what_happened,
                name=spec.name,
                email=spec.email,
                consent_to_contact=spec.consent_to_contact,
                consent_to_use=True,
            )
        if feedback.status != FeedbackStatus.PENDING:
            continue
        if spec.themes:
            feedback_approve(by=by, feedback=feedback, themes=[themes[slug] for slug in spec.themes])
        elif spec.reject:
            feedback_reject(by=by, feedback=feedback, reason=spec.reject)
