"""Monitoring: how an active agreement reports on what it delivers, whatever the mechanism that made it.

The tier rules (which agreements report how often, with indicators or a review meeting) are data with dates of
effect. A plan keeps a snapshot of the return form it was made with, and each return keeps the form it was filled
in against beside its answers, so an old answer is always shown with the question that was asked.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commissioning.core.effective import EffectiveFrom


class ReturnFrequency(models.TextChoices):
    END_ONLY = "end_only", "One end-of-agreement report"
    SIX_MONTHLY = "six_monthly", "Six-monthly returns"
    QUARTERLY = "quarterly", "Quarterly returns"
    # No tier ships with it: for a plan an officer moves to close monitoring (a service in difficulty).
    MONTHLY = "monthly", "Monthly returns"


# Months in each reporting period; END_ONLY has one period, the whole agreement.
FREQUENCY_MONTHS: dict[str, int | None] = {
    ReturnFrequency.END_ONLY: None,
    ReturnFrequency.SIX_MONTHLY: 6,
    ReturnFrequency.QUARTERLY: 3,
    ReturnFrequency.MONTHLY: 1,
}


class MonitoringTier(EffectiveFrom):
    """A proportionate monitoring rule: agreements of this value (and, optionally, length) report like this.

    A tier is a rule with a date of effect (core.effective): it applies from `effective_from`, and the newest tier
    in effect whose bands contain the agreement wins.
    """

    name = models.CharField(max_length=120)
    min_value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    # Exclusive upper bound; none means no upper limit.
    max_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    frequency = models.CharField(max_length=20, choices=ReturnFrequency.choices)
    needs_indicators = models.BooleanField(default=False)
    needs_review_meeting = models.BooleanField(default=False)
    # A return is due this many days after the end of the period it covers.
    due_days = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "min_value", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(min_value__gte=0), name="monitoring_tier_min_not_negative"),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gt=F("min_value")),
                name="monitoring_tier_max_above_min",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReturnTemplate(models.Model):
    """A return form held as data: a list of sections, each with questions (see `forms_library`)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MonitoringPlan(models.Model):
    """How one agreement is monitored: its tier, frequency, return form and indicators."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="monitoring_plan"
    )
    tier = models.ForeignKey(MonitoringTier, on_delete=models.PROTECT, related_name="plans")
    # Copied from the tier when made; an adjustment may change them for this agreement alone.
    frequency = models.CharField(max_length=20, choices=ReturnFrequency.choices)
    needs_indicators = models.BooleanField(default=False)
    needs_review_meeting = models.BooleanField(default=False)
    template = models.ForeignKey(
        ReturnTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    form_definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"Monitoring plan for {self.agreement.reference}"


class PlanAdjustment(models.Model):
    """A recorded change to a plan's frequency, due dates or indicators, with the reason for it."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.PROTECT, related_name="adjustments")
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "made_at", "pk"]

    def __str__(self) -> str:
        return f"Adjustment to {self.plan}"


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="monitoring_indicator_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REVIEWED = "reviewed", "Reviewed"


# The moves a return may make (its workflow, monitoring/workflows.py, says who makes each): providers save and
# submit; officers review it or send it back. Its history is audit.StatusChange.
RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.DUE: frozenset({ReturnStatus.DRAFT, ReturnStatus.SUBMITTED}),
    ReturnStatus.DRAFT: frozenset({ReturnStatus.SUBMITTED}),
    ReturnStatus.CHANGES_REQUESTED: frozenset({ReturnStatus.SUBMITTED}),
    ReturnStatus.SUBMITTED: frozenset({ReturnStatus.REVIEWED, ReturnStatus.CHANGES_REQUESTED}),
    ReturnStatus.REVIEWED: frozenset(),
}

# Statuses in which the provider still owes the return.
OUTSTANDING_STATUSES = (ReturnStatus.DUE, ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED)


class Rating(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class MonitoringReturn(models.Model):
    """One return due under a plan, for one period: its schedule, the form and answers, and the review."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.PROTECT, related_name="returns")
    number = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    is_final = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    # The form as it was when the return was scheduled (or last opened for answers) beside the answers to it.
    form_definition = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)
    spend_to_date = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    rating_reasons = models.TextField(blank=True)
    # What the officer asked the provider to change, when the return went back.
    changes_requested = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        indexes = [
            # The officers' overdue and due-soon lists: outstanding returns by due date.
            models.Index(fields=["status", "due_on", "id"], name="monitoring_return_status_due"),
            # The same lists, counted and paged: only the returns still owed (a few percent of all returns), so
            # counting them never reads the returns already reviewed.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status__in=OUTSTANDING_STATUSES),
                name="monitoring_return_owed_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="monitoring_return_number_once"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="monitoring_return_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("period_end")), name="monitoring_return_due_after_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Return {self.number} for {self.plan.agreement.reference}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING_STATUSES


class IndicatorValue(models.Model):
    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["monitoring_return", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "indicator"], name="monitoring_indicator_value_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ReturnEvidence(models.Model):
    """A file supplied with a return (evidence, a case study)."""

    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="monitoring/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["monitoring_return", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RemedialPlan(models.Model):
    """What the provider will do to put a red-rated return right, tracked until every action is done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="remedial_plans"
    )
    monitoring_return = models.OneToOneField(
        MonitoringReturn, on_delete=models.PROTECT, null=True, blank=True, related_name="remedial_plan"
    )
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "pk"]

    def __str__(self) -> str:
        return f"Remedial plan for {self.agreement.reference}"


# A remedial plan is open until its last action is done, when it closes (monitoring/workflows.py).
REMEDIAL_PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    RemedialPlan.Status.OPEN: frozenset({RemedialPlan.Status.CLOSED}),
    RemedialPlan.Status.CLOSED: frozenset(),
}


class RemedialAction(models.Model):
    plan = models.ForeignKey(RemedialPlan, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "pk"]

    def __str__(self) -> str:
        return self.action


class ReminderSent(models.Model):
    """One reminder about one return; unique, so running the reminder command again sends nothing twice."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", "Before the due date"
        OVERDUE = "overdue", "Overdue"

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["monitoring_return", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["monitoring_return", "kind"], name="monitoring_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.monitoring_return}"
