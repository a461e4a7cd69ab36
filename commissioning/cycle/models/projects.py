"""Commissioning projects: a project answers one or more needs assessments and priorities and moves through the live
stages analyse, plan, do and review (any stage to any other, each move with its reason, on the workflow primitive).

Its plan holds the service specification (versioned: a revision adds a version, earlier ones stay readable), whose
outcomes carry indicators with targets; the options appraisal of the four mechanisms with each mechanism's own rules
checked (`cycle/mechanism_rules.py`); and the answers to the commissioning principles. In *do* it launches the chosen
mechanism (`ProjectLaunch`: a grant scheme now); in *review* it records conclusions, kept as history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from commissioning.agreements.models import Mechanism


class ProjectStage(models.TextChoices):
    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


STAGE_ORDER: list[str] = [ProjectStage.ANALYSE, ProjectStage.PLAN, ProjectStage.DO, ProjectStage.REVIEW]

# Live stages: a project may move from any stage to any other, forward or back (cycle/workflows.py). What a move
# to *do* needs first (a specification, a chosen mechanism, every principle answered) is the move's guard.
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    stage: frozenset(other for other in STAGE_ORDER if other != stage) for stage in STAGE_ORDER
}


class Project(models.Model):
    """A commissioning project: the needs and priorities it answers, where it is in the cycle, what it chose."""

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the project is for, in a few sentences")
    priorities = models.ManyToManyField("plans.Priority", related_name="projects")
    needs_assessments = models.ManyToManyField("cycle.NeedsAssessment", related_name="projects", blank=True)
    intention = models.ForeignKey(
        "cycle.Intention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The commissioning intention the project delivers, if any",
    )
    # The current services and agreements in the area, picked by an officer in analyse.
    agreements = models.ManyToManyField("agreements.Agreement", related_name="projects", blank=True)
    stage = models.CharField(
        max_length=10,
        choices=ProjectStage.choices,
        default=ProjectStage.ANALYSE,
        editable=False,
        db_index=True,
    )
    chosen_mechanism = models.CharField(max_length=20, choices=Mechanism.choices, blank=True)
    chosen_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="cycle_project_recent"),
            models.Index(fields=["stage", "updated_at", "id"], name="cycle_project_stage_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Specification(models.Model):
    """One version of the project's service specification: what is to be delivered and the outcomes sought. A
    revision adds a version with its own outcomes; none is changed once written."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="specifications")
    number = models.PositiveSmallIntegerField()
    delivered = models.TextField(
        "What is to be delivered", help_text="The service, who it is for and where: not the provider"
    )
    revision_note = models.TextField(blank=True, help_text="What changed from the earlier version, and why")
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="cycle_specification_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="cycle_specification_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Specification of {self.project.reference} (version {self.number})"


class Outcome(models.Model):
    """An outcome a version of the specification seeks."""

    specification = models.ForeignKey(Specification, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["specification", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class OutcomeIndicator(models.Model):
    """How an outcome is measured, with its target: the resulting agreements' monitoring plans start from these."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=60, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)

    class Meta:
        ordering = ["outcome", "position"]

    def __str__(self) -> str:
        return self.name


class OptionVerdict(models.TextChoices):
    TAKEN_FORWARD = "taken_forward", "Taken forward"
    SET_ASIDE = "set_aside", "Set aside"


class MechanismOption(models.Model):
    """The appraisal of one mechanism for the project: its benefits, restrictions and legal requirements, whether
    it is taken forward or set aside and why, and what the mechanism's own rules need to be checked (the intended
    partners of a partnership, the estimated value and duration of a grant, the unit of an accreditation)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="options")
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    benefits = models.TextField()
    restrictions = models.TextField()
    legal_requirements = models.TextField()
    verdict = models.CharField(max_length=20, choices=OptionVerdict.choices)
    why = models.TextField(help_text="Why it is taken forward or set aside")
    partners = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True, help_text="The unit the service is bought in")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "mechanism"]
        constraints = [
            models.UniqueConstraint(fields=["project", "mechanism"], name="cycle_option_once_per_mechanism")
        ]

    def __str__(self) -> str:
        return f"{self.get_mechanism_display()} for {self.project.reference}"


class PrincipleAnswer(models.Model):
    """How the project meets one commissioning principle, with the evidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="principle_answers")
    principle = models.ForeignKey("plans.CommissioningPrinciple", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField()
    answered_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "principle__number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "principle"], name="cycle_principle_answered_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.reference}: principle {self.principle_id}"


class ProjectLaunch(models.Model):
    """What a project launched in *do*: the mechanism and the record it made. A grant scheme now; the procurement,
    accreditation scheme or partnership agreement get their own nullable link here as those are built."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="launches")
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    scheme = models.OneToOneField(
        "grants.Scheme", null=True, blank=True, on_delete=models.PROTECT, related_name="project_launch"
    )
    specification = models.ForeignKey(
        Specification, on_delete=models.PROTECT, related_name="+", help_text="The version carried across"
    )
    launched_at = models.DateTimeField(default=timezone.now)
    launched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "launched_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_mechanism_display()} launched by {self.project.reference}"


class Conclusion(models.TextChoices):
    CONTINUE = "continue", "Continue"
    CHANGE = "change", "Change"
    RECOMMISSION = "recommission", "Recommission"
    DECOMMISSION = "decommission", "Decommission"


class ReviewConclusion(models.Model):
    """A conclusion of the project's review, with its reason. Each is kept: the latest is the current one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conclusions")
    conclusion = models.CharField(max_length=20, choices=Conclusion.choices)
    reason = models.TextField()
    concluded_at = models.DateTimeField(default=timezone.now)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "-concluded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project.reference}: {self.get_conclusion_display()}"
