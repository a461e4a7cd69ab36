"""The permission table itself (accounts/permissions.py): every condition it names is registered by an app, each
separation-of-duties rule refuses with its own words, system actors act only where the table names them, every
refusal carries its reason, and anonymous people are asked to sign in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from commissioning.accounts import permissions
from commissioning.accounts.permissions import (
    PERMISSIONS,
    READ_ALL,
    STAFF,
    PermissionRefused,
    check,
    conditions_named,
    conditions_registered,
    may,
    require,
    roles_for,
)
from commissioning.accounts.roles import Role
from commissioning.core.actors import SYSTEM_ACTORS
from commissioning.core.errors import DomainError

ACTIONS = sorted(PERMISSIONS)
BARS = [
    pytest.param(action, bar, id=f"{action}:{bar.condition}")
    for action in ACTIONS
    for bar in PERMISSIONS[action].barred
]
SYSTEM = [
    pytest.param(action, actor, id=f"{action}:{actor}")
    for action in ACTIONS
    for actor in sorted(SYSTEM_ACTORS, key=str)
]


class _Record:
    """A record for the table's unit tests: the conditions asked of it are stubbed."""


@pytest.fixture
def stub_conditions(monkeypatch):
    """Replace the registered test of named conditions: `stub_conditions(holds={"is_draft"})` makes exactly those
    hold (every other condition does not), keeping each condition's refusal words."""

    def stub(*, holds: set[str]) -> None:
        for name in conditions_named():
            registered = permissions._CONDITIONS[name]
            test = (lambda person, record: True) if name in holds else (lambda person, record: False)
            monkeypatch.setitem(
                permissions._CONDITIONS, name, permissions._Condition(test, registered.refusal)
            )

    return stub


def test_every_condition_the_table_names_is_registered_by_an_app():
    missing = conditions_named() - conditions_registered()
    assert not missing, f"No app registers: {', '.join(sorted(missing))}"


def test_every_action_has_words_that_finish_you_cannot():
    for action, rule in PERMISSIONS.items():
        assert rule.label and rule.label[0].islower() and not rule.label.endswith("."), action
        assert rule.all_roles() or rule.system, f"{action} allows no one"
        assert rule.all_roles() <= set(Role.values), action


def test_an_action_not_in_the_table_is_a_programming_error():
    with pytest.raises(KeyError, match="not an action in the permission table"):
        check(AnonymousUser(), "agreement.steal")


@pytest.mark.parametrize(("action", "bar"), BARS)
def test_each_separation_of_duties_rule_refuses_with_its_message(make_user, stub_conditions, action, bar):
    rule = PERMISSIONS[action]
    # Someone who holds every role the action allows, for whom every condition holds but the other bars'.
    person = make_user(*sorted(rule.all_roles()))
    others = {other.condition for other in rule.barred if other != bar}
    stub_conditions(holds=conditions_named() - others)

    verdict = check(person, action, _Record())

    assert not verdict.allowed
    assert (verdict.reason, verdict.rule) == (bar.message, bar.condition)
    with pytest.raises(PermissionRefused, match=bar.message):
        require(person, action, _Record())


@pytest.mark.parametrize(("action", "bar"), BARS)
def test_a_bar_that_does_not_hold_leaves_the_roles_to_decide(make_user, stub_conditions, action, bar):
    rule = PERMISSIONS[action]
    stub_conditions(holds={name for _, name in rule.roles_when})
    assert may(make_user(*sorted(rule.all_roles())), action, _Record())


def test_the_separation_of_duties_rules_are_in_the_table():
    """Issue 10's rules, each with its own words."""
    messages = {
        (action, bar.condition): bar.message for action, rule in PERMISSIONS.items() for bar in rule.barred
    }
    assert messages[("application.moderate", "scored_application")] == (
        "You scored this application, so you cannot moderate it"
    )
    assert messages[("application.decide", "scored_application")] == (
        "You scored this application, so you cannot decide it"
    )
    assert messages[("application.decide", "moderated_application")] == (
        "You moderated this application, so you cannot decide it"
    )
    for action in ("application.assess", "application.moderate", "application.decide"):
        assert "declared an interest" in messages[(action, "declared_interest")]
    assert messages[("application.assign", "sole_assessor_is_me")] == (
        "You cannot assign yourself as the only assessor of an application"
    )


