"""The roles of the product brief, held as Django groups whose names are the role values.

Who may do what is decided here and in each app's access functions, never inline in a view.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    COMMISSIONER = "commissioner", "Commissioner"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief Finance Officer"
    COMMISSIONING_OFFICER = "commissioning_officer", "Commissioning officer"
    ASSESSOR = "assessor", "Assessor"
    PARTNER_ADMINISTRATOR = "partner_administrator", "Partner administrator"
    PROVIDER = "provider", "Provider user"
    AUDITOR = "auditor", "Auditor"


STAFF_ROLES = frozenset(role.value for role in Role if role != Role.PROVIDER)
# Roles that may read every staff record; changing them needs a narrower role.
READ_ALL_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.COMMISSIONER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONING_OFFICER,
        Role.AUDITOR,
    }
)


def user_roles(user: object) -> frozenset[str]:
    """The signed-in person's roles, read once per request and kept on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        user._role_cache = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: object, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def is_staff_member(user: object) -> bool:
    return bool(user_roles(user) & STAFF_ROLES)


def can_read_all(user: object) -> bool:
    return bool(user_roles(user) & READ_ALL_ROLES)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, URL name, roles that see it). Apps that are not built yet are skipped by the reverse() guard.
STAFF_NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Dashboard", "dashboard:home", STAFF_ROLES),
    ("Plan", "plans:plan-current", READ_ALL_ROLES),
    ("Funds", "finance:fund-list", READ_ALL_ROLES | {Role.PARTNER_ADMINISTRATOR}),
    ("Organisations", "organisations:list", READ_ALL_ROLES),
    ("Grants", "grants-staff:schemes", READ_ALL_ROLES | {Role.PARTNER_ADMINISTRATOR}),
    ("Assessments", "grants-staff:my-assessments", frozenset({Role.ASSESSOR})),
    ("Agreements", "agreements:list", READ_ALL_ROLES | {Role.PARTNER_ADMINISTRATOR}),
    ("Monitoring", "monitoring:overdue", READ_ALL_ROLES),
    ("Boards", "boards:list", READ_ALL_ROLES),
    ("Decisions", "decisions:list", READ_ALL_ROLES),
    ("Reports", "reports:index", READ_ALL_ROLES),
    ("Delegation", "governance:delegation", READ_ALL_ROLES),
    ("Feedback", "feedback-staff:queue", frozenset({Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER})),
    ("Audit trail", "audit:event-list", frozenset({Role.ADMINISTRATOR, Role.AUDITOR})),
    ("Settings", "dashboard:body-edit", frozenset({Role.ADMINISTRATOR})),
]


# What provider users and the public see in the bar instead. Pages that do not exist yet are skipped likewise.
PROVIDER_NAVIGATION: list[tuple[str, str]] = [
    ("Home", "front:home"),
    ("Apply for funding", "schemes:list"),
    ("Your applications", "apply:list"),
    ("Offers and agreements", "my-agreements:list"),
    ("Monitoring returns", "my-monitoring:returns"),
    ("Your organisation", "my-organisation:home"),
]
PUBLIC_NAVIGATION: list[tuple[str, str]] = [
    ("Home", "front:home"),
    ("Apply for funding", "schemes:list"),
    ("Services we fund", "public:services"),
    ("Grants awarded", "public:grants"),
    ("Decisions", "public-decisions:list"),
    ("Open data", "public:open-data"),
    ("Give feedback on a service", "feedback:choose"),
]


@lru_cache(maxsize=256)
def _address(url_name: str, urlconf: str | None, prefix: str) -> str | None:
    """A navigation entry's address, or None for a page not built yet: worked out once per process (and URL
    configuration), not on every request."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _items(entries: list[tuple[str, str]], path: str, home: str) -> list[NavItem]:
    items = []
    urlconf, prefix = get_urlconf(), get_script_prefix()
    for label, url_name in entries:
        url = _address(url_name, urlconf, prefix)
        if url is None:
            continue
        active = path == url if url_name == home else path.startswith(url)
        items.append(NavItem(label, url, active))
    return items


def staff_navigation(user: object, path: str) -> list[NavItem]:
    roles = user_roles(user)
    if not roles & STAFF_ROLES:
        return []
    return _items(
        [(label, name) for label, name, allowed in STAFF_NAVIGATION if roles & allowed],
        path,
        "dashboard:home",
    )


def service_navigation(user: object, path: str) -> list[NavItem]:
    """The service navigation for whoever is looking: staff, a provider user, or the public."""
    if is_staff_member(user):
        return staff_navigation(user, path)
    if has_role(user, Role.PROVIDER):
        return _items(PROVIDER_NAVIGATION, path, "front:home")
    return _items(PUBLIC_NAVIGATION, path, "front:home")
