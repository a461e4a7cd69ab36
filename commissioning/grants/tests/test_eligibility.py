"""Each eligibility rule refuses with its message: shown on the page that fixes it, and refusing submission."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.core.errors import DomainError
from commissioning.grants.eligibility import (
    application_problems,
    blocking,
    duration_in_months,
    scheme_is_open,
)
from commissioning.grants.models import ApplicationStatus
from commissioning.grants.services import applications as services
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import (
    community_fund_scheme,
    complete_application,
    current_plan_priorities,
    police_property_act_scheme,
    provider_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities():
    return current_plan_priorities()


def _ready(scheme, *, sector=Sector.COMMUNITY_GROUP, priorities=(), **answers):
    provider = provider_for(OrganisationFactory(sector=sector))
    application = services.application_start(by=provider, scheme=scheme)
    application = complete_application(application, by=provider, priorities=priorities, **answers)
    client = Client()
    client.force_login(provider)
    return provider, application, client


def _refused(client, application, message):
    """The submission is refused with the message, and the application stays a draft."""
    response = client.post(reverse("apply:submit", args=[application.pk]))
    assert response.status_code == 400
    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.reference is None


def _shown_on(client, application, section, message):
    response = client.get(reverse("apply:section", args=[application.pk, section]))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_more_than_the_police_property_act_fund_gives_is_refused(priorities):
    provider, application, client = _ready(
        police_property_act_scheme(), priorities=priorities[:1], amount_requested=Decimal("3500.00")
    )
    message = "The Police Property Act Fund gives £3,000 or less; £3,500 was asked for"
    assert [p.message for p in application_problems(application)] == [message]
    _shown_on(client, application, "project", message)
    _refused(client, application, message)
    with pytest.raises(DomainError, match=message):
        services.application_submit(by=provider, application=application)


def test_a_public_body_cannot_apply_to_the_community_fund(priorities):
    provider, application, client = _ready(
        community_fund_scheme(), sector=Sector.LOCAL_AUTHORITY, priorities=priorities[:1]
    )
    message = (
        "The PCC Community Fund only funds voluntary and community sector organisations; "
        "a local authority cannot apply"
    )
    assert [p.message for p in application_problems(application)] == [message]
    _shown_on(client, application, "organisation", message)
    _refused(client, application, message)


def test_a_duration_over_the_funds_limit_is_refused(priorities):
    start = timezone.localdate() + timedelta(days=30)
    provider, application, client = _ready(
        police_property_act_scheme(),
        priorities=priorities[:1],
        starts_on=start,
        ends_on=start + timedelta(days=420),
    )
    months = duration_in_months(start, start + timedelta(days=420))
    message = f"The Police Property Act Fund funds work lasting no more than 12 months; {months} months was asked for"
    assert [p.rule for p in application_problems(application)] == ["max_duration"]
    _shown_on(client, application, "dates", message)
    _refused(client, application, message)


def test_no_priority_named_is_refused(priorities):
    provider, application, client = _ready(police_property_act_scheme(), priorities=[])
    message = "Choose at least one Police and Crime Plan priority your project delivers"
    assert [p.rule for p in application_problems(application)] == ["priority"]
    _shown_on(client, application, "priorities", message)
    _refused(client, application, message)


def test_a_closed_scheme_refuses_submission(priorities):
    scheme = police_property_act_scheme()
    provider, application, client = _ready(scheme, priorities=priorities[:1])
    scheme.closes_at = timezone.now() - timedelta(hours=1)
    scheme.save()
    application.scheme = scheme
    problems = application_problems(application)
    assert [p.rule for p in problems] == ["scheme_open"]
    assert "Police Property Act Fund round 2 closed on" in problems[0].message
    assert "applications can no longer be submitted" in problems[0].message
    response = client.get(reverse("apply:task-list", args=[application.pk]))
    assert "applications can no longer be submitted" in response.content.decode()
    _refused(client, application, "applications can no longer be submitted")


def test_recurring_costs_are_refused_by_a_one_off_fund(priorities):
    provider, application, client = _ready(
        police_property_act_scheme(), priorities=priorities[:1], recurring=True
    )
    message = (
        "The Police Property Act Fund gives one-off funding only; it cannot fund recurring or ongoing costs"
    )
    assert [p.message for p in application_problems(application)] == [message]
    _refused(client, application, message)


def test_budget_lines_that_do_not_add_up_say_by_how_much(priorities):
    provider, application, client = _ready(police_property_act_scheme(), priorities=priorities[:1])
    services.budget_line_add(
        by=provider, application=application, description="Extra", amount=Decimal("120.50")
    )
    message = "Your budget lines add up to £120.50 more than the amount you are applying for"
    assert message in application_problems(application)[0].message
    _shown_on(client, application, "budget", message)
    _refused(client, application, message)


def test_a_start_date_in_the_past_is_a_warning_that_does_not_block(priorities):
    provider, application, client = _ready(
        police_property_act_scheme(),
        priorities=priorities[:1],
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=200),
    )
    problems = application_problems(application)
    assert [p.rule for p in problems] == ["start_past"] and blocking(problems) == []
    response = client.get(reverse("apply:section", args=[application.pk, "dates"]))
    assert "govuk-warning-text" in response.content.decode()
    response = client.post(reverse("apply:submit", args=[application.pk]))
    assert response.status_code == 302


def test_facts_not_yet_given_are_not_judged(priorities):
    scheme = police_property_act_scheme()
    provider = provider_for(OrganisationFactory(sector=Sector.COMMUNITY_GROUP))
    application = services.application_start(by=provider, scheme=scheme)
    assert [p.rule for p in application_problems(application)] == ["priority"]


def test_duration_in_months_and_scheme_is_open():
    assert duration_in_months(date(2026, 4, 1), date(2027, 3, 31)) == 12
    assert duration_in_months(date(2026, 4, 1), date(2027, 4, 1)) == 13
    scheme = police_property_act_scheme(is_published=False)
    assert not scheme_is_open(scheme)