@pytest.mark.parametrize(("action", "actor"), SYSTEM)
def test_system_actors_act_only_where_the_table_names_them(action, actor):
    rule = PERMISSIONS[action]
    verdict = check(actor, action, _Record())
    assert verdict.allowed == (actor in rule.system)
    if not verdict.allowed:
        assert (verdict.reason, verdict.rule) == (f"The {actor} cannot {rule.label}", "system")


def test_a_system_actor_never_passes_as_a_person_with_roles():
    for actor in SYSTEM_ACTORS:
        assert not actor.is_authenticated
        assert not may(actor, "staff.pages")
        assert not may(actor, "records.read_all")


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_people_are_asked_to_sign_in(action):
    label = PERMISSIONS[action].label
    for nobody in (AnonymousUser(), None):
        verdict = check(nobody, action)
        assert not verdict.allowed
        assert (verdict.reason, verdict.rule) == (f"Sign in to {label}", "signed_in")


def test_a_refusal_for_want_of_a_role_says_so(make_user):
    verdict = check(make_user(Role.AUDITOR), "plan.manage")
    assert not verdict.allowed
    assert (verdict.reason, verdict.rule) == (
        "You do not have a role that can change the plan and the commissioning principles",
        "role",
    )


def test_a_refusal_under_a_condition_gives_the_condition_s_words(make_user, stub_conditions):
    stub_conditions(holds=set())
    verdict = check(make_user(Role.PROVIDER), "return.submit", _Record())
    assert not verdict.allowed
    assert verdict.rule == "return_of_my_organisation"
    assert verdict.reason == (
        "You cannot send this monitoring return: this is a return of another organisation's agreement"
    )


def test_a_role_allowed_under_a_condition_may_use_the_page_before_the_record_is_known(make_user):
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    assert may(partner, "fund.view")
    assert not may(partner, "fund.allocate")


def test_require_raises_a_refusal_that_carries_the_verdict(make_user):
    with pytest.raises(PermissionRefused) as refused:
        require(make_user(Role.ASSESSOR), "delegation.change")
    error = refused.value
    assert isinstance(error, PermissionDenied) and isinstance(error, DomainError)
    assert str(error) == "You do not have a role that can change the scheme of delegation"
    assert error.verdict.rule == "role"


def test_an_inactive_person_holds_no_role(make_user):
    person = make_user(Role.ADMINISTRATOR)
    person.is_active = False
    assert not may(person, "staff.pages")


def test_the_role_groups_are_named_once_here():
    assert frozenset(Role.values) - STAFF == {Role.PROVIDER}
    assert {
        Role.ADMINISTRATOR,
        Role.COMMISSIONER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONING_OFFICER,
        Role.AUDITOR,
    } == READ_ALL
    assert roles_for("audit.trail") == {Role.ADMINISTRATOR, Role.AUDITOR}


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("staff.pages", STAFF),
        ("provider.pages", {Role.PROVIDER}),
        ("records.read_all", READ_ALL),
        ("plan.view", STAFF),
        ("plan.manage", {Role.ADMINISTRATOR}),
        ("delegation.view", STAFF),
        ("delegation.change", {Role.ADMINISTRATOR}),
        ("record.history", READ_ALL),
        ("audit.trail", {Role.ADMINISTRATOR, Role.AUDITOR}),
        ("account.create", {Role.ADMINISTRATOR}),
        ("account.manage", {Role.ADMINISTRATOR}),
    ],
)
def test_who_may_use_the_pages_of_plans_delegation_the_trail_and_accounts(make_user, action, allowed):
    """The roles the views of these apps allowed before they asked the table (staff_required, roles_required)."""
    for role in Role:
        assert may(make_user(role), action) == (role in allowed), (action, role)


def test_a_person_sets_up_two_factor_sign_in_for_their_own_account_only(make_user):
    person, other = make_user(Role.PROVIDER), make_user(Role.AUDITOR)
    assert may(person, "account.two_factor", person)
    verdict = check(person, "account.two_factor", other)
    assert (verdict.allowed, verdict.reason) == (
        False,
        "You can only set up two-factor sign-in for your own account",
    )
