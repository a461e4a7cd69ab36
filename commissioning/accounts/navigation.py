"""The service navigation: what the bar at the top of every page offers to whoever is looking.

Staff see the entries whose action the permission table allows them (`may(user, action)`), so the bar and the pages
agree on who may do what. Provider users and the public see their own bars. Entries for pages that are not built
yet are skipped.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from .permissions import may


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, URL name, the action that shows it). The plan and the scheme of delegation are open to every staff role,
# but the bar offers them to those who read every record: assessors and partner administrators keep a shorter bar.
STAFF_NAVIGATION: list[tuple[str, str, str]] = [
    ("Dashboard", "dashboard:home", "staff.pages"),
    ("Plan", "plans:plan-current", "records.read_all"),
    # The commissioning cycle: needs assessments and commissioning intentions (every staff role reads them; the bar
    # offers them, like the plan, to those who read every record)
    ("Needs", "needs:list", "records.read_all"),
    ("Intentions", "intentions:list", "records.read_all"),
    ("Funds", "finance:fund-list", "fund.view"),
    ("Organisations", "organisations:list", "organisation.view"),
    ("Projects", "projects:list", "project.view"),
    ("Grants", "grants-staff:schemes", "scheme.view"),
    ("Assessments", "grants-staff:my-assessments", "assessment.mine"),
    ("Agreements", "agreements:list", "agreement.view"),
    ("Monitoring", "monitoring:overdue", "monitoring.view"),
    ("Decommissioning", "decommissioning:list", "decommissioning.view"),
    ("Boards", "boards:list", "board.view"),
    ("Decisions", "decisions:list", "decision.view"),
    ("Reports", "reports:index", "report.view"),
    ("Delegation", "governance:delegation", "records.read_all"),
    ("Feedback", "feedback-staff:queue", "feedback.moderate"),
    ("Audit trail", "audit:event-list", "audit.trail"),
    ("Settings", "dashboard:body-edit", "body.edit"),
]

# What provider users and the public see in the bar instead.
PROVIDER_NAVIGATION: list[tuple[str, str]] = [
    ("Home", "front:home"),
    ("Apply for funding", "schemes:list"),
    ("Commissioning intentions", "cycle-public:list"),
    ("Your applications", "apply:list"),
    ("Offers and agreements", "my-agreements:list"),
    ("Monitoring returns", "my-monitoring:returns"),
    ("Your organisation", "my-organisation:home"),
]
PUBLIC_NAVIGATION: list[tuple[str, str]] = [
    ("Home", "front:home"),
    ("Apply for funding", "schemes:list"),
    ("Commissioning intentions", "cycle-public:list"),
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
    if not may(user, "staff.pages"):
        return []
    return _items(
        [(label, name) for label, name, action in STAFF_NAVIGATION if may(user, action)],
        path,
        "dashboard:home",
    )


def service_navigation(user: object, path: str) -> list[NavItem]:
    """The service navigation for whoever is looking: staff, a provider user, or the public."""
    if may(user, "staff.pages"):
        return staff_navigation(user, path)
    if may(user, "provider.pages"):
        return _items(PROVIDER_NAVIGATION, path, "front:home")
    return _items(PUBLIC_NAVIGATION, path, "front:home")
