"""Who may do what: the one table of actions of the product, with the roles and object conditions that allow each,
and the separation-of-duties rules that bar a person whatever their role.

Views (`permission_required`), navigation, access functions, every write service (`require`) and the workflow
primitive ask this table, and nothing else decides who may act. A refusal carries its reason in plain words.

- `roles`: roles that may take the action on any record.
- `roles_when`: (role, condition) pairs: the role may take the action on a record for which the condition holds
  ("a fund my organisation runs"). Asked without a record (may this person use the page at all?), a role with a
  condition is allowed: the access function then narrows the records.
- `barred`: separation of duties. If the condition holds for the record, the person is refused whatever their
  role, with the rule's own words.
- `system`: the named system actors (scheduled jobs, imports, background tasks) that may take the action.

Conditions are named here and defined by the app that knows the record (`<app>/conditions.py`, registered with
`@condition` when the app is ready), so this table never imports a domain app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied

from commissioning.core.actors import (
    BACKGROUND_TASK,
    DATA_GENERATOR,
    DEMO_LOADER,
    IMPORTER,
    SCHEDULER,
    SystemActor,
)
from commissioning.core.errors import DomainError

from .roles import Role, user_roles

# --- Groups of roles, named once ---------------------------------------------------------------------------------

STAFF = frozenset(role.value for role in Role if role != Role.PROVIDER)
# Staff who read every staff record (the auditor among them); changing records needs a narrower role.
READ_ALL = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.COMMISSIONER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONING_OFFICER,
        Role.AUDITOR,
    }
)
OFFICERS = frozenset({Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER})
FINANCE = frozenset({Role.ADMINISTRATOR, Role.CHIEF_FINANCE_OFFICER})
# Those who may take decisions within the limit the scheme of delegation gives them.
DECISION_MAKERS = frozenset(
    {Role.COMMISSIONER, Role.CHIEF_EXECUTIVE, Role.CHIEF_FINANCE_OFFICER, Role.COMMISSIONING_OFFICER}
)
MEMBERS = frozenset({Role.PROVIDER, Role.PARTNER_ADMINISTRATOR})
EVERYONE_SYSTEM = frozenset({SCHEDULER, DEMO_LOADER, DATA_GENERATOR, IMPORTER, BACKGROUND_TASK})


@dataclass(frozen=True)
class Bar:
    """A separation-of-duties rule: when `condition` holds for the record, the action is refused with `message`."""

    condition: str
    message: str


@dataclass(frozen=True)
class Permission:
    label: str  # what the action is, to finish "You cannot …"
    roles: frozenset[str] = frozenset()
    roles_when: tuple[tuple[str, str], ...] = ()
    barred: tuple[Bar, ...] = ()
    system: frozenset[SystemActor] = field(default_factory=frozenset)

    def all_roles(self) -> frozenset[str]:
        """Every role that may take the action on some record."""
        return self.roles | {role for role, _ in self.roles_when}


PARTNER_OF_FUND = ((Role.PARTNER_ADMINISTRATOR, "administers_fund"),)

DECLARED_INTEREST = Bar(
    "declared_interest",
    "You have declared an interest in this organisation, so you cannot assess or decide anything for it",
)

# --- The table ---------------------------------------------------------------------------------------------------

PERMISSIONS: dict[str, Permission] = {
    # The body and the staff pages
    "staff.pages": Permission("use the staff pages", roles=STAFF),
    # The pages for the organisations we fund: their applications, offers, agreements and returns.
    "provider.pages": Permission("use the pages for organisations we fund", roles=frozenset({Role.PROVIDER})),
    "body.edit": Permission(
        "change the commissioning body's settings", roles=frozenset({Role.ADMINISTRATOR})
    ),
    "records.read_all": Permission("read every staff record", roles=READ_ALL),
    # People's accounts. Applicants make their own (accounts.services.applicant_register): no one has signed in
    # yet, so the emailed link, not this table, is what lets them in.
    "account.create": Permission(
        "add a person's account", roles=frozenset({Role.ADMINISTRATOR}), system=frozenset({DEMO_LOADER})
    ),
    "account.manage": Permission(
        "change a person's roles or password",
        roles=frozenset({Role.ADMINISTRATOR}),
        system=frozenset({DEMO_LOADER}),
    ),
    "account.two_factor": Permission(
        "set up two-factor sign-in",
        roles=frozenset(Role),
        barred=(Bar("someone_elses_account", "You can only set up two-factor sign-in for your own account"),),
    ),
    # The plan: every staff role reads the plan and the commissioning principles; administrators change them.
    "plan.view": Permission("see the plan", roles=STAFF),
    "plan.manage": Permission(
        "change the plan and the commissioning principles",
        roles=frozenset({Role.ADMINISTRATOR}),
    ),
    # Money
    "fund.view": Permission("see funds", roles=READ_ALL, roles_when=PARTNER_OF_FUND),
    "fund.allocate": Permission("change a fund's allocations and rules", roles=FINANCE),
    "fund.purposes": Permission("change a fund's purposes", roles=FINANCE),
    # Money is committed by whoever makes the agreement it funds (the decision-maker, for a grant).
    "commitment.make": Permission(
        "commit money from this fund", roles=OFFICERS | FINANCE | DECISION_MAKERS, roles_when=PARTNER_OF_FUND
    ),
    # An organisation declining an offer gives its money back ("declined_by_my_organisation", agreements); whoever
    # varies an agreement down gives back what it no longer needs.
    "commitment.release": Permission(
        "release money committed",
        roles=OFFICERS | FINANCE | DECISION_MAKERS,
        roles_when=(*PARTNER_OF_FUND, (Role.PROVIDER, "declined_by_my_organisation")),
    ),
    "commitment.reduce": Permission(
        "reduce money committed", roles=OFFICERS | FINANCE | DECISION_MAKERS, roles_when=PARTNER_OF_FUND
    ),
    "payment.record": Permission("record payments", roles=FINANCE),
    # Organisations (conditions in organisations/conditions.py). A provider user or partner administrator belongs
    # to one organisation: they see it, and its administrators manage its documents and invite colleagues.
    "organisation.view": Permission("see the register of organisations", roles=READ_ALL),
    "organisation.edit": Permission("change the register of organisations", roles=OFFICERS),
    "organisation.create": Permission(
        "add an organisation to the register",
        roles=OFFICERS,
        roles_when=(
            (Role.PROVIDER, "acts_for_no_organisation"),
            (Role.PARTNER_ADMINISTRATOR, "acts_for_no_organisation"),
        ),
    ),
    "organisation.belong": Permission("belong to an organisation", roles=MEMBERS),
    "organisation.manage_own": Permission(
        "manage your organisation",
        roles_when=(
            (Role.PROVIDER, "member_of_organisation"),
            (Role.PARTNER_ADMINISTRATOR, "member_of_organisation"),
        ),
    ),
    "organisation.due_diligence": Permission(
        "change this organisation's due diligence documents",
        roles=OFFICERS,
        roles_when=(
            (Role.PROVIDER, "administers_organisation"),
            (Role.PARTNER_ADMINISTRATOR, "administers_organisation"),
        ),
    ),
    "organisation.invite": Permission(
        "invite people to join this organisation",
        roles_when=(
            (Role.PROVIDER, "administers_organisation"),
            (Role.PARTNER_ADMINISTRATOR, "administers_organisation"),
        ),
    ),
    # The scheme of delegation: every staff role reads it; administrators add a limit.
    "delegation.view": Permission("see the scheme of delegation", roles=STAFF),
    "delegation.change": Permission("change the scheme of delegation", roles=frozenset({Role.ADMINISTRATOR})),
    # Agreements, the hub
    "agreement.view": Permission(
        "see this agreement",
        roles=READ_ALL,
        roles_when=(*PARTNER_OF_FUND, (Role.PROVIDER, "party_to_agreement")),
    ),
    # The provider pages: an organisation's own offers and agreements.
    "agreement.view_own": Permission(
        "see your organisation's agreements", roles_when=((Role.PROVIDER, "party_to_agreement"),)
    ),
    # Whoever may award (a grant's decision-maker, an officer) makes the agreement and offers it.
    "agreement.create": Permission(
        "make an agreement", roles=OFFICERS | DECISION_MAKERS, roles_when=PARTNER_OF_FUND
    ),
    "agreement.offer": Permission(
        "offer this agreement",
        roles=OFFICERS | DECISION_MAKERS,
        roles_when=PARTNER_OF_FUND,
        system=EVERYONE_SYSTEM,
    ),
    "agreement.manage": Permission(
        "manage this agreement", roles=OFFICERS, roles_when=PARTNER_OF_FUND, system=EVERYONE_SYSTEM
    ),
    # A change of value is a decision on the new total: the variation service also asks the scheme of delegation.
    "agreement.vary": Permission(
        "vary this agreement", roles=OFFICERS | DECISION_MAKERS, roles_when=PARTNER_OF_FUND
    ),
    "agreement.end": Permission(
        "end this agreement", roles=OFFICERS, roles_when=PARTNER_OF_FUND, system=EVERYONE_SYSTEM
    ),
    "agreement.answer_offer": Permission(
        "answer this offer", roles_when=((Role.PROVIDER, "lead_organisation_member"),)
    ),
    "agreement.pay": Permission("record payments", roles=FINANCE),
    # How an agreement is paid (its payment plan), changed before payments start; invoices under a plan paid in
    # arrears: recorded, approved by someone other than whoever recorded it, then paid by finance.
    "agreement.plan_payments": Permission("change how this agreement is paid", roles=OFFICERS | FINANCE),
    "invoice.record": Permission("record invoices", roles=OFFICERS | FINANCE),
    "invoice.approve": Permission(
        "approve or reject invoices",
        roles=OFFICERS | FINANCE,
        barred=(Bar("recorded_this_invoice", "You recorded this invoice, so someone else must approve it"),),
    ),
    "invoice.pay": Permission("pay invoices", roles=FINANCE),
    # Grants: a partner administrator runs the schemes of the funds their organisation runs ("runs_scheme_fund",
    # grants/conditions.py); an application is its organisation's own until it is submitted.
    "scheme.view": Permission(
        "see grant schemes",
        roles=READ_ALL,
        roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"),),
    ),
    "scheme.manage": Permission(
        "manage this scheme", roles=OFFICERS, roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"),)
    ),
    "application.apply": Permission(
        "apply for your organisation", roles_when=((Role.PROVIDER, "acts_for_applicant"),)
    ),
    "application.view": Permission(
        "see this application",
        roles=READ_ALL,
        roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"), (Role.ASSESSOR, "assigned_to_me")),
        barred=(
            Bar("is_draft", "This application has not been submitted, so it is still the applicant's own"),
            Bar(
                "conflicted_assessor",
                "You have declared a conflict of interest in this application, so you cannot see it",
            ),
        ),
    ),
    "application.screen": Permission(
        "start or stop the assessment of this application",
        roles=OFFICERS,
        roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"),),
    ),
    "application.assign": Permission(
        "assign assessors to this application",
        roles=OFFICERS,
        roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"),),
        barred=(
            Bar("sole_assessor_is_me", "You cannot assign yourself as the only assessor of an application"),
        ),
    ),
    "application.assess": Permission(
        "score this application",
        roles=frozenset({Role.ASSESSOR}) | (STAFF - {Role.AUDITOR}),
        barred=(DECLARED_INTEREST,),
    ),
    # The bar's "Assessments": the applications assigned to an assessor to score.
    "assessment.mine": Permission(
        "see the applications assigned to you to score", roles=frozenset({Role.ASSESSOR})
    ),
    "application.moderate": Permission(
        "moderate this application",
        roles=OFFICERS,
        roles_when=((Role.PARTNER_ADMINISTRATOR, "runs_scheme_fund"),),
        barred=(
            Bar("scored_application", "You scored this application, so you cannot moderate it"),
            DECLARED_INTEREST,
        ),
    ),
    "application.decide": Permission(
        "decide this application",
        roles=DECISION_MAKERS,
        barred=(
            Bar("scored_application", "You scored this application, so you cannot decide it"),
            Bar("moderated_application", "You moderated this application, so you cannot decide it"),
            DECLARED_INTEREST,
        ),
    ),
    # Monitoring
    "monitoring.view": Permission("see monitoring", roles=READ_ALL),
    "monitoring.manage": Permission("change monitoring plans, tiers and reviews", roles=OFFICERS),
    # Providers answer, add evidence to and send the returns of their organisation's agreements.
    "return.submit": Permission(
        "send this monitoring return", roles_when=((Role.PROVIDER, "return_of_my_organisation"),)
    ),
    "return.schedule": Permission(
        "remind providers of returns as they fall due", roles=OFFICERS, system=frozenset({SCHEDULER})
    ),
    # Feedback
    "feedback.view": Permission("see feedback", roles=READ_ALL),
    "feedback.moderate": Permission("moderate feedback", roles=OFFICERS),
    # Decisions
    "decision.view": Permission("see decision records", roles=READ_ALL),
    "decision.draft": Permission("draft decision records", roles=OFFICERS),
    "decision.approve": Permission("approve decision records", roles=DECISION_MAKERS),
    "decision.publish": Permission("publish decision records", roles=OFFICERS | DECISION_MAKERS),
    # The draft record an approval of money above the body's threshold starts, by whoever approved it.
    "decision.record_approval": Permission(
        "start the decision record of an approval", roles=OFFICERS | DECISION_MAKERS
    ),
    # The commissioning cycle: needs assessments (every staff role reads them; officers write and revise them)
    "needs.view": Permission("see needs assessments", roles=STAFF),
    "needs.write": Permission("write and revise needs assessments", roles=OFFICERS),
    # The commissioning cycle: a year's commissioning intentions, decided through a decision record
    "intentions.view": Permission("see commissioning intentions", roles=STAFF),
    "intentions.write": Permission("change commissioning intentions", roles=OFFICERS),
    "intentions.submit": Permission("submit commissioning intentions for decision", roles=OFFICERS),
    # Approved, or sent back to draft, only as their decision record is (cycle/services/intentions.py).
    "intentions.decide": Permission("decide on commissioning intentions", roles=DECISION_MAKERS),
    "intentions.publish": Permission("publish commissioning intentions", roles=OFFICERS | DECISION_MAKERS),
    # Decommissioning: officers write and propose; a decision-maker whose delegated limit covers the agreement's
    # remaining value decides (the service asks the scheme of delegation), never the person who proposed it.
    "decommissioning.view": Permission("see decommissioning proposals", roles=READ_ALL),
    "decommissioning.propose": Permission("write or propose decommissioning", roles=OFFICERS),
    "decommissioning.decide": Permission(
        "decide this decommissioning",
        roles=DECISION_MAKERS,
        barred=(
            Bar(
                "proposed_decommissioning",
                "You proposed this decommissioning, so someone else must decide it",
            ),
        ),
    ),
    # The provider sees the proposal for its own agreement and gives its response.
    "decommissioning.respond": Permission(
        "respond to this decommissioning", roles_when=((Role.PROVIDER, "lead_organisation_member"),)
    ),
    # Boards
    "board.view": Permission("see boards and meetings", roles=READ_ALL),
    "board.edit": Permission("change boards, meetings and agendas", roles=OFFICERS),
    "board_pack.build": Permission(
        "build board packs", roles=OFFICERS, system=frozenset({BACKGROUND_TASK, SCHEDULER})
    ),
    # Publication: the monthly record of what was published (the scheduled task makes it on the 1st)
    "publication.publish": Permission(
        "record a month's publication", roles=OFFICERS, system=frozenset({BACKGROUND_TASK, SCHEDULER})
    ),
    # Commissioning projects (cycle): those who read every record read projects; officers write them, move them
    # through analyse, plan, do and review, launch what they chose and record the review's conclusion.
    "project.view": Permission("see commissioning projects", roles=READ_ALL),
    "project.write": Permission("change commissioning projects", roles=OFFICERS),
    "project.move": Permission(
        "move commissioning projects between stages",
        roles=OFFICERS,
        system=frozenset({DEMO_LOADER, DATA_GENERATOR}),
    ),
    "project.launch": Permission("launch a project's chosen mechanism", roles=OFFICERS),
    # Reports and the audit trail
    "report.view": Permission("see reports", roles=READ_ALL),
    "record.history": Permission("see a record's history", roles=READ_ALL),
    "audit.trail": Permission("read the audit trail", roles=frozenset({Role.ADMINISTRATOR, Role.AUDITOR})),
}


# --- Conditions, defined by the apps that know the records -------------------------------------------------------

ConditionTest = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class _Condition:
    test: ConditionTest
    refusal: str


_CONDITIONS: dict[str, _Condition] = {}


def condition(name: str, *, refusal: str = "") -> Callable[[ConditionTest], ConditionTest]:
    """Register the test for a condition the table names: `test(person, record) -> bool`. `refusal` is the
    reason given when a role allowed only under this condition is refused ("this is not a fund your organisation
    runs")."""

    def register(test: ConditionTest) -> ConditionTest:
        if name in _CONDITIONS and _CONDITIONS[name].test is not test:
            raise RuntimeError(f"The condition {name!r} is registered twice")
        _CONDITIONS[name] = _Condition(test, refusal)
        return test

    return register


def conditions_named() -> set[str]:
    """Every condition the table names (a test checks each is registered)."""
    names = set()
    for permission in PERMISSIONS.values():
        names |= {name for _, name in permission.roles_when}
        names |= {bar.condition for bar in permission.barred}
    return names


def conditions_registered() -> set[str]:
    return set(_CONDITIONS)


def _holds(name: str, person: Any, record: Any) -> bool:
    try:
        registered = _CONDITIONS[name]
    except KeyError:
        raise RuntimeError(f"No app has registered the condition {name!r}") from None
    return bool(registered.test(person, record))


# --- Asking ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""
    rule: str = ""  # the condition or bar that decided a refusal, when one did

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


class PermissionRefused(DomainError, PermissionDenied):
    """The permission table refused: a 403 where a page is refused, an error summary where a service is."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.reason)
        self.verdict = verdict


def permission(action: str) -> Permission:
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"{action!r} is not an action in the permission table") from None


def check(by: object, action: str, record: object = None) -> Verdict:
    """May `by` take `action` (on `record`)? The verdict says why not."""
    rule = permission(action)
    if isinstance(by, SystemActor):
        if by in rule.system:
            return ALLOWED
        return Verdict(False, f"The {by} cannot {rule.label}", "system")
    if not getattr(by, "is_authenticated", False):
        return Verdict(False, f"Sign in to {rule.label}", "signed_in")
    roles = user_roles(by)
    if record is None:
        return _verdict_for_roles(action, roles)
    for bar in rule.barred:
        if _holds(bar.condition, by, record):
            return Verdict(False, bar.message, bar.condition)
    if roles & rule.roles:
        return ALLOWED
    refusal, last_rule = "", "role"
    for role, name in rule.roles_when:
        if role not in roles:
            continue
        if record is None or _holds(name, by, record):
            return ALLOWED
        refusal = _CONDITIONS[name].refusal or refusal
        last_rule = name
    if refusal:
        return Verdict(False, f"You cannot {rule.label}: {refusal}", last_rule)
    return Verdict(False, f"You do not have a role that can {rule.label}", "role")


@lru_cache(maxsize=4096)
def _verdict_for_roles(action: str, roles: frozenset[str]) -> Verdict:
    """Asked without a record, the answer depends only on the person's roles (a role allowed under a condition
    is allowed: the access function narrows the records), so it is worked out once per set of roles."""
    rule = PERMISSIONS[action]
    if roles & rule.all_roles():
        return ALLOWED
    return Verdict(False, f"You do not have a role that can {rule.label}", "role")


def may(by: object, action: str, record: object = None) -> bool:
    return check(by, action, record).allowed


def require(by: object, action: str, record: object = None) -> None:
    """Raise `PermissionRefused` with the table's reason unless `by` may take `action` (on `record`)."""
    verdict = check(by, action, record)
    if not verdict.allowed:
        raise PermissionRefused(verdict)


def roles_for(action: str) -> frozenset[str]:
    """The roles that may take the action on some record (for pages that list who may act)."""
    return permission(action).all_roles()
