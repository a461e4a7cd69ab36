"""Setting up schemes: who may, what each field must be, criteria weights before opening, opening and closing."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.selectors import history_for
from commissioning.core.errors import DomainError
from commissioning.finance.models import FundRules
from commissioning.finance.tests.factories import FundFactory
from commissioning.grants.models import Scheme
from commissioning.grants.selectors.staff import CLOSED, DRAFT, OPEN, UPCOMING, scheme_status
from commissioning.grants.services.schemes import (
    criterion_remove,
    criterion_save,
    scheme_close,
    scheme_create,
    scheme_open,
    scheme_update,
    score_band_save,
)
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import SchemeFactory, scheme_with_criteria

pytestmark = pytest.mark.django_db


def _details(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    values: dict[str, Any] = {
        "name": "Police Property Act Fund round 2",
        "slug": "ppaf-round-2",
        "summary": "Small grants from the proceeds of unclaimed property.",
        "guidance": "We fund community groups.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
    }
    values.update(overrides)
    return values


def test_officer_creates_a_scheme_with_the_fund_code_as_prefix(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    fund = FundFactory(code="PPAF")
    scheme = scheme_create(by=officer, fund=fund, **_details())
    assert scheme.reference_prefix == "PPAF"
    assert scheme.is_published is False
    assert scheme_status(scheme) == DRAFT
    assert history_for(scheme).first().action == "create"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the name of the scheme"),
        ({"slug": "Has Spaces"}, "slug", "lower-case letters"),
        ({"reference_prefix": "pp-af"}, "reference_prefix", "capital letters or numbers"),
        ({"summary": ""}, "summary", "Enter a summary"),
        ({"guidance": ""}, "guidance", "Enter the guidance"),
        ({"closes_at": timezone.now() - timedelta(days=5)}, "closes_at", "must be after the opening date"),
        ({"acceptance_period_days": 0}, "acceptance_period_days", "between 1 and 365"),
    ],
)
def test_bad_scheme_details_are_refused_with_a_message(make_user, overrides, field, message):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    with pytest.raises(DomainError) as refused:
        scheme_create(by=officer, fund=FundFactory(), **_details(**overrides))
    assert refused.value.field == field
    assert message in refused.value.message
    assert not Scheme.objects.exists()


def test_names_and_addresses_are_unique(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    fund = FundFactory()
    scheme_create(by=officer, fund=fund, **_details())
    with pytest.raises(DomainError, match="already a scheme called"):
        scheme_create(by=officer, fund=fund, **_details(slug="other"))
    with pytest.raises(DomainError, match="already uses the web address"):
        scheme_create(by=officer, fund=fund, **_details(name="Another"))


def test_partner_administrator_manages_only_their_funds_schemes(make_user):
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    foundation = OrganisationFactory(name="Community Foundation")
    MembershipFactory(organisation=foundation, user=partner, is_administrator=True)
    theirs = FundFactory(code="PPAF")
    FundRules.objects.create(
        fund=theirs, effective_from=timezone.localdate(), administering_organisation=foundation
    )
    other = FundFactory(code="PCF")
    scheme = scheme_create(by=partner, fund=theirs, **_details())
    assert scheme.fund == theirs
    with pytest.raises(PermissionDenied):
        scheme_create(by=partner, fund=other, **_details(name="Other", slug="other"))
    with pytest.raises(PermissionDenied):
        scheme_update(by=partner, scheme=SchemeFactory(fund=other), **_details(name="X", slug="x"))


def test_provider_cannot_create_schemes(make_user):
    with pytest.raises(PermissionDenied):
        scheme_create(by=make_user(Role.PROVIDER), fund=FundFactory(), **_details())


def test_scheme_cannot_open_until_weights_add_up_to_100(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    scheme = SchemeFactory(is_published=False)
    with pytest.raises(DomainError, match="Add at least one assessment criterion"):
        scheme_open(by=officer, scheme=scheme)
    criterion_save(by=officer, scheme=scheme, number=1, title="Need", weight=60)
    criterion_save(by=officer, scheme=scheme, number=2, title="Delivery", weight=30)
    with pytest.raises(DomainError, match="must add up to 100: they add up to 90"):
        scheme_open(by=officer, scheme=scheme)
    criterion_save(by=officer, scheme=scheme, number=3, title="Value", weight=10)
    scheme_open(by=officer, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.is_published
    assert scheme_status(scheme) == OPEN
    assert history_for(scheme).first().action == "open"


def test_criteria_and_bands_are_fixed_once_open(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    scheme = scheme_with_criteria()
    with pytest.raises(DomainError, match="cannot be changed once the scheme has been opened"):
        criterion_save(by=officer, scheme=scheme, number=4, title="Extra", weight=10)
    with pytest.raises(DomainError, match="cannot be changed once the scheme has been opened"):
        score_band_save(by=officer, scheme=scheme, score=6, label="Outstanding")
    with pytest.raises(DomainError):
        criterion_remove(by=officer, criterion=scheme.criteria.first())


def test_criterion_numbers_and_bands_are_unique_and_in_range(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    scheme = SchemeFactory(is_published=False)
    criterion_save(by=officer, scheme=scheme, number=1, title="Need", weight=50)
    with pytest.raises(DomainError, match="already a criterion 1"):
        criterion_save(by=officer, scheme=scheme, number=1, title="Again", weight=50)
    with pytest.raises(DomainError, match="between 1 and 100"):
        criterion_save(by=officer, scheme=scheme, number=2, title="Heavy", weight=101)
    score_band_save(by=officer, scheme=scheme, score=0, label="None")
    with pytest.raises(DomainError, match="already a band for a score of 0"):
        score_band_save(by=officer, scheme=scheme, score=0, label="Nothing")


def test_close_now_and_statuses(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    scheme = scheme_with_criteria()
    scheme_close(by=officer, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme_status(scheme) == CLOSED
    with pytest.raises(DomainError, match="already closed"):
        scheme_close(by=officer, scheme=scheme)
    upcoming = scheme_with_criteria(opens_at=timezone.now() + timedelta(days=3))
    assert scheme_status(upcoming) == UPCOMING
    scheme_close(by=officer, scheme=upcoming)
    upcoming.refresh_from_db()
    assert scheme_status(upcoming) == DRAFT


def test_update_without_changes_writes_no_event(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    details = _details()
    scheme = scheme_create(by=officer, fund=FundFactory(), **details)
    count = history_for(scheme).count()
    scheme_update(by=officer, scheme=scheme, **details)
    assert history_for(scheme).count() == count
    scheme_update(by=officer, scheme=scheme, **{**details, "summary": "New summary"})
    assert history_for(scheme).count() == count + 1
