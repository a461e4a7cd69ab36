"""Builds a large, realistic data set on top of the demo, quickly, for speed tests (`manage.py generate_data`).

Rows are written with `bulk_create` in batches, not through the per-row services: the services would write an
audit event per row and take a lock per commitment, which would take hours for a million rows. Instead:

- the generated rows bypass the audit trail on purpose, and one summary audit event ("generate_data", on the
  commissioning body) records that they were generated, by whom, at what scale and with what seed;
- allocations, the only rows that guard money, still go through `finance.services.allocation_set` (audited), and
  are computed so that the money committed never exceeds what is allocated for any fund and year;
- every value keeps the rules the services enforce: sectors, amounts, durations and priorities fit the fund's
  rules, statuses follow the transition tables, instalments add up to the agreement's value, payments never
  exceed their commitment, and identifiers are valid org-ids, never duplicated.

The same seed gives the same data set (apart from the moment it is generated, which dates are relative to).
"""

import math
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import IO, Any, NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.permissions import DECISION_MAKERS
from commissioning.accounts.roles import Role
from commissioning.agreements.models import (
    SINGLE_PAYMENT_BELOW,
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementStatus,
    FundingLine,
    Instalment,
    Mechanism,
    PaymentPlan,
    PaymentPlanKind,
)
from commissioning.agreements.services import MECHANISM_CODES
from commissioning.agreements.services import reference_scope as agreement_reference_scope
from commissioning.audit.models import AuditEvent, StatusChange
from commissioning.audit.services import audit_record
from commissioning.core.actors import actor_label
from commissioning.core.errors import DomainError
from commissioning.core.models import ReferenceCounter
from commissioning.core.selectors import commissioning_body
from commissioning.core.services import reference_counter_raise
from commissioning.finance import years
from commissioning.finance.models import Allocation, Commitment, Fund, FundRules, Payment
from commissioning.finance.selectors import budget_positions
from commissioning.finance.services import allocation_set, allocation_totals_recount, financial_year
from commissioning.grants.eligibility import SECTIONS
from commissioning.grants.models import (
    Application,
    ApplicationStatus,
    AssessmentCriterion,
    AssessorAssignment,
    BudgetLine,
    CriterionScore,
    Decision,
    ModeratedScore,
    Scheme,
    ScoreBand,
)
from commissioning.grants.services.references import SCOPE_PREFIX as APPLICATION_SCOPE_PREFIX
from commissioning.grants.services.references import reference_format
from commissioning.grants.services.references import reference_scope as application_reference_scope
from commissioning.organisations.identifiers import normalise_identifier
from commissioning.organisations.models import (
    DueDiligenceItem,
    DueDiligenceKind,
    Organisation,
    OrganisationIdentifier,
    OrganisationMembership,
)
from commissioning.organisations.sectors import Sector
from commissioning.plans.models import Priority
from commissioning.plans.selectors import current_plan

from . import words
from .cycle import CycleGenerator
from .cycle_projects import ProjectGenerator
from .decisions import DecisionGenerator
from .decommissionings import DecommissioningGenerator
from .monitoring import MonitoringGenerator
from .scale import Scale

ACTION = "generate_data"
BATCH = 1000
PENNY = Decimal("0.01")
GENERATED_DOMAIN = "generated.example.org"

# Funds that run grant schemes, with how many applications each draws relative to the others, the range of
# amounts asked for (pounds) and the longest project (months). The fund's own rules narrow these further.
SCHEME_FUNDS: dict[str, tuple[int, int, int, int]] = {
    "PPAF": (3, 300, 3_000, 12),
    "PCF": (3, 1_000, 15_000, 12),
    "CSF": (2, 5_000, 60_000, 36),
    "VF": (2, 10_000, 120_000, 36),
}
# Agreements that do not come from a grant application: mechanism, weight, funds it draws on, value range, the
# sectors of the organisations that hold them (None: any).
OTHER_AGREEMENTS: list[tuple[str, int, tuple[str, ...], tuple[int, int], tuple[str, ...] | None]] = [
    (
        Mechanism.CONTRACT,
        5,
        ("VF", "CSF"),
        (10_000, 400_000),
        (Sector.CHARITY, Sector.CIO, Sector.CIC, Sector.PRIVATE_COMPANY),
    ),
    (
        Mechanism.PARTNERSHIP,
        3,
        ("RC", "CSF"),
        (20_000, 250_000),
        (
            Sector.LOCAL_AUTHORITY,
            Sector.POLICE_FORCE,
            Sector.FIRE_RESCUE,
            Sector.NHS_BODY,
            Sector.POLICING_BODY,
        ),
    ),
    (
        Mechanism.ACCREDITATION,
        2,
        ("VF",),
        (5_000, 60_000),
        (Sector.CHARITY, Sector.CIO, Sector.CIC, Sector.PRIVATE_COMPANY),
    ),
]
SECTOR_WEIGHTS: dict[str, int] = {
    Sector.CHARITY: 32,
    Sector.CIO: 14,
    Sector.CIC: 10,
    Sector.COMMUNITY_GROUP: 22,
    Sector.LOCAL_AUTHORITY: 4,
    Sector.POLICE_FORCE: 1,
    Sector.FIRE_RESCUE: 1,
    Sector.NHS_BODY: 3,
    Sector.POLICING_BODY: 3,
    Sector.PRIVATE_COMPANY: 10,
}
CRITERIA = [
    ("Need for the project", 40),
    ("Outcomes and how they will be measured", 20),
    ("Delivery and partnership", 20),
    ("Value for money", 20),
]
SCORE_BANDS = ["No evidence", "Poor", "Weak", "Adequate", "Good", "Excellent"]
GRANT_CONDITIONS = "Spend the grant only on the project described. Report on outcomes at the end."
QUESTIONS = {
    "partners": {"label": "Who will you work with?", "hint": "Name any partner organisations"},
    "sustainability": {"label": "What happens when the grant ends?", "hint": ""},
}


# Who decides up to which amount (the demo's scheme of delegation); above the last, the Commissioner.
class DecisionLimit(NamedTuple):
    up_to: Decimal
    role: Role


DECISION_LIMITS = [
    DecisionLimit(up_to=Decimal("5000"), role=Role.COMMISSIONING_OFFICER),
    DecisionLimit(up_to=Decimal("25000"), role=Role.CHIEF_EXECUTIVE),
    DecisionLimit(up_to=Decimal("100000"), role=Role.CHIEF_FINANCE_OFFICER),
]


class GenerateError(Exception):
    """Generation cannot start (no demo, or generated data already there); the message says what to do."""


def generated_scale() -> str | None:
    """The scale of the data generated into this database, or None if nothing has been generated."""
    event = AuditEvent.objects.filter(action=ACTION).order_by("sequence").first()
    if event is None:
        return None
    return str((event.after or {}).get("scale", "unknown"))


