"""Run inside the application's environment by bench/run.py: signs in the bench user and chooses the addresses to
drive. Prints one JSON object: {"session": <session key>, "pages": [{"page", "url_name", "auth", "urls"}]}.

The bench user is a commissioning officer (reads everything, as the pages are meant for) with a confirmed TOTP
device. Its session is made the way django-otp's own login does it - the auth session keys plus the verified
device's id - so two-factor sign-in stays required exactly as in production and the bench never types a code.
The user has no usable password, so the session key is the only way in, and it lives in the bench database only.

Pages whose URL name does not exist yet are left out, so the bench drives whatever has been built.
"""

import json
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from commissioning.accounts.models import User  # noqa: E402
from commissioning.accounts.roles import Role  # noqa: E402
from commissioning.agreements.models import (  # noqa: E402
    INVOICED_KINDS,
    Agreement,
    AgreementStatus,
    Invoice,
    Mechanism,
)
from commissioning.decisions.models import DecisionRecord  # noqa: E402
from commissioning.decommissioning.models import (  # noqa: E402
    Decommissioning,
    DecommissioningStatus,
    Reason,
)
from commissioning.finance.models import Allocation, Fund  # noqa: E402
from commissioning.grants.models import Application, ApplicationStatus, Scheme  # noqa: E402
from commissioning.monitoring.models import MonitoringPlan, ReturnFrequency  # noqa: E402
from commissioning.organisations.models import Organisation  # noqa: E402
from commissioning.organisations.sectors import Sector  # noqa: E402
from commissioning.plans.models import Priority  # noqa: E402

BENCH_EMAIL = "bench.officer@generated.example.org"
VARIANTS = 40  # different addresses per page
rng = random.Random(7)


def bench_session() -> str:
    user, _ = User.objects.get_or_create(
        email=BENCH_EMAIL, defaults={"full_name": "Bench Officer", "job_title": "Commissioning officer"}
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=Role.COMMISSIONING_OFFICER)[0])
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that signs people in
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    assert session.session_key is not None
    return session.session_key


def url(name: str, *candidates: dict[str, Any]) -> str | None:
    """The address of `name` with the first set of arguments it accepts, or None if the page is not built."""
    for kwargs in candidates or ({},):
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def sample_pks(queryset: Any, count: int = VARIANTS) -> list[int]:
    """Ids spread over the whole table (not only the newest), without ORDER BY random() on a big table."""
    bounds = list(queryset.order_by("pk").values_list("pk", flat=True)[:1]) + list(
        queryset.order_by("-pk").values_list("pk", flat=True)[:1]
    )
    if not bounds:
        return []
    low, high = min(bounds), max(bounds)
    picks = set()
    for _ in range(count * 3):
        found = (
            queryset.filter(pk__gte=rng.randint(low, high)).order_by("pk").values_list("pk", flat=True)[:1]
        )
        picks.update(found)
        if len(picks) >= count:
            break
    return sorted(picks)


