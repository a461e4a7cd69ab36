"""Officers moderate feedback: approve under themes or reject with a reason, audited; only approved feedback counts;
nobody else may moderate."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.feedback.models import Feedback, FeedbackStatus, Theme
from commissioning.feedback.selectors import feedback_summary, themes_for_agreements
from commissioning.feedback.services import feedback_approve, feedback_give, feedback_reject
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import make_service, many_feedback

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


def given(service: Any, text: str = "Helpful staff", **fields: Any) -> Feedback:
    return feedback_give(agreement=service, what_happened=text, consent_to_use=True, **fields)


def test_themes_are_shipped_as_data() -> None:
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Access and waiting times",
        "Staff attitude",
        "Outcomes",
        "Communication",
        "Safety",
    ]


def test_approving_needs_a_theme_and_is_audited(officer: User, service: Any) -> None:
    feedback = given(service)
    with pytest.raises(DomainError, match="Choose at least one theme"):
        feedback_approve(by=officer, feedback=feedback, themes=[])
    feedback_approve(by=officer, feedback=feedback, themes=[theme("staff-attitude"), theme("outcomes")])
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.APPROVED and feedback.moderated_by == officer
    event = AuditEvent.objects.get(action="feedback.approve")
    assert event.actor == officer
    assert event.before == {"status": "pending", "rejection_reason": "", "themes": []}
    assert event.after == {
        "status": "approved",
        "rejection_reason": "",
        "themes": ["outcomes", "staff-attitude"],
    }


def test_rejecting_needs_a_reason_and_is_audited(officer: User, service: Any) -> None:
    feedback = given(service)
    with pytest.raises(DomainError, match="Enter why"):
        feedback_reject(by=officer, feedback=feedback, reason=" ")
    feedback_reject(by=officer, feedback=feedback, reason="Advertising, not feedback")
    feedback.refresh_from_db()
    assert (
        feedback.status == FeedbackStatus.REJECTED
        and feedback.rejection_reason == "Advertising, not feedback"
    )
    assert (AuditEvent.objects.get(action="feedback.reject").after or {})["status"] == "rejected"


def test_moderated_feedback_cannot_be_moderated_again(officer: User, service: Any) -> None:
    feedback = given(service)
    feedback_reject(by=officer, feedback=feedback, reason="Spam")
    with pytest.raises(InvalidTransition):
        feedback_approve(by=officer, feedback=feedback, themes=[theme("safety")])


def test_only_approved_feedback_counts_in_the_summary(officer: User, service: Any) -> None:
    first, second, rejected = given(service, "one"), given(service, "two"), given(service, "three")
    given(service, "waiting")
    feedback_approve(by=officer, feedback=first, themes=[theme("safety"), theme("communication")])
    feedback_approve(by=officer, feedback=second, themes=[theme("safety")])
    feedback_reject(by=officer, feedback=rejected, reason="Not about this service")
    summary = feedback_summary(service)
    assert (summary.approved, summary.waiting) == (2, 1)
    assert [(item.theme.name, item.count) for item in summary.themes] == [("Safety", 2), ("Communication", 1)]
    assert [item.what_happened for item in summary.recent] == ["two", "one"]


def test_themes_for_many_agreements_take_one_query(
    officer: User, service: Any, django_assert_num_queries: Any
) -> None:
    others = [make_service(by=officer, organisation=OrganisationFactory(), title=f"S{n}") for n in range(5)]
    for item in [service, *others]:
        feedback_approve(by=officer, feedback=given(item), themes=[theme("outcomes")])
    with django_assert_num_queries(1):
        result = themes_for_agreements([service, *others, 999_999])
    assert [(c.theme.slug, c.count) for c in result[service.pk]] == [("outcomes", 1)]
    assert result[999_999] == []


def moderate_url(feedback: Feedback) -> str:
    return reverse("feedback-staff:moderate", args=[feedback.pk])


def test_an_officer_approves_through_the_page(
    client_as: Callable[..., Client], officer: User, service: Any
) -> None:
    feedback = given(service)
    client = client_as(user=officer)
    assert client.get(moderate_url(feedback)).status_code == 200
    response = client.post(moderate_url(feedback), {"decision": "approve", "themes": [theme("safety").pk]})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.APPROVED
    page = client.get(moderate_url(feedback)).content.decode()
    assert "Safety" in page and "Approved" in page and "Save decision" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether to approve or reject the feedback"),
        ({"decision": "approve"}, "Choose at least one theme"),
        ({"decision": "reject", "reason": " "}, "Enter why the feedback is rejected"),
        ({"decision": "approve", "themes": ["nonsense"]}, "Choose themes from the list"),
    ],
)
def test_bad_moderation_gets_a_clear_message(
    client_as: Callable[..., Client], officer: User, service: Any, data: dict[str, Any], message: str
) -> None:
    feedback = given(service)
    response = client_as(user=officer).post(moderate_url(feedback), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_an_officer_rejects_through_the_page(
    client_as: Callable[..., Client], officer: User, service: Any
) -> None:
    feedback = given(service)
    client = client_as(user=officer)
    client.post(moderate_url(feedback), {"decision": "reject", "reason": SCRIPT})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.REJECTED and feedback.rejection_reason == SCRIPT
    page = client.get(moderate_url(feedback)).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_the_queue_shows_scripts_as_text(
    client_as: Callable[..., Client], officer: User, service: Any
) -> None:
    feedback = given(service, SCRIPT, name=SCRIPT, email="a@example.org", phone="01632 960 001")
    client = client_as(user=officer)
    queue = client.get(reverse("feedback-staff:queue")).content.decode()
    assert SCRIPT not in queue and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in queue
    page = client.get(moderate_url(feedback)).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_queue_holds_only_waiting_feedback_and_is_fast(
    client_as: Callable[..., Client], officer: User, service: Any, django_assert_max_num_queries: Any
) -> None:
    many_feedback(agreement=service, count=120)
    many_feedback(agreement=service, count=30, status=FeedbackStatus.APPROVED)
    other = make_service(by=officer, organisation=OrganisationFactory(name="Second"), title="Second service")
    many_feedback(agreement=other, count=60, name="Named person")
    client = client_as(user=officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("feedback-staff:queue"), {"page": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert "180 waiting" in body and body.count("(moderate feedback") == 25


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ASSESSOR, Role.AUDITOR, Role.PARTNER_ADMINISTRATOR])
def test_others_cannot_moderate(client_as: Callable[..., Client], service: Any, role: str) -> None:
    feedback = given(service)
    client = client_as(role)
    assert client.get(reverse("feedback-staff:queue")).status_code == 403
    assert client.get(moderate_url(feedback)).status_code == 403
    assert client.post(moderate_url(feedback), {"decision": "reject", "reason": "x"}).status_code == 403
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_the_provider_of_the_service_cannot_moderate_its_feedback(
    client_as: Callable[..., Client], make_user: Callable[..., User], service: Any
) -> None:
    provider = make_user(Role.PROVIDER)
    MembershipFactory(organisation=service.organisation, user=provider, is_administrator=True)
    feedback = given(service)
    assert (
        client_as(user=provider)
        .post(moderate_url(feedback), {"decision": "reject", "reason": "x"})
        .status_code
        == 403
    )


def test_the_public_is_sent_to_sign_in(client: Client, service: Any) -> None:
    feedback = given(service)
    assert client.get(reverse("feedback-staff:queue")).status_code == 302
    response = client.post(moderate_url(feedback), {"decision": "reject", "reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_unknown_feedback_is_not_found(client_as: Callable[..., Client], officer: User) -> None:
    assert client_as(user=officer).get(reverse("feedback-staff:moderate", args=[123456])).status_code == 404


def test_staff_see_a_service_s_approved_feedback_by_theme(
    client_as: Callable[..., Client], officer: User, service: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        feedback_approve(
            by=officer, feedback=given(service, f"Approved {n} {SCRIPT}"), themes=[theme("safety")]
        )
    given(service, "Still waiting", email="private@example.org")
    client = client_as(Role.AUDITOR)
    url = reverse("feedback-staff:service", args=[service.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "30 approved pieces of feedback" in body and "1 waiting for moderation" in body
    assert "Safety" in body and "Still waiting" not in body and "private@example.org" not in body
    assert SCRIPT not in body and "&lt;script&gt;" in body
    assert client_as(Role.PROVIDER).get(url).status_code == 403


def test_feedback_waiting_is_on_the_moderators_dashboard(client, officer, service, make_user):
    from commissioning.dashboard.work import work_waiting

    for text in ("First", "Second"):
        feedback_give(agreement=service, what_happened=text, consent_to_use=True)
    items = {item.label: item.count for item in work_waiting(officer)}
    assert items["Public feedback waiting for moderation"] == 2
    assert not work_waiting(make_user(Role.AUDITOR))
    client.force_login(officer)
    assert "Public feedback waiting for moderation" in client.get(reverse("dashboard:home")).content.decode()