@contextmanager
def timestamps_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the dates we give: auto_now and auto_now_add would stamp every row with now."""
    changed: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))  # type: ignore[attr-defined]
                model_field.auto_now = False  # type: ignore[attr-defined]
                model_field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now = auto_now
            model_field.auto_now_add = auto_now_add


def money(value: float, step: int = 1) -> Decimal:
    """Whole pounds rounded to `step`, at least one step."""
    return Decimal(max(step, int(round(value / step)) * step)).quantize(PENNY)


def add_months(on: date, count: int) -> date:
    month = on.month - 1 + count
    year = on.year + month // 12
    month = month % 12 + 1
    day = min(on.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return date(year, month, day)


def at(on: date, hour: int = 10) -> datetime:
    return datetime(on.year, on.month, on.day, hour, tzinfo=UTC)


@dataclass
class PlannedCommitment:
    """A commitment to write once the allocation is set and the agreement has its id."""

    agreement: Agreement
    fund: Fund
    start_year: int
    amount: Decimal
    committed_on: date
    created_by: User
    released_on: date | None = None
    released_amount: Decimal = Decimal("0.00")
    # (number, due_on, amount, paid_on or None)
    instalments: list[tuple[int, date, Decimal, date | None]] = field(default_factory=list)


class Generator:
    def __init__(
        self, *, scale: Scale, seed: int, stdout: IO[str] | Any, now: datetime | None = None
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.out = stdout
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.current_year = years.start_year_of(self.today)
        self.start_years = list(range(self.current_year - scale.years + 1, self.current_year + 1))
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    # -- the whole run ------------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with (
            timestamps_as_given(
                Application,
                Scheme,
                Agreement,
                AssessorAssignment,
                ModeratedScore,
                OrganisationMembership,
            ),
            transaction.atomic(),
        ):
            self.check_can_start()
            self.load_reference_data()
            self.people()
            self.organisations()
            self.schemes()
            self.applications()
            self.assessment()
            self.grant_agreements()
            self.other_agreements()
            self.allocations()
            self.write_agreements()
            MonitoringGenerator(self).run()
            DecisionGenerator(self).run()
            # The commissioning cycle: needs assessments and intentions (after the decision records' numbers).
            CycleGenerator(self).run()
            DecommissioningGenerator(self).run()
            # Commissioning projects (cycle), linked to the agreements made above.
            ProjectGenerator(self).run()
            self.reference_counters()
            self.summary_event()
        if connection.vendor == "postgresql":
            with self.step("Statistics (ANALYZE)"), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.say(f"Done in {time.monotonic() - self.started:.1f}s.")
        return self.counts

    def say(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        self.say(f"{name}…")
        yield
        self.say(f"  {name}: {time.monotonic() - started:.1f}s")

    def insert(self, model: type[models.Model], rows: Sequence[models.Model], *, label: str = "") -> None:
        for start in range(0, len(rows), BATCH):
            model._default_manager.bulk_create(rows[start : start + BATCH])
        name = label or model._meta.verbose_name_plural
        self.counts[str(name)] = self.counts.get(str(name), 0) + len(rows)
        self.say(f"    {len(rows):>9,} {name}")

    # -- what must be there first ------------------------------------------------------------------------

    def check_can_start(self) -> None:
        existing = generated_scale()
        if existing is not None:
            raise GenerateError(
                f"This database already holds generated data (scale {existing}). Generate into a new "
                "database: drop it, migrate, run seed_demo, then generate_data."
            )

    def load_reference_data(self) -> None:
        administrator = User.objects.filter(groups__name=Role.ADMINISTRATOR, is_active=True).first()
        self.plan = current_plan()
        self.funds = {fund.code: fund for fund in Fund.objects.all()}
        missing = [code for code in ("CC", *SCHEME_FUNDS) if code not in self.funds]
        if administrator is None or self.plan is None or missing:
            raise GenerateError(
                "Load the demo first (python manage.py seed_demo): generated data builds on its funds, plan "
                "and accounts."
            )
        self.administrator: User = administrator
        self.priorities = list(Priority.objects.filter(plan=self.plan).order_by("number"))
        self.rules: dict[str, FundRules | None] = {
            code: FundRules.objects.filter(fund=fund, effective_from__lte=self.today)
            .order_by("-effective_from")
            .first()
            for code, fund in self.funds.items()
        }
        self.role_users = {
            role: list(User.objects.filter(groups__name=role, is_active=True).order_by("pk")) for role in Role
        }
        # Whoever decides above an officer's limit and is missing here: the administrator stands in.
        for role in DECISION_MAKERS:
            if role != Role.COMMISSIONING_OFFICER and not self.role_users[role]:
                self.role_users[role] = [self.administrator]

    # -- people and organisations --------------------------------------------------------------------------

    def people(self) -> None:
        with self.step("People"):
            users = []
            for index in range(self.scale.officers):
                users.append(self._user(f"officer{index + 1:03d}", "Commissioning officer"))
            for index in range(self.scale.assessors):
                users.append(self._user(f"assessor{index + 1:03d}", "Grants panel member"))
            for index in range(self.scale.organisations):
                users.append(self._user(f"provider{index + 1:05d}", self.rng.choice(words.JOB_TITLES)))
            self.insert(User, users, label="people")
            officers = users[: self.scale.officers]
            self.assessors = users[self.scale.officers : self.scale.officers + self.scale.assessors]
            self.providers = users[self.scale.officers + self.scale.assessors :]
            groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
            through = User.groups.through
            rows = (
                [
                    through(user_id=user.pk, group_id=groups[Role.COMMISSIONING_OFFICER].pk)
                    for user in officers
                ]
                + [through(user_id=user.pk, group_id=groups[Role.ASSESSOR].pk) for user in self.assessors]
                + [through(user_id=user.pk, group_id=groups[Role.PROVIDER].pk) for user in self.providers]
            )
            self.insert(through, rows, label="role memberships")
            self.officers = officers + self.role_users[Role.COMMISSIONING_OFFICER]
            self.assessors += self.role_users[Role.ASSESSOR]

    def _user(self, local_part: str, job_title: str) -> User:
        joined = self.now - timedelta(days=self.rng.randint(30, 365 * self.scale.years))
        return User(
            email=f"{local_part}@{GENERATED_DOMAIN}",
            full_name=words.person_name(self.rng),
            job_title=job_title,
            password=make_password(None),
            date_joined=joined,
        )

    def organisations(self) -> None:
        with self.step("Organisations"):
            sectors = list(Sector.values)
            count = self.scale.organisations
            # Every sector at least once, then in proportions like a real register.
            chosen = sectors[:count] + self.rng.choices(
                list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()), k=max(0, count - len(sectors))
            )
            taken = set(Organisation.objects.values_list("name", flat=True))
            organisations: list[Organisation] = []
            for sector in chosen:
                name, town, district = words.organisation_name(self.rng, sector, taken)
                organisations.append(
                    Organisation(
                        name=name,
                        sector=sector,
                        address_line_1=f"{self.rng.randint(1, 120)} {self.rng.choice(['High', 'Church', 'Station', 'Mill', 'Market'])} Street",
                        town=town,
                        postcode=words.postcode(self.rng, district),
                        email=f"hello{len(organisations) + 1:05d}@{GENERATED_DOMAIN}",
                        phone=f"01{self.rng.randint(200, 999)} {self.rng.randint(100000, 999999)}",
                        created_at=self.now - timedelta(days=self.rng.randint(60, 365 * self.scale.years)),
                    )
                )
            self.insert(Organisation, organisations)
            self.organisations_list = organisations
            self.identifiers(organisations)
            self.due_diligence(organisations)
            memberships = [
                OrganisationMembership(
                    user_id=user.pk,
                    organisation_id=organisation.pk,
                    is_administrator=True,
                    joined_at=organisation.created_at,
                )
                for user, organisation in zip(self.providers, organisations, strict=True)
            ]
            self.insert(OrganisationMembership, memberships)
            self.provider_of = {
                organisation.pk: user
                for user, organisation in zip(self.providers, organisations, strict=True)
            }
            self.by_sector: dict[str, list[Organisation]] = defaultdict(list)
            for organisation in organisations:
                self.by_sector[organisation.sector].append(organisation)

    def identifiers(self, organisations: list[Organisation]) -> None:
        taken = set(OrganisationIdentifier.objects.values_list("scheme", "value"))
        serial = {"GB-CHC": 1_200_000, "GB-COH": 9_000_000, "GB-LAE": 0, "GB-NHS": 0, "GB-GOR": 0}

        def next_value(scheme: str, prefix: str = "") -> str:
            while True:
                serial[scheme] += 1
                number = serial[scheme]
                if scheme == "GB-CHC":
                    value = str(number)
                elif scheme == "GB-COH":
                    value = f"{number:08d}"
                elif scheme == "GB-LAE":
                    # Four letters from the serial, starting with Z so no real council's code is used.
                    value = "Z" + "".join(
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(number // 26**power) % 26] for power in (2, 1, 0)
                    )
                elif scheme == "GB-NHS":
                    value = f"Z{number:04d}"
                else:
                    value = f"{prefix}{number}"
                if (scheme, value) not in taken:
                    taken.add((scheme, value))
                    # The register's own check: a value that is not valid for its scheme is a bug here.
                    assert normalise_identifier(scheme, value) == value, (scheme, value)
                    return value

        rows = []
        for organisation in organisations:
            schemes: list[tuple[str, str]] = []
            sector = organisation.sector
            if sector in (Sector.CHARITY, Sector.CIO):
                schemes.append(("GB-CHC", ""))
                if sector == Sector.CHARITY and self.rng.random() < 0.4:
                    schemes.append(("GB-COH", ""))
            elif sector in (Sector.CIC, Sector.PRIVATE_COMPANY):
                schemes.append(("GB-COH", ""))
            elif sector == Sector.LOCAL_AUTHORITY:
                schemes.append(("GB-LAE", ""))
            elif sector == Sector.NHS_BODY:
                schemes.append(("GB-NHS", ""))
            elif sector == Sector.POLICE_FORCE:
                schemes.append(("GB-GOR", "PF"))
            elif sector == Sector.FIRE_RESCUE:
                schemes.append(("GB-GOR", "FR"))
            elif sector == Sector.POLICING_BODY:
                schemes.append(("GB-GOR", "PB"))
            # Unregistered community groups have no official number.
            for scheme, prefix in schemes:
                rows.append(
                    OrganisationIdentifier(
                        organisation_id=organisation.pk,
                        scheme=scheme,
                        value=next_value(scheme, prefix),
                        created_at=organisation.created_at,
                    )
                )
        self.insert(OrganisationIdentifier, rows)

    def due_diligence(self, organisations: list[Organisation]) -> None:
        kinds = [
            (DueDiligenceKind.GOVERNING_DOCUMENT, "Constitution", None),
            (DueDiligenceKind.SAFEGUARDING_POLICY, "Safeguarding policy", 365),
            (DueDiligenceKind.INSURANCE, "Public liability insurance", 365),
            (DueDiligenceKind.LATEST_ACCOUNTS, "Annual accounts", 540),
        ]
        rows = []
        for organisation in organisations:
            for kind, title, lasts in kinds:
                if self.rng.random() < 0.35:
                    continue
                dated = self.today - timedelta(days=self.rng.randint(10, 700))
                rows.append(
                    DueDiligenceItem(
                        organisation_id=organisation.pk,
                        kind=kind,
                        title=f"{title} {dated.year}",
                        dated=dated,
                        expires_on=dated + timedelta(days=lasts) if lasts else None,
                        checked_by=self.rng.choice(self.officers),
                        checked_on=dated + timedelta(days=self.rng.randint(1, 20)),
                        created_at=at(dated),
                    )
                )
        self.insert(DueDiligenceItem, rows)

    # -- schemes and applications ------------------------------------------------------------------------------

    def schemes(self) -> None:
        with self.step("Schemes"):
            names = set(Scheme.objects.values_list("name", flat=True))
            slugs = set(Scheme.objects.values_list("slug", flat=True))
            schemes = []
            for start_year in self.start_years:
                for code in SCHEME_FUNDS:
                    fund = self.funds[code]
                    for round_number in range(1, self.scale.rounds_per_year + 1):
                        opens, closes = self._round_dates(start_year, round_number)
                        name = f"{fund.name} {years.label_of(start_year)} round {round_number}"
                        slug = f"{code.lower()}-{years.slug_of(start_year)}-round-{round_number}"
                        while name in names or slug in slugs:
                            name, slug = f"{name} (generated)", f"{slug}-g"
                        names.add(name)
                        slugs.add(slug)
                        schemes.append(
                            Scheme(
                                fund=fund,
                                name=name,
                                slug=slug,
                                reference_prefix=code,
                                summary=f"Round {round_number} of the {fund.name} for {years.label_of(start_year)}.",
                                guidance=f"{fund.description}\n\nApply by {closes:%d %B %Y}.",
                                opens_at=opens,
                                closes_at=closes,
                                is_published=True,
                                acceptance_period_days=28,
                                grant_conditions=GRANT_CONDITIONS,
                                question_definitions=QUESTIONS,
                                created_at=opens - timedelta(days=30),
                            )
                        )
            self.insert(Scheme, schemes)
            self.scheme_list = schemes
            criteria = []
            bands = []
            for scheme in schemes:
                for number, (title, weight) in enumerate(CRITERIA, start=1):
                    criteria.append(
                        AssessmentCriterion(
                            scheme_id=scheme.pk, number=number, title=title, weight=weight, max_score=5
                        )
                    )
                for score, label in enumerate(SCORE_BANDS):
                    bands.append(ScoreBand(scheme_id=scheme.pk, score=score, label=label))
            self.insert(AssessmentCriterion, criteria)
            self.insert(ScoreBand, bands)
            self.criteria_of: dict[int, list[AssessmentCriterion]] = defaultdict(list)
            for criterion in criteria:
                self.criteria_of[criterion.scheme_id].append(criterion)

    def _round_dates(self, start_year: int, round_number: int) -> tuple[datetime, datetime]:
        if round_number == 1:
            opens, closes = date(start_year, 5, 1), date(start_year, 6, 30)
        else:
            opens, closes = date(start_year, 10, 1), date(start_year, 12, 15)
        if start_year == self.current_year and round_number == self.scale.rounds_per_year:
            # The latest round is always open now, whatever the date, so the public site has schemes to show.
            opens = min(opens, self.today - timedelta(days=20))
            closes = max(closes, self.today + timedelta(days=30))
        return at(opens, 9), at(closes, 17)

    def _phase(self, scheme: Scheme) -> str:
        if scheme.closes_at > self.now:
            return "open"
        if scheme.closes_at > self.now - timedelta(days=270):
            return "recent"
        return "old"

    def applications(self) -> None:
        with self.step("Applications"):
            per_scheme = self._applications_per_scheme()
            statuses = self._statuses(per_scheme)
            eligible = {code: self._eligible_organisations(code) for code in SCHEME_FUNDS}
            applications = []
            self.budget_of: dict[int, list[tuple[str, Decimal]]] = {}
            for scheme, count in zip(self.scheme_list, per_scheme, strict=True):
                code = scheme.reference_prefix
                for _ in range(count):
                    application = self._application(scheme, self.rng.choice(eligible[code]), statuses.pop())
                    applications.append(application)
            self._give_references(applications)
            self.insert(Application, applications)
            self.application_list = applications
            lines = []
            through = Application.priorities.through
            priority_rows = []
            for application in applications:
                for description, amount in self._budget(application):
                    lines.append(
                        BudgetLine(application_id=application.pk, description=description, amount=amount)
                    )
                for priority in self.rng.sample(self.priorities, self.rng.choice([1, 1, 2, 2, 3])):
                    priority_rows.append(through(application_id=application.pk, priority_id=priority.pk))
            self.insert(BudgetLine, lines)
            self.insert(through, priority_rows, label="application priorities")
            self.application_priorities: dict[int, list[int]] = defaultdict(list)
            for row in priority_rows:
                self.application_priorities[row.application_id].append(row.priority_id)  # type: ignore[attr-defined]

    def _applications_per_scheme(self) -> list[int]:
        weights = [
            SCHEME_FUNDS[scheme.reference_prefix][0] * self.rng.uniform(0.75, 1.25)
            for scheme in self.scheme_list
        ]
        total = self.scale.applications
        shares = [total * weight / sum(weights) for weight in weights]
        counts = [int(share) for share in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
        for index in by_remainder[: total - sum(counts)]:
            counts[index] += 1
        return counts

    def _statuses(self, per_scheme: list[int]) -> list[str]:
        """One status per application, to be popped in order: exactly `grant_agreements` are approved."""
        S = ApplicationStatus
        open_pool = [(S.DRAFT, 45), (S.SUBMITTED, 35), (S.WITHDRAWN, 5), (S.IN_ASSESSMENT, 15)]
        recent_pool = [
            (S.DRAFT, 5),
            (S.SUBMITTED, 10),
            (S.IN_ASSESSMENT, 25),
            (S.MODERATED, 15),
            (S.APPROVED, 25),
            (S.DECLINED, 15),
            (S.WITHDRAWN, 5),
        ]
        by_scheme: list[list[str]] = []
        old_count = 0
        approved = 0
        for scheme, count in zip(self.scheme_list, per_scheme, strict=True):
            phase = self._phase(scheme)
            if phase == "old":
                by_scheme.append([])
                old_count += count
                continue
            pool = open_pool if phase == "open" else recent_pool
            chosen = self.rng.choices([str(s) for s, _ in pool], weights=[w for _, w in pool], k=count)
            # Every status of the phase at least once, so even the small set has each one.
            chosen[: len(pool)] = [str(status) for status, _ in pool][:count]
            self.rng.shuffle(chosen)
            approved += chosen.count(S.APPROVED)
            by_scheme.append(chosen)
        to_approve = max(0, min(old_count, self.scale.grant_agreements - approved))
        rest = old_count - to_approve
        declined = round(rest * 0.72)
        withdrawn = round(rest * 0.14)
        old: list[str] = (
            [str(S.APPROVED)] * to_approve
            + [str(S.DECLINED)] * declined
            + [str(S.WITHDRAWN)] * withdrawn
            + [str(S.DRAFT)] * (rest - declined - withdrawn)
        )
        self.rng.shuffle(old)
        statuses: list[str] = []
        for scheme, count, chosen in zip(self.scheme_list, per_scheme, by_scheme, strict=True):
            if self._phase(scheme) == "old":
                chosen, old = old[:count], old[count:]
            statuses.extend(chosen)
        statuses.reverse()  # popped from the end
        return statuses

    def _eligible_organisations(self, code: str) -> list[Organisation]:
        rules = self.rules.get(code)
        sectors = set(rules.eligible_sectors) if rules and rules.eligible_sectors else set(Sector.values)
        # Contracts and partnerships are where private and public bodies come in; grants go mostly to the
        # voluntary sector even where a fund allows anyone.
        preferred = sectors & {Sector.CHARITY, Sector.CIO, Sector.CIC, Sector.COMMUNITY_GROUP}
        found = [o for s in (preferred or sectors) for o in self.by_sector.get(s, [])]
        if not found:
            found = [o for s in sectors for o in self.by_sector.get(s, [])]
        if not found:
            raise GenerateError(f"No generated organisation may apply to the fund {code}: generate more")
        return found

    def _application(self, scheme: Scheme, organisation: Organisation, status: str) -> Application:
        S = ApplicationStatus
        code = scheme.reference_prefix
        _, low, high, longest = SCHEME_FUNDS[code]
        rules = self.rules.get(code)
        if rules and rules.max_award is not None:
            high = min(high, int(rules.max_award))
        if rules and rules.min_award is not None:
            low = max(low, int(rules.min_award))
        if rules and rules.max_duration_months:
            longest = min(longest, rules.max_duration_months)
        step = 50 if high <= 5_000 else 100
        amount = money(self.rng.triangular(low, high, low + (high - low) * 0.35), step)
        amount = min(amount, Decimal(high).quantize(PENNY))
        open_for = (min(scheme.closes_at, self.now) - scheme.opens_at).total_seconds()
        created = scheme.opens_at + timedelta(seconds=self.rng.uniform(0, open_for * 0.9))
        submitted = None
        if status != S.DRAFT and not (status == S.WITHDRAWN and self.rng.random() < 0.4):
            latest = min(scheme.closes_at, self.now)
            submitted = min(
                created + timedelta(days=self.rng.uniform(0.2, 12)), latest - timedelta(minutes=5)
            )
            submitted = max(submitted, created)
        months = self.rng.randint(3, longest)
        starts_on = scheme.closes_at.date() + timedelta(days=self.rng.randint(70, 110))
        ends_on = add_months(starts_on, months) - timedelta(days=1)
        town = organisation.town or "the area"
        sections = [key for key, _ in SECTIONS]
        completed = sections if submitted else sections[: self.rng.randint(0, len(sections) - 1)]
        moderated = None
        if status in (S.MODERATED, S.APPROVED) or (status == S.DECLINED and self.rng.random() < 0.7):
            moderated = scheme.closes_at + timedelta(days=self.rng.randint(25, 45))
            if moderated > self.now:
                moderated = self.now - timedelta(hours=self.rng.randint(2, 72))
        provider = self.provider_of[organisation.pk]
        application = Application(
            scheme=scheme,
            organisation=organisation,
            created_by=provider,
            status=status,
            question_definitions=QUESTIONS,
            project_title=words.project_title(self.rng),
            project_summary=f"We will run {self.rng.choice(words.PROJECT_ACTIVITIES)} for "
            f"{self.rng.choice(words.BENEFICIARIES)} in {town}.",
            amount_requested=amount,
            recurring=False,
            priorities_explanation="The project prevents crime and supports victims in our community.",
            outcomes="Fewer incidents reported; people feel safer; participants report better wellbeing.",
            beneficiaries=self.rng.choice(words.BENEFICIARIES).capitalize(),
            beneficiary_count=self.rng.randint(10, 900),
            location=town,
            location_postcode=organisation.postcode,
            starts_on=starts_on,
            ends_on=ends_on,
            declaration_name=provider.full_name if submitted else "",
            declaration_role=provider.job_title if submitted else "",
            declared_at=submitted,
            answers={"partners": "Local schools and the neighbourhood policing team", "sustainability": ""},
            completed_sections=completed,
            created_at=created,
            updated_at=submitted or created,
            submitted_at=submitted,
            moderated_at=moderated,
            moderated_by=self.rng.choice(self.officers) if moderated else None,
        )
        if moderated is not None and status == S.DECLINED:
            application._assessed = True  # type: ignore[attr-defined]
        return application

    def _give_references(self, applications: list[Application]) -> None:
        submitted = sorted(
            (a for a in applications if a.submitted_at is not None),
            key=lambda a: a.submitted_at,  # type: ignore[arg-type,return-value]
        )
        # Start after references already given (the demo's applications), so none is given twice.
        self.application_counters = self._counters(APPLICATION_SCOPE_PREFIX)
        for application in submitted:
            assert application.submitted_at is not None
            prefix, year = application.scheme.reference_prefix, application.submitted_at.year
            key = (application_reference_scope(prefix), year)
            self.application_counters[key] += 1
            application.reference = reference_format(
                prefix=prefix, year=year, number=self.application_counters[key]
            )

    def _budget(self, application: Application) -> list[tuple[str, Decimal]]:
        """One to four lines that add up exactly to the amount requested."""
        assert application.amount_requested is not None
        total = application.amount_requested
        items = self.rng.sample(words.BUDGET_ITEMS, self.rng.randint(1, 4))
        weights = [self.rng.uniform(1, 3) for _ in items]
        amounts = [(total * Decimal(weight / sum(weights))).quantize(Decimal("1")) for weight in weights[:-1]]
        amounts.append(total - sum(amounts, Decimal("0.00")))
        return [(item, amount.quantize(PENNY)) for item, amount in zip(items, amounts, strict=True)]

    # -- assessment ----------------------------------------------------------------------------------------

    def assessment(self) -> None:
        S = ApplicationStatus
        with self.step("Assessment"):
            assignments: list[AssessorAssignment] = []
            moderated: list[ModeratedScore] = []
            for application in self.application_list:
                assessed = application.status in (S.IN_ASSESSMENT, S.MODERATED, S.APPROVED) or getattr(
                    application, "_assessed", False
                )
                if not assessed:
                    continue
                assert application.submitted_at is not None
                start = max(application.submitted_at, application.scheme.closes_at)
                if start > self.now:
                    start = application.submitted_at
                finished = application.status != S.IN_ASSESSMENT
                people = self.rng.sample(self.assessors, min(3, len(self.assessors)))
                conflict = len(people) == 3 and self.rng.random() < 0.04
                for index, assessor in enumerate(people[: 3 if conflict else 2]):
                    assigned = min(start + timedelta(days=self.rng.uniform(0.5, 5)), self.now)
                    has_conflict = conflict and index == 0
                    done = finished or self.rng.random() < 0.5
                    declared = min(assigned + timedelta(days=self.rng.uniform(0.1, 3)), self.now)
                    assignment = AssessorAssignment(
                        application_id=application.pk,
                        assessor=assessor,
                        assigned_by=self.rng.choice(self.officers),
                        assigned_at=assigned,
                        has_conflict=has_conflict if (done or has_conflict) else None,
                        conflict_details="A trustee of the applicant is a relative." if has_conflict else "",
                        declared_at=declared if (done or has_conflict) else None,
                        completed_at=(
                            min(declared + timedelta(days=self.rng.uniform(1, 7)), self.now)
                            if done and not has_conflict
                            else None
                        ),
                    )
                    assignment._scheme_id = application.scheme_id  # type: ignore[attr-defined]
                    assignments.append(assignment)
                if application.moderated_at is not None:
                    for criterion in self.criteria_of[application.scheme_id]:
                        moderated.append(
                            ModeratedScore(
                                application_id=application.pk,
                                criterion_id=criterion.pk,
                                score=self.rng.randint(1, 5),
                                reason=self.rng.choice(words.REASONS_MODERATED),
                                moderated_by=application.moderated_by,
                                moderated_at=application.moderated_at,
                            )
                        )
            self.insert(AssessorAssignment, assignments)
            scores = [
                CriterionScore(
                    assignment_id=assignment.pk,
                    criterion_id=criterion.pk,
                    score=self.rng.randint(1, 5),
                    comment=self.rng.choice(words.ASSESSOR_COMMENTS),
                )
                for assignment in assignments
                if assignment.completed_at is not None
                for criterion in self.criteria_of[assignment._scheme_id]  # type: ignore[attr-defined]
            ]
            self.insert(CriterionScore, scores)
            self.insert(ModeratedScore, moderated)

    # -- decisions and agreements --------------------------------------------------------------------------

    def _decider(self, amount: Decimal) -> User:
        for limit, role in DECISION_LIMITS:
            if amount <= limit:
                return self.rng.choice(
                    self.officers if role == Role.COMMISSIONING_OFFICER else self.role_users[role]
                )
        return self.rng.choice(self.role_users[Role.COMMISSIONER])

    def grant_agreements(self) -> None:
        S = ApplicationStatus
        with self.step("Decisions and grant agreements"):
            self.decisions: list[Decision] = []
            self.agreements: list[Agreement] = []
            self.planned: list[PlannedCommitment] = []
            self.agreement_priorities: list[list[int]] = []
            for application in self.application_list:
                if application.status not in (S.APPROVED, S.DECLINED):
                    continue
                assert application.submitted_at is not None and application.amount_requested is not None
                base = application.moderated_at or application.submitted_at + timedelta(
                    days=self.rng.randint(3, 20)
                )
                decided = min(base + timedelta(days=self.rng.uniform(2, 20)), self.now - timedelta(hours=1))
                if application.status == S.DECLINED:
                    self.decisions.append(
                        Decision(
                            application_id=application.pk,
                            outcome=Decision.Outcome.DECLINE,
                            amount=None,
                            reasons=self.rng.choice(words.REASONS_DECLINED),
                            decided_by=self.rng.choice(self.officers),
                            decided_at=decided,
                        )
                    )
                    continue
                different = self.rng.random() < 0.2
                amount = application.amount_requested
                if different:
                    amount = max(
                        PENNY * 100, (amount * Decimal(self.rng.uniform(0.6, 0.95))).quantize(Decimal("10"))
                    )
                    amount = amount.quantize(PENNY)
                decider = self._decider(amount)
                decision = Decision(
                    application_id=application.pk,
                    outcome=Decision.Outcome.APPROVE_DIFFERENT if different else Decision.Outcome.APPROVE,
                    amount=amount,
                    reasons=self.rng.choice(words.REASONS_APPROVED),
                    decided_by=decider,
                    decided_at=decided,
                )
                self.decisions.append(decision)
                agreement = self._grant_agreement(application, amount, decided, decider)
                decision._agreement = agreement  # type: ignore[attr-defined]
                self.agreement_priorities.append(self.application_priorities[application.pk])

    def _grant_agreement(
        self, application: Application, amount: Decimal, decided: datetime, decider: User
    ) -> Agreement:
        assert application.starts_on is not None and application.ends_on is not None
        offered_on = timezone.localdate(decided)
        starts_on = max(application.starts_on, offered_on + timedelta(days=7))
        ends_on = starts_on + (application.ends_on - application.starts_on)
        respond_by = offered_on + timedelta(days=application.scheme.acceptance_period_days)
        roll = self.rng.random()
        # Where the offer ended up; the row is built with its status (only the workflow primitive moves one).
        if respond_by >= self.today and roll < 0.6:
            status = AgreementStatus.OFFERED
        elif roll < 0.03:
            status = AgreementStatus.DECLINED
        elif roll < 0.05 and respond_by < self.today:
            status = AgreementStatus.WITHDRAWN
        elif ends_on < self.today:
            status = AgreementStatus.ENDED
        else:
            status = AgreementStatus.ACTIVE
        agreement = Agreement(
            # As grants.services.decisions does: the grant agreement keeps the application's reference.
            reference=application.reference or "",
            mechanism=Mechanism.GRANT,
            title=application.project_title,
            purpose=application.project_summary,
            organisation_id=application.organisation_id,
            fund_id=application.scheme.fund_id,
            value=amount,
            starts_on=starts_on,
            ends_on=ends_on,
            conditions=GRANT_CONDITIONS,
            status=status,
            source_type="grants.application",
            source_id=str(application.pk),
            created_at=decided,
            created_by=decider,
        )
        # How it was offered and answered (agreements.Acceptance), written with the agreement.
        agreement._acceptance = Acceptance(offered_on=offered_on, respond_by=respond_by)  # type: ignore[attr-defined]
        provider = self.provider_of[application.organisation_id]
        changes = [(AgreementStatus.DRAFT, AgreementStatus.OFFERED, offered_on, decider)]
        planned = PlannedCommitment(
            agreement=agreement,
            fund=application.scheme.fund,
            start_year=years.start_year_of(offered_on),
            amount=amount,
            committed_on=offered_on,
            created_by=decider,
        )
        if status == AgreementStatus.DECLINED:
            response_on = min(offered_on + timedelta(days=self.rng.randint(3, 20)), self.today)
            agreement._acceptance.decline_reason = "We could not find the match funding in time."  # type: ignore[attr-defined]
            self._responded(agreement, provider, response_on)
            changes.append((AgreementStatus.OFFERED, AgreementStatus.DECLINED, response_on, provider))
            planned.released_on, planned.released_amount = response_on, amount
        elif status == AgreementStatus.WITHDRAWN:
            changes.append((AgreementStatus.OFFERED, AgreementStatus.WITHDRAWN, respond_by, decider))
            planned.released_on, planned.released_amount = respond_by, amount
        elif status != AgreementStatus.OFFERED:
            response_on = min(offered_on + timedelta(days=self.rng.randint(1, 20)), self.today)
            self._responded(agreement, provider, response_on)
            changes.append((AgreementStatus.OFFERED, AgreementStatus.ACTIVE, response_on, provider))
            if status == AgreementStatus.ENDED:
                changes.append((AgreementStatus.ACTIVE, AgreementStatus.ENDED, ends_on, decider))
            count = 1 if amount <= 5_000 else 2 if amount <= 50_000 else 4
            planned.instalments = self._schedule(amount, starts_on, ends_on, count, first_due=response_on)
        agreement._changes = changes  # type: ignore[attr-defined]
        self.agreements.append(agreement)
        self.planned.append(planned)
        return agreement

    def _responded(self, agreement: Agreement, provider: User, on: date) -> None:
        acceptance = agreement._acceptance  # type: ignore[attr-defined]
        acceptance.name = provider.full_name
        acceptance.role = provider.job_title
        acceptance.answered_on = on
        acceptance.answered_by = provider

    def _schedule(
        self,
        amount: Decimal,
        starts_on: date,
        ends_on: date,
        count: int,
        *,
        first_due: date,
        stop: date | None = None,
    ) -> list[tuple[int, date, Decimal, date | None]]:
        """`count` instalments spread over the term, adding up to `amount`; paid when due (up to `stop`)."""
        share = (amount / count).quantize(PENNY)
        span = max(0, (ends_on - starts_on).days)
        schedule = []
        for index in range(count):
            due = max(first_due, starts_on + timedelta(days=span * index // count))
            if stop is not None and due > stop:
                break
            value = share if index < count - 1 else amount - share * (count - 1)
            paid_on = None
            if due <= self.today:
                paid_on = min(due + timedelta(days=self.rng.randint(0, 10)), self.today)
            schedule.append((index + 1, due, value, paid_on))
        return schedule

    def other_agreements(self) -> None:
        with self.step("Contracts, partnerships, accreditations and the Chief Constable's grant"):
            existing = set(
                Commitment.objects.values_list(
                    "allocation__fund_id", "allocation__financial_year__start_year"
                )
            )
            chief_constable = self._chief_constable()
            cc = self.funds["CC"]
            cfo = self.role_users[Role.CHIEF_FINANCE_OFFICER][0]
            for start_year in self.start_years:
                if (cc.pk, start_year) in existing or chief_constable is None:
                    continue
                value = money(109_850_000 * 0.975 ** (2025 - start_year), 1000)
                starts_on = years.starts_on(start_year)
                self._plain_agreement(
                    mechanism=Mechanism.GRANT,
                    fund=cc,
                    organisation=chief_constable,
                    title=f"Grant to the Chief Constable {years.label_of(start_year)}",
                    value=value,
                    starts_on=starts_on,
                    ends_on=years.ends_on(start_year),
                    instalments=12,
                    by=cfo,
                )
            wanted = max(0, self.scale.agreements - len(self.agreements))
            # Each mechanism at least once, then in proportion.
            kinds = OTHER_AGREEMENTS[:wanted] + self.rng.choices(
                OTHER_AGREEMENTS,
                weights=[kind[1] for kind in OTHER_AGREEMENTS],
                k=max(0, wanted - len(OTHER_AGREEMENTS)),
            )
            first_day = years.starts_on(self.start_years[0])
            last_day = self.today + timedelta(days=60)
            for mechanism, _, fund_codes, (low, high), sectors in kinds:
                holders = [o for s in (sectors or Sector.values) for o in self.by_sector.get(s, [])]
                if not holders:
                    holders = self.organisations_list
                starts_on = first_day + timedelta(days=self.rng.randint(0, (last_day - first_day).days))
                ends_on = add_months(starts_on, self.rng.choice([12, 24, 36])) - timedelta(days=1)
                value = money(self.rng.triangular(low, high, low + (high - low) * 0.3), 100)
                self._plain_agreement(
                    mechanism=mechanism,
                    fund=self.funds[self.rng.choice(fund_codes)],
                    organisation=self.rng.choice(holders),
                    title=f"{words.project_title(self.rng).split(':')[0]} {Mechanism(mechanism).label.lower()}",
                    value=value,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    instalments=4 * ((ends_on - starts_on).days // 360 + 1),
                    by=self.rng.choice(self.officers),
                )

    def _chief_constable(self) -> Organisation | None:
        found = Organisation.objects.filter(sector=Sector.POLICE_FORCE).order_by("pk").first()
        generated = self.by_sector.get(Sector.POLICE_FORCE)
        return found or (generated[0] if generated else None)

    def _plain_agreement(
        self,
        *,
        mechanism: str,
        fund: Fund,
        organisation: Organisation,
        title: str,
        value: Decimal,
        starts_on: date,
        ends_on: date,
        instalments: int,
        by: User,
    ) -> None:
        agreed_on = starts_on - timedelta(days=self.rng.randint(7, 30))
        # How it ended, if it has: the row is built with its status (only the workflow primitive moves one).
        status, stop, stopped_on = AgreementStatus.ACTIVE, None, ends_on
        if ends_on < self.today:
            if self.rng.random() < 0.04:
                status, stop = AgreementStatus.TERMINATED, starts_on + (ends_on - starts_on) / 2
                stopped_on = stop
            else:
                status = AgreementStatus.ENDED
        agreement = Agreement(
            mechanism=mechanism,
            title=title,
            purpose=f"{title}, delivering the Police and Crime Plan.",
            organisation_id=organisation.pk,
            fund_id=fund.pk,
            value=value,
            starts_on=starts_on,
            ends_on=ends_on,
            conditions="As set out in the signed agreement.",
            status=status,
            source_type="",
            source_id="",
            created_at=at(agreed_on),
            created_by=by,
        )
        agreement._acceptance = Acceptance(  # type: ignore[attr-defined]
            name="Authorised signatory", role="Chief executive", answered_on=agreed_on
        )
        changes = [(AgreementStatus.DRAFT, AgreementStatus.ACTIVE, agreed_on, by)]
        if status == AgreementStatus.TERMINATED:
            changes.append((AgreementStatus.ACTIVE, AgreementStatus.TERMINATED, stopped_on, by))
        elif status == AgreementStatus.ENDED:
            changes.append((AgreementStatus.ACTIVE, AgreementStatus.ENDED, ends_on, by))
        agreement._changes = changes  # type: ignore[attr-defined]
        planned = PlannedCommitment(
            agreement=agreement,
            fund=fund,
            start_year=years.start_year_of(starts_on),
            amount=value,
            committed_on=max(years.starts_on(years.start_year_of(starts_on)), agreed_on),
            created_by=by,
        )
        planned.instalments = self._schedule(
            value, starts_on, ends_on, instalments, first_due=starts_on, stop=stop
        )
        if stop is not None:
            unpaid = value - sum((amount for *_, amount, _ in planned.instalments), Decimal("0.00"))
            if unpaid > 0:
                planned.released_on, planned.released_amount = stop, unpaid
        self.agreements.append(agreement)
        self.planned.append(planned)
        self.agreement_priorities.append(
            [p.pk for p in self.rng.sample(self.priorities, self.rng.choice([1, 2]))]
        )

    # -- money ---------------------------------------------------------------------------------------------------

    def allocations(self) -> None:
        """Each fund's allocation for each year: at least what the demo set, and enough for every commitment
        (those already there and those generated), with some left to commit."""
        with self.step("Allocations (through finance.services.allocation_set, audited)"):
            needed: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
            for planned in self.planned:
                needed[(planned.fund.pk, planned.start_year)] += planned.amount - planned.released_amount
            baseline = {
                allocation.fund_id: allocation.amount
                for allocation in Allocation.objects.order_by("financial_year__start_year")
            }
            count = 0
            for start_year in self.start_years:
                year = financial_year(start_year)
                positions = budget_positions(year)
                for fund in self.funds.values():
                    position = positions.get(fund.pk)
                    allocated = position.allocated if position else Decimal("0.00")
                    committed = position.committed if position else Decimal("0.00")
                    base = baseline.get(fund.pk, Decimal("100000.00")) * Decimal(
                        0.975 ** (self.current_year - start_year)
                    )
                    generated = needed.get((fund.pk, start_year), Decimal("0.00"))
                    headroom = Decimal(self.rng.uniform(1.08, 1.25)) if generated else Decimal(1)
                    amount = max(
                        allocated,
                        money(float(base), 1000),
                        Decimal(math.ceil((committed + generated) * headroom / 1000) * 1000).quantize(PENNY),
                    )
                    if amount != allocated:
                        try:
                            allocation_set(by=self.administrator, fund=fund, year=year, amount=amount)
                        except DomainError as error:
                            raise GenerateError(error.message) from error
                        count += 1
            self.counts["allocations set"] = count
            self.say(f"    {count:>9,} allocations set")
            self.allocation_ids = {
                (allocation.fund_id, allocation.financial_year.start_year): allocation.pk
                for allocation in Allocation.objects.select_related("financial_year")
            }

    def write_agreements(self) -> None:
        with self.step("Agreements, commitments, instalments and payments"):
            self._agreement_references()
            self.insert(Agreement, self.agreements)
            self.insert(
                AgreementParty,
                [
                    AgreementParty(
                        agreement_id=a.pk, organisation_id=a.organisation_id, role=AgreementParty.Role.LEAD
                    )
                    for a in self.agreements
                ],
                label="agreement parties",
            )
            acceptances = []
            for agreement in self.agreements:
                acceptance = getattr(agreement, "_acceptance", None)
                if acceptance is not None:
                    acceptance.agreement_id = agreement.pk
                    acceptances.append(acceptance)
            self.insert(Acceptance, acceptances, label="acceptances")
            # Every generated agreement is paid in advance by instalment (its schedule is generated below).
            self.insert(
                PaymentPlan,
                [
                    PaymentPlan(
                        agreement_id=agreement.pk,
                        kind=PaymentPlanKind.IN_ADVANCE,
                        interval_months=3,
                        single_payment_below=SINGLE_PAYMENT_BELOW,
                    )
                    for agreement in self.agreements
                ],
                label="payment plans",
            )
            through = Agreement.priorities.through
            self.insert(
                through,
                [
                    through(agreement_id=agreement.pk, priority_id=priority_id)
                    for agreement, priority_ids in zip(
                        self.agreements, self.agreement_priorities, strict=True
                    )
                    for priority_id in priority_ids
                ],
                label="agreement priorities",
            )
            self.insert(
                StatusChange,
                [
                    StatusChange(
                        record_type=Agreement._meta.label_lower,
                        record_id=agreement.pk,
                        from_status=before,
                        to_status=after,
                        changed_at=at(on, 11),
                        changed_by=by,
                        actor_label=actor_label(by),
                    )
                    for agreement in self.agreements
                    for before, after, on, by in agreement._changes  # type: ignore[attr-defined]
                ],
                label="agreement status changes",
            )
            for decision in self.decisions:
                linked = getattr(decision, "_agreement", None)
                decision.agreement_id = linked.pk if linked else None
            self.insert(Decision, self.decisions)
            commitments = [
                Commitment(
                    allocation_id=self.allocation_ids[(planned.fund.pk, planned.start_year)],
                    amount=planned.amount,
                    released_amount=planned.released_amount,
                    description=f"{planned.agreement.reference} {planned.agreement.title}"[:300],
                    committed_on=planned.committed_on,
                    created_by=planned.created_by,
                    status=Commitment.Status.RELEASED if planned.released_on else Commitment.Status.ACTIVE,
                    released_on=planned.released_on,
                    source_type="agreements.agreement",
                    source_id=str(planned.agreement.pk),
                )
                for planned in self.planned
            ]
            self.insert(Commitment, commitments)
            year_ids = {planned.start_year: financial_year(planned.start_year).pk for planned in self.planned}
            self.insert(
                FundingLine,
                [
                    FundingLine(
                        agreement_id=planned.agreement.pk,
                        fund_id=planned.fund.pk,
                        financial_year_id=year_ids[planned.start_year],
                        amount=planned.amount,
                        commitment_id=commitment.pk,
                    )
                    for planned, commitment in zip(self.planned, commitments, strict=True)
                ],
                label="funding lines",
            )
            cfo = self.role_users[Role.CHIEF_FINANCE_OFFICER][0]
            payments = []
            instalments = []
            for planned, commitment in zip(self.planned, commitments, strict=True):
                for number, due_on, amount, paid_on in planned.instalments:
                    payment = None
                    if paid_on is not None:
                        payment = Payment(
                            commitment_id=commitment.pk,
                            amount=amount,
                            paid_on=paid_on,
                            reference=f"{planned.agreement.reference}/{number}",
                            created_by=cfo,
                        )
                        payments.append(payment)
                    instalment = Instalment(
                        agreement_id=planned.agreement.pk,
                        number=number,
                        due_on=due_on,
                        amount=amount,
                        commitment_id=commitment.pk,
                    )
                    instalment._payment = payment  # type: ignore[attr-defined]
                    instalments.append(instalment)
            self.insert(Payment, payments)
            # Commitments and payments went in past finance.services: count each allocation's totals from them.
            allocation_totals_recount(by=self.administrator)
            for instalment in instalments:
                payment = instalment._payment  # type: ignore[attr-defined]
                instalment.payment_id = payment.pk if payment else None
            self.insert(Instalment, instalments)

    def _agreement_references(self) -> None:
        """Agreements not made from an application are numbered as agreements.services numbers them, after the
        references already given."""
        self.agreement_counters = self._counters(agreement_reference_scope(""))
        for agreement in sorted(self.agreements, key=lambda a: a.created_at):
            if agreement.reference:
                continue
            code, year = MECHANISM_CODES[Mechanism(agreement.mechanism)], agreement.created_at.year
            key = (agreement_reference_scope(code), year)
            self.agreement_counters[key] += 1
            agreement.reference = reference_format(
                prefix=code, year=year, number=self.agreement_counters[key]
            )

    def reference_counters(self) -> None:
        """Counters start after the generated references, so references made later never repeat one."""
        with self.step("Reference counters"):
            for (scope, year), last in (self.application_counters | self.agreement_counters).items():
                reference_counter_raise(scope, year, last)

    @staticmethod
    def _counters(scope_prefix: str) -> dict[tuple[str, int], int]:
        """The last numbers already used, by (scope, year), for the core counters whose scope starts so."""
        return defaultdict(
            int,
            {
                (c.scope, c.year): c.last
                for c in ReferenceCounter.objects.filter(scope__startswith=scope_prefix)
            },
        )

    def summary_event(self) -> None:
        body = commissioning_body()
        audit_record(
            by=self.administrator,
            action=ACTION,
            instance=body,
            after={
                "scale": self.scale.name,
                "seed": self.seed,
                "note": "Rows generated for speed tests with bulk_create; they have no audit events of their own.",
                "counts": self.counts,
            },
        )