def pages() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def add(page: str, url_name: str, urls: Sequence[str | None], *, auth: bool = True) -> None:
        urls_found = [u for u in urls if u]
        if urls_found:
            found.append({"page": page, "url_name": url_name, "auth": auth, "urls": urls_found})

    add("dashboard", "dashboard:home", [url("dashboard:home")])
    add("plan", "plans:plan-current", [url("plans:plan-current")])
    add("funds", "finance:fund-list", [url("finance:fund-list")])
    fund_ids = list(Fund.objects.values_list("pk", flat=True))
    base = url("finance:fund-detail", {"pk": fund_ids[0]}) if fund_ids else None
    if base:
        add("fund", "finance:fund-detail", [url("finance:fund-detail", {"pk": pk}) for pk in fund_ids])
    allocations = list(
        Allocation.objects.select_related("financial_year").values_list(
            "fund_id", "financial_year__start_year"
        )
    )
    rng.shuffle(allocations)
    add(
        "commitments",
        "finance:commitment-list",
        [
            url("finance:commitment-list", {"pk": fund_id, "start_year": start_year})
            for fund_id, start_year in allocations[:VARIANTS]
        ],
    )

    list_url = url("organisations:list")
    if list_url:
        towns = ["Swindon", "Devizes", "Melksham", "Salisbury", "Foodbank", "Trust"]
        variants = [list_url, f"{list_url}?page=2", f"{list_url}?page=40"]
        variants += [f"{list_url}?sector={sector}" for sector in Sector.values]
        variants += [f"{list_url}?query={town}" for town in towns]
        add("organisations", "organisations:list", variants)
    add(
        "organisation",
        "organisations:detail",
        [url("organisations:detail", {"pk": pk}) for pk in sample_pks(Organisation.objects.all())],
    )

    applications_url = url("grants-staff:applications")
    if applications_url:
        variants = [applications_url, f"{applications_url}?page=2", f"{applications_url}?page=500"]
        variants += [f"{applications_url}?status={status}" for status in ApplicationStatus.values]
        scheme_ids = list(Scheme.objects.order_by("-opens_at").values_list("pk", flat=True)[:10])
        variants += [f"{applications_url}?scheme={pk}" for pk in scheme_ids]
        variants += [f"{applications_url}?scheme={pk}&status=submitted&page=2" for pk in scheme_ids[:3]]
        variants += [
            f"{applications_url}?priority={pk}" for pk in Priority.objects.values_list("pk", flat=True)
        ]
        variants += [
            f"{applications_url}?amount_from=1000&amount_to=3000",
            f"{applications_url}?amount_from=50000",
            f"{applications_url}?ready=on",
        ]
        assessor_ids = User.objects.filter(groups__name=Role.ASSESSOR).values_list("pk", flat=True)[:5]
        variants += [f"{applications_url}?assessor={pk}" for pk in assessor_ids]
        add("applications", "grants-staff:applications", variants)
    add(
        "application",
        "grants-staff:application",
        # Submitted ones: a draft is the applicant's own, and staff get 404 for it.
        [
            url("grants-staff:application", {"pk": pk})
            for pk in sample_pks(Application.objects.exclude(status=ApplicationStatus.DRAFT))
        ],
    )

    agreements_url = url("agreements:list")
    if agreements_url:
        variants = [agreements_url, f"{agreements_url}?page=2", f"{agreements_url}?page=300"]
        variants += [f"{agreements_url}?status={status}" for status in ("offered", "active", "ended")]
        variants += [f"{agreements_url}?fund={pk}" for pk in fund_ids]
        variants += [f"{agreements_url}?mechanism={mechanism}" for mechanism in Mechanism.values]
        variants += [
            f"{agreements_url}?query={text}" for text in ("Swindon", "PPAF-2024", "CON-2023", "safety")
        ]
        add("agreements", "agreements:list", variants)
    add(
        "agreement",
        "agreements:detail",
        [url("agreements:detail", {"pk": pk}) for pk in sample_pks(Agreement.objects.all())],
    )

    # How an agreement is paid, and its invoices (the demo's two-fund contract paid in arrears has them). Paying an
    # invoice is the Chief Finance Officer's page, which the bench officer cannot open.
    plan_ids = sample_pks(Agreement.objects.filter(status=AgreementStatus.ACTIVE), 20)
    add(
        "payment plan",
        "agreements:payment-plan",
        [url("agreements:payment-plan", {"pk": pk}) for pk in plan_ids],
    )
    invoiced = list(
        Agreement.objects.filter(payment_plan__kind__in=INVOICED_KINDS)
        .order_by("-pk")
        .values_list("pk", flat=True)[:VARIANTS]
    )
    add(
        "record an invoice",
        "agreements:invoice-add",
        [url("agreements:invoice-add", {"pk": pk}) for pk in invoiced or plan_ids[:5]],
    )
    invoices = list(Invoice.objects.order_by("-pk").values_list("agreement_id", "number")[:VARIANTS])
    add(
        "invoice",
        "agreements:invoice",
        [url("agreements:invoice", {"pk": pk, "number": number}) for pk, number in invoices],
    )

    decision_years = list(DecisionRecord.objects.order_by("-year").values_list("year", flat=True).distinct())
    decisions_url = url("decisions:list")
    if decisions_url:
        variants = [decisions_url, f"{decisions_url}?page=2", f"{decisions_url}?page=50"]
        variants += [f"{decisions_url}?status={status}" for status in ("draft", "approved", "published")]
        variants += [f"{decisions_url}?year={year}" for year in decision_years]
        variants += [
            f"{decisions_url}?confidentiality=exempt",
            *(f"{decisions_url}?year={year}&page=3" for year in decision_years[:1]),
        ]
        variants += [f"{decisions_url}?query={text}" for text in ("Swindon", "2024/01", "refuge", "contract")]
        add("decisions", "decisions:list", variants)
    public_decisions_url = url("public-decisions:list")
    if public_decisions_url:
        published_decisions = DecisionRecord.objects.filter(status="published")
        variants = [public_decisions_url, f"{public_decisions_url}?page=2", f"{public_decisions_url}?page=40"]
        variants += [f"{public_decisions_url}?year={year}" for year in decision_years[:5]]
        variants += [
            f"{public_decisions_url}?query={text}" for text in ("Swindon", "youth", "2023/1", "victims")
        ]
        slugs = published_decisions.filter(pk__in=sample_pks(published_decisions, 20)).values_list(
            "year", "number"
        )
        details = [url("public-decisions:detail", {"reference": f"{y}-{n:03d}"}) for y, n in slugs]
        add("public decisions", "public-decisions:list", [*variants, *details], auth=False)

    decommissioning_url = url("decommissioning:list")
    if decommissioning_url:
        variants = [decommissioning_url, f"{decommissioning_url}?page=2"]
        variants += [f"{decommissioning_url}?status={status}" for status in DecommissioningStatus.values]
        variants += [f"{decommissioning_url}?reason={reason}" for reason in Reason.values]
        add("decommissioning", "decommissioning:list", variants)
    add(
        "decommissioning proposal",
        "decommissioning:detail",
        [url("decommissioning:detail", {"pk": pk}) for pk in sample_pks(Decommissioning.objects.all())],
    )
    if public_decisions_url:
        add(
            "public decommissioning decisions",
            "public-decisions:list",
            [f"{public_decisions_url}?about=decommissioning"],
            auth=False,
        )

    add("schemes", "schemes:list", [url("schemes:list")], auth=False)
    published = list(
        Scheme.objects.filter(is_published=True).order_by("-opens_at").values_list("pk", "slug")[:20]
    )
    add(
        "scheme",
        "schemes:detail",
        [url("schemes:detail", {"slug": slug}, {"pk": pk}) for pk, slug in published],
        auth=False,
    )
    # Monitoring: agreements' performance pages (spread over the table, and plans with the most returns: monthly and
    # quarterly), the overdue and due-soon lists (page 2 and a deep page), and the public feedback pages.
    monitored = MonitoringPlan.objects.all()
    performance_ids = sample_pks(Agreement.objects.filter(monitoring_plan__isnull=False), VARIANTS - 10)
    for frequency in (ReturnFrequency.MONTHLY, ReturnFrequency.QUARTERLY):
        performance_ids += list(
            monitored.filter(frequency=frequency).order_by("-pk").values_list("agreement_id", flat=True)[:5]
        )
    add(
        "performance",
        "monitoring:performance",
        [url("monitoring:performance", {"pk": pk}) for pk in dict.fromkeys(performance_ids)],
    )
    overdue_url = url("monitoring:overdue")
    if overdue_url:
        variants = [overdue_url, f"{overdue_url}?page=2", f"{overdue_url}?page=60"]
        variants += [f"{overdue_url}?show=due-soon", f"{overdue_url}?show=due-soon&page=2"]
        add("overdue", "monitoring:overdue", variants)
    choose_url = url("feedback:choose")
    if choose_url:
        variants = [choose_url, f"{choose_url}?page=2", f"{choose_url}?page=100"]
        variants += [f"{choose_url}?q={text}" for text in ("Swindon", "victim", "youth")]
        services = sample_pks(Agreement.objects.filter(status=AgreementStatus.ACTIVE), 20)
        variants += [u for u in (url("feedback:give", {"pk": pk}) for pk in services) if u]
        add("feedback", "feedback:choose", variants, auth=False)
    # The public registers and the open data page (no sign-in): filters, searches, a second and a deep page.
    public_fund_ids = list(Fund.objects.filter(is_active=True).values_list("pk", flat=True))
    priority_ids = list(Priority.objects.values_list("pk", flat=True))
    for page, name, extra in (
        (
            "services register",
            "public:services",
            ["?mechanism=contract", "?mechanism=partnership", "?status=ended"],
        ),
        ("grants register", "public:grants", ["?status=active"]),
        ("contracts", "public:contracts", ["?status=active"]),
    ):
        register_url = url(name)
        if not register_url:
            continue
        variants = [register_url, f"{register_url}?page=2", f"{register_url}?page=40"]
        variants += [f"{register_url}{query}" for query in extra]
        variants += [f"{register_url}?fund={pk}" for pk in public_fund_ids]
        variants += [f"{register_url}?priority={pk}" for pk in priority_ids]
        variants += [f"{register_url}?query={text}" for text in ("Swindon", "youth", "PPAF-2024", "victims")]
        variants += (
            [f"{register_url}?fund={public_fund_ids[0]}&query=Swindon&page=2"] if public_fund_ids else []
        )
        add(page, name, variants, auth=False)
    # Commissioning projects (cycle): the list (filtered and paged), the project page and its review page.
    from commissioning.cycle.models import Project, ProjectStage

    projects_url = url("projects:list")
    if projects_url:
        variants = [projects_url, f"{projects_url}?page=2", f"{projects_url}?page=8"]
        variants += [f"{projects_url}?stage={stage}" for stage in ProjectStage.values]
        variants += [
            f"{projects_url}?priority={pk}" for pk in Priority.objects.values_list("pk", flat=True)[:4]
        ]
        add("projects", "projects:list", variants)
        project_pks = sample_pks(Project.objects.all())
        add("project", "projects:detail", [url("projects:detail", {"pk": pk}) for pk in project_pks])
        add("project review", "projects:review", [url("projects:review", {"pk": pk}) for pk in project_pks])
        for stage in ("analyse", "plan", "do"):
            add(
                f"project {stage}",
                f"projects:{stage}",
                [url(f"projects:{stage}", {"pk": pk}) for pk in project_pks],
            )
    from commissioning.publication.selectors import published_grants

    grants_published = published_grants()
    add(
        "grant page",
        "public:grant",
        [
            url("public:grant", {"reference": ref})
            for ref in grants_published.filter(pk__in=sample_pks(grants_published)).values_list(
                "reference", flat=True
            )
        ],
        auth=False,
    )
    add("open data page", "public:open-data", [url("public:open-data")], auth=False)
    publications_url = url("public:publications")
    if publications_url:
        add(
            "monthly publication",
            "public:publications",
            [publications_url, f"{publications_url}?page=2"],
            auth=False,
        )

    # The commissioning cycle: needs assessments and commissioning intentions
    from commissioning.cycle.models import CommissioningIntentions, IntentionsStatus, NeedsAssessment

    needs_url = url("needs:list")
    if needs_url:
        variants = [needs_url, f"{needs_url}?page=2", f"{needs_url}?page=8"]
        variants += [f"{needs_url}?priority={pk}" for pk in Priority.objects.values_list("pk", flat=True)]
        add("needs assessments", "needs:list", variants)
    add(
        "needs assessment",
        "needs:detail",
        [url("needs:detail", {"pk": pk}) for pk in sample_pks(NeedsAssessment.objects.all())],
    )
    add(
        "intentions",
        "intentions:detail",
        [
            url("intentions:detail", {"pk": pk})
            for pk in CommissioningIntentions.objects.values_list("pk", flat=True)
        ],
    )
    published_years = CommissioningIntentions.objects.filter(status=IntentionsStatus.PUBLISHED).values_list(
        "financial_year__start_year", flat=True
    )
    add(
        "public intentions",
        "cycle-public:year",
        [
            url("cycle-public:list"),
            *(url("cycle-public:year", {"start_year": year}) for year in published_years),
        ],
        auth=False,
    )
    return found


if __name__ == "__main__":
    print(json.dumps({"session": bench_session(), "pages": pages()}))
