"""Grant schemes, applications, assessment, moderation and decisions.

A scheme belongs to a fund and inherits the fund's rules (finance.FundRules in effect). An application keeps the
definition of the questions it was asked (`question_definitions`) beside its answers. Approval makes an agreement
(agreements.Agreement) through the agreements services; from then on the agreement is what is monitored and paid.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Scheme(models.Model):
    """A funding round of a fund, e.g. "Police Property Act Fund 2026/27 round 2"."""

    fund = models.ForeignKey("finance.Fund", on_delete=models.PROTECT, related_name="schemes")
    # The fund purpose the scheme's awards serve (the fund's ring-fence is checked against it).
    purpose = models.ForeignKey(
        "finance.FundPurpose", on_delete=models.PROTECT, null=True, blank=True, related_name="schemes"
    )
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the scheme's public address")
    reference_prefix = models.CharField(
        max_length=12, help_text="Application references start with this, like PPAF (PPAF-2026-0042)"
    )
    summary = models.TextField(help_text="One or two sentences for the list of open schemes")
    guidance = models.TextField(
        help_text="What the scheme will and won't fund, how to apply, how it is assessed"
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    is_published = models.BooleanField(default=False, help_text="Shown on the public site once published")
    acceptance_period_days = models.PositiveSmallIntegerField(
        default=28, help_text="Days an applicant has to accept an offer"
    )
    grant_conditions = models.TextField(
        blank=True, help_text="The standard conditions of every grant offered from this scheme"
    )
    # The questions asked, as data: {"key": {"label": ..., "hint": ...}}; copied onto each application.
    question_definitions = models.JSONField(default=dict, blank=True)
    # What a commissioning project launching the scheme carries across (neutral: grants knows no project): the
    # plan's priorities the scheme serves and the outcomes sought, with their indicators, in words.
    priorities = models.ManyToManyField("plans.Priority", related_name="schemes", blank=True)
    outcomes = models.TextField(blank=True, help_text="The outcomes the scheme's grants are to achieve")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="grants_scheme_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentCriterion(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        help_text="Percentage of the total; a scheme's weights add up to 100"
    )
    max_score = models.PositiveSmallIntegerField(default=5)

    class Meta:
        ordering = ["scheme", "number"]
        verbose_name_plural = "assessment criteria"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="grants_criterion_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ScoreBand(models.Model):
    """What a score means on this scheme's scale, e.g. 0 "No evidence" … 5 "Excellent"."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="score_bands")
    score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scheme", "score"]
        constraints = [models.UniqueConstraint(fields=["scheme", "score"], name="grants_score_band_once")]

    def __str__(self) -> str:
        return f"{self.score}: {self.label}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_ASSESSMENT = "in_assessment", "In assessment"
    MODERATED = "moderated", "Moderated"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.DRAFT: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.IN_ASSESSMENT: frozenset({ApplicationStatus.MODERATED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.MODERATED: frozenset({ApplicationStatus.APPROVED, ApplicationStatus.DECLINED}),
    ApplicationStatus.APPROVED: frozenset(),
    ApplicationStatus.DECLINED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}


class Application(models.Model):
    """An organisation's request to a scheme. Structured answers are columns (the rules and reports use them);
    the wording of each question as asked is kept in `question_definitions`."""

    reference = models.CharField(
        max_length=40, unique=True, null=True, blank=True, help_text="Given on submission"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    question_definitions = models.JSONField(default=dict, blank=True)
    # About your project
    project_title = models.CharField(max_length=200, blank=True)
    project_summary = models.TextField(blank=True)
    amount_requested = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    recurring = models.BooleanField(
        null=True, blank=True, help_text="Does the project need funding every year?"
    )
    # Police and Crime Plan priorities
    priorities = models.ManyToManyField("plans.Priority", related_name="applications", blank=True)
    priorities_explanation = models.TextField(blank=True)
    # Outcomes and who benefits
    outcomes = models.TextField(blank=True)
    beneficiaries = models.TextField(blank=True)
    beneficiary_count = models.PositiveIntegerField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Where the work happens")
    location_postcode = models.CharField(max_length=10, blank=True)
    # Dates
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Declarations
    declaration_name = models.CharField(max_length=200, blank=True)
    declaration_role = models.CharField(max_length=200, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    # Other answers to the scheme's own questions, keyed as in question_definitions.
    answers = models.JSONField(default=dict, blank=True)
    # Which task-list sections the applicant has marked complete.
    completed_sections = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["scheme", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "submitted_at"]),
            # The staff list pages ids in this order (-submitted_at, -created_at, -id): all submitted ones, those
            # of one status, or those of one scheme.
            models.Index(
                fields=["-submitted_at", "-created_at", "-id"],
                name="grants_app_listed_newest",
                condition=~Q(status="draft"),
            ),
            models.Index(
                fields=["status", "-submitted_at", "-created_at", "-id"], name="grants_app_status_newest"
            ),
            models.Index(
                fields=["scheme", "-submitted_at", "-created_at", "-id"], name="grants_app_scheme_newest"
            ),
            models.Index(fields=["amount_requested"], name="grants_app_amount"),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft application {self.pk}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grants_budget_line_positive")]

    def __str__(self) -> str:
        return self.description


class ApplicationDocument(models.Model):
    """A document supplied with an application: a new upload, or one of the organisation's due-diligence items."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=40, help_text="A DueDiligenceItem kind, or 'other'")
    due_diligence_item = models.ForeignKey(
        "organisations.DueDiligenceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="applications/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "kind", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.kind


class AssessorAssignment(models.Model):
    """An assessor asked to score an application. They declare any conflict before they may score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    has_conflict = models.BooleanField(null=True, blank=True, help_text="Empty until the assessor declares")
    conflict_details = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="grants_assessor_assigned_once")
        ]
        indexes = [
            # Work waiting: the assessments not yet completed, by assessor and by application (a small part of
            # the table however many assessments have been done).
            models.Index(
                fields=["assessor", "application"],
                name="grants_assign_open_by_assessor",
                condition=Q(completed_at__isnull=True),
            ),
            # Ready to moderate: an application has no assessment still waiting (open and not conflicted).
            models.Index(
                fields=["application"],
                name="grants_assign_waiting_by_app",
                condition=Q(completed_at__isnull=True)
                & (Q(has_conflict__isnull=True) | Q(has_conflict=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} on {self.application}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(AssessorAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AssessmentCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField()

    class Meta:
        ordering = ["assignment", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="grants_score_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for criterion {self.criterion_id}"


class ModeratedScore(models.Model):
    """The score an officer agrees for a criterion after seeing the assessors' scores, with the reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moderated_scores")
    criterion = models.ForeignKey(AssessmentCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="grants_moderated_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"Moderated {self.score} for criterion {self.criterion_id}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", "Approve"
        APPROVE_DIFFERENT = "approve_different", "Approve a different amount"
        DECLINE = "decline", "Decline"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="grant_decision"
    )
    # The fund purpose an award serves: the scheme's, or the one the decision-maker chose.
    purpose = models.ForeignKey(
        "finance.FundPurpose", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why a one-off fund awards the same organisation again within its one-off period.
    repeat_award_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"
