"""The application services: start, save each section, budget lines, submit with a reference, withdraw."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.models import ReferenceCounter
from commissioning.core.testing import race
from commissioning.grants.models import Application, ApplicationStatus
from commissioning.grants.services import applications as services
from commissioning.grants.services.references import reference_next
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import (
    SchemeFactory,
    complete_application,
    current_plan_priorities,
    police_property_act_scheme,
    provider_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities():
    return current_plan_priorities()


@pytest.fixture
def scheme():
    return police_property_act_scheme(question_definitions={"volunteers": {"label": "How many volunteers?"}})


@pytest.fixture
def provider():
    return provider_for(OrganisationFactory(sector=Sector.COMMUNITY_GROUP))


def test_start_makes_one_draft_per_organisation_and_scheme_with_the_questions_asked(scheme, provider):
    first = services.application_start(by=provider, scheme=scheme)
    again = services.application_start(by=provider, scheme=scheme)
    assert first.pk == again.pk
    assert Application.objects.count() == 1
    assert first.status == ApplicationStatus.DRAFT
    assert first.question_definitions["project_title"]["label"] == "What is your project called?"
    # The scheme's own question is asked in the project section and kept with the application.
    assert first.question_definitions["volunteers"] == {
        "section": "project",
        "kind": "answer",
        "label": "How many volunteers?",
        "hint": "",
    }
    assert AuditEvent.objects.filter(record_type="grants.application", action="create").count() == 1


def test_the_questions_stay_as_asked_when_the_scheme_changes_them_later(scheme, provider):
    application = services.application_start(by=provider, scheme=scheme)
    scheme.question_definitions = {"project_title": {"label": "Name your project"}}
    scheme.save()
    application.refresh_from_db()
    assert application.question_definitions["project_title"]["label"] == "What is your project called?"
    assert services.question_definitions_for(scheme)["project_title"]["label"] == "Name your project"


def test_start_refuses_a_closed_scheme_and_a_person_without_an_organisation(make_user, provider):
    closed = SchemeFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(DomainError, match="is not open for applications"):
        services.application_start(by=provider, scheme=closed)
    with pytest.raises(DomainError, match="Register your organisation"):
        services.application_start(by=make_user(), scheme=closed)


def test_saving_a_section_keeps_the_answers_and_its_state(scheme, provider, priorities):
    application = services.application_start(by=provider, scheme=scheme)
    application = services.application_section_save(
        by=provider,
        application=application,
        section="project",
        data={
            "project_title": "  Night pastors ",
            "amount_requested": Decimal("1200.00"),
            "volunteers": "12",
        },
        complete=False,
    )
    application.refresh_from_db()
    assert application.project_title == "Night pastors"
    assert application.amount_requested == Decimal("1200.00")
    assert application.answers == {"volunteers": "12"}
    assert application.completed_sections == []
    services.application_section_save(
        by=provider,
        application=application,
        section="priorities",
        data={"priorities": priorities[:2]},
        complete=True,
    )
    application.refresh_from_db()
    assert set(application.priorities.all()) == set(priorities[:2])
    assert application.completed_sections == ["priorities"]
    event = AuditEvent.objects.filter(action="save priorities").get()
    assert event.after["priorities"] == sorted(p.pk for p in priorities[:2])


def test_budget_lines_are_added_removed_and_reopen_the_section(scheme, provider):
    application = services.application_start(by=provider, scheme=scheme)
    line = services.budget_line_add(
        by=provider, application=application, description="Hall hire", amount=Decimal("300")
    )
    services.application_section_save(
        by=provider, application=application, section="budget", data={}, complete=True
    )
    application.refresh_from_db()
    assert "budget" in application.completed_sections
    services.budget_line_remove(by=provider, application=application, line_pk=line.pk)
    services.budget_line_remove(by=provider, application=application, line_pk=line.pk)  # twice: no harm
    application.refresh_from_db()
    assert "budget" not in application.completed_sections
    assert not application.budget_lines.exists()
    with pytest.raises(DomainError, match="Add at least one budget line"):
        services.application_section_save(
            by=provider, application=application, section="budget", data={}, complete=True
        )
    with pytest.raises(DomainError, match="more than £0"):
        services.budget_line_add(
            by=provider, application=application, description="Nothing", amount=Decimal("0")
        )


def test_submit_gives_sequential_references_for_the_calendar_year_and_emails_a_receipt(
    scheme, priorities, django_capture_on_commit_callbacks, mailoutbox
):
    year = timezone.localtime().year
    references = []
    for _ in range(3):
        provider = provider_for(OrganisationFactory(sector=Sector.CHARITY))
        application = services.application_start(by=provider, scheme=scheme)
        application = complete_application(application, by=provider, priorities=priorities[:1])
        with django_capture_on_commit_callbacks(execute=True):
            submitted = services.application_submit(by=provider, application=application)
        references.append(submitted.reference)
        assert submitted.status == ApplicationStatus.SUBMITTED
        assert submitted.submitted_at is not None
    assert references == [f"PPAF-{year}-0001", f"PPAF-{year}-0002", f"PPAF-{year}-0003"]
    assert len(mailoutbox) == 3
    assert references[0] in mailoutbox[0].subject and references[0] in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="submit").count() == 3


def test_references_start_again_each_year_and_keep_their_prefix():
    from django.db import transaction

    with transaction.atomic():
        assert reference_next(prefix="PPAF", year=2026) == "PPAF-2026-0001"
        assert reference_next(prefix="PPAF", year=2026) == "PPAF-2026-0002"
        assert reference_next(prefix="PPAF", year=2027) == "PPAF-2027-0001"
        assert reference_next(prefix="PCF", year=2026) == "PCF-2026-0001"
    assert ReferenceCounter.objects.get(scope="application:PPAF", year=2026).last == 2


def test_submit_refuses_an_incomplete_application_and_a_second_submission(scheme, provider, priorities):
    application = services.application_start(by=provider, scheme=scheme)
    with pytest.raises(DomainError, match="Complete every part of the application"):
        services.application_submit(by=provider, application=application)
    application = complete_application(application, by=provider, priorities=priorities[:1])
    services.application_submit(by=provider, application=application)
    with pytest.raises(InvalidTransition, match="submitted, so it cannot be submitted"):
        services.application_submit(by=provider, application=application)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.application_section_save(
            by=provider,
            application=application,
            section="project",
            data={"project_title": "X"},
            complete=False,
        )


def test_submit_refuses_while_an_eligibility_problem_stands(scheme, provider, priorities):
    application = services.application_start(by=provider, scheme=scheme)
    application = complete_application(
        application, by=provider, priorities=priorities[:1], amount_requested=Decimal("3500.00")
    )
    with pytest.raises(
        DomainError, match="Police Property Act Fund gives £3,000 or less; £3,500 was asked for"
    ):
        services.application_submit(by=provider, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.reference is None


def test_withdraw_follows_the_transition_table(scheme, provider, priorities):
    application = services.application_start(by=provider, scheme=scheme)
    services.application_withdraw(by=provider, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.application_withdraw(by=provider, application=application)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("grants-references")
def test_concurrent_submissions_get_distinct_sequential_references_on_postgresql(scheme, priorities):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    count = 8
    drafts = []
    for _ in range(count):
        provider = provider_for(OrganisationFactory(sector=Sector.CHARITY))
        application = services.application_start(by=provider, scheme=scheme)
        drafts.append((provider, complete_application(application, by=provider, priorities=priorities[:1])))

    def submit(pair):
        provider, application = pair
        return services.application_submit(by=provider, application=application).reference

    outcome = race(submit, drafts)
    assert not outcome.unexpected and not outcome.refusals, (outcome.unexpected, outcome.refusals)
    references = outcome.successes
    year = timezone.localtime().year
    assert sorted(references) == [f"PPAF-{year}-{n:04d}" for n in range(1, count + 1)]
