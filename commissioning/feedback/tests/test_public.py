"""The public gives feedback: choosing a running service, anonymous or with contact details, safe from scripts,
from form-filling bots and from floods."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.agreements.models import AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.feedback.models import Feedback, FeedbackAttempt, FeedbackStatus
from commissioning.feedback.ratelimit import ATTEMPTS_ALLOWED
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import many_services

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def give(client: Client, service: Any, **overrides: Any) -> Any:
    data: dict[str, Any] = {"what_happened": "The staff were kind and helped me quickly.", "consent": ["use"]}
    data.update(overrides)
    return client.post(reverse("feedback:give", args=[service.pk]), data)


def test_the_list_shows_running_services_only(client: Client, service: Any, draft_service: Any) -> None:
    response = client.get(reverse("feedback:choose"))
    assert response.status_code == 200
    assert "Youth boxing club" in response.content.decode()
    assert "Provided by Devizes Youth Boxing Club" in response.content.decode()
    assert "Not yet running" not in response.content.decode()


def test_the_list_is_searchable_by_service_or_provider(client: Client, officer: Any, service: Any) -> None:
    many_services(by=officer, organisation=OrganisationFactory(name="Other Trust"), count=3)
    found = client.get(reverse("feedback:choose"), {"q": "devizes"}).content.decode()
    assert "Youth boxing club" in found and "Service 000001" not in found
    missing = client.get(reverse("feedback:choose"), {"q": "nothing like this"}).content.decode()
    assert "No services match" in missing


def test_choosing_a_service_leads_to_its_form(client: Client, service: Any) -> None:
    response = client.get(reverse("feedback:choose"), {"choose": "1", "service": service.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:give", args=[service.pk])


def test_continuing_without_a_choice_says_what_to_do(client: Client, service: Any) -> None:
    response = client.get(reverse("feedback:choose"), {"choose": "1"})
    assert response.status_code == 200
    assert "Choose the service you want to give feedback about" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_a_service_that_is_not_running_takes_no_feedback(client: Client, draft_service: Any) -> None:
    assert client.get(reverse("feedback:give", args=[draft_service.pk])).status_code == 404
    assert give(client, draft_service).status_code == 404
    assert (
        client.get(reverse("feedback:choose"), {"choose": "1", "service": draft_service.pk}).status_code
        == 200
    )


def test_the_list_is_paged_and_fast_with_many_services(
    client: Client, officer: Any, django_assert_max_num_queries: Any
) -> None:
    organisation = OrganisationFactory(name="Big Provider")
    many_services(by=officer, organisation=organisation, count=300)
    many_services(by=officer, organisation=organisation, count=300, status=AgreementStatus.ENDED)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("feedback:choose"), {"page": 3})
    body = response.content.decode()
    assert "300 services" in body and "showing 41 to 60" in body
    assert body.count('name="service"') == 20


def test_anonymous_feedback_is_stored_and_shown_back(client: Client, service: Any) -> None:
    response = give(client, service)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.is_anonymous and feedback.status == FeedbackStatus.PENDING and feedback.consent_to_use
    thanks = client.get(response["Location"]).content.decode()
    assert "Feedback sent" in thanks and "The staff were kind" in thanks
    assert "your feedback is anonymous" in thanks
    event = AuditEvent.objects.get(action="feedback.give")
    assert event.actor is None and "kind" not in str(event.after)


def test_contact_details_are_kept_with_consent(client: Client, service: Any) -> None:
    give(
        client,
        service,
        name="Sam",
        email="sam@example.org",
        phone="01632 960 001",
        consent=["use", "contact"],
    )
    feedback = Feedback.objects.get()
    assert (feedback.name, feedback.email, feedback.phone) == ("Sam", "sam@example.org", "01632 960 001")
    assert feedback.consent_to_contact


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"what_happened": "  "}, "Enter what happened"),
        ({"what_happened": "x" * 5001}, "What happened must be 5,000 characters or fewer"),
        ({"consent": []}, "Confirm that we may use your feedback"),
        ({"consent": ["use", "contact"]}, "Enter an email address or phone number so we can contact you"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"phone": "call me maybe"}, "Enter a telephone number"),
        ({"consent": ["use", "sell"]}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message(
    client: Client, service: Any, overrides: dict[str, Any], message: str
) -> None:
    response = give(client, service, **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "govuk-error-summary" in body
    assert not Feedback.objects.exists()


def test_a_script_in_every_field_is_stored_as_typed_and_shown_as_text(client: Client, service: Any) -> None:
    response = give(
        client,
        service,
        what_happened=SCRIPT,
        name=SCRIPT,
        email="a@example.org",
        phone="01632 960 001",
        consent=["use", "contact"],
    )
    feedback = Feedback.objects.get()
    assert feedback.what_happened == SCRIPT and feedback.name == SCRIPT
    thanks = client.get(response["Location"]).content.decode()
    assert SCRIPT not in thanks
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in thanks


def test_a_script_in_the_invalid_form_is_shown_back_escaped(client: Client, service: Any) -> None:
    body = give(
        client, service, what_happened=SCRIPT, name=SCRIPT, email=SCRIPT, phone=SCRIPT
    ).content.decode()
    assert SCRIPT not in body and "&lt;script&gt;" in body


def test_the_honeypot_is_hidden_from_people_and_labelled(client: Client, service: Any) -> None:
    body = client.get(reverse("feedback:give", args=[service.pk])).content.decode()
    assert 'aria-hidden="true"' in body and 'tabindex="-1"' in body and "Leave this empty" in body


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client: Client, service: Any) -> None:
    response = give(client, service, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "Feedback sent" in thanks and "What you told us" not in thanks
    assert FeedbackAttempt.objects.count() == 1


def test_a_flood_from_one_client_is_refused_with_429(client: Client, service: Any) -> None:
    for _ in range(ATTEMPTS_ALLOWED):
        assert give(client, service).status_code == 302
    refused = give(client, service)
    assert refused.status_code == 429
    assert "You have sent feedback too many times" in refused.content.decode()
    assert Feedback.objects.count() == ATTEMPTS_ALLOWED
    # Bots that fill the honeypot use up the same allowance.
    assert give(client, service, website="x").status_code == 429


def test_the_limit_is_per_client(client: Client, service: Any) -> None:
    for _ in range(ATTEMPTS_ALLOWED):
        give(client, service)
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert give(other, service).status_code == 302
    # Addresses are kept only as keyed hashes.
    assert not FeedbackAttempt.objects.filter(client__contains="203.0.113.9").exists()


def test_mistakes_do_not_use_up_the_allowance(client: Client, service: Any) -> None:
    for _ in range(ATTEMPTS_ALLOWED + 2):
        give(client, service, what_happened="")
    assert give(client, service).status_code == 302


def test_an_empty_post_gets_the_error_summary(client: Client, service: Any) -> None:
    body = client.post(reverse("feedback:give", args=[service.pk]), {}).content.decode()
    assert "Enter what happened" in body and "govuk-error-summary" in body
