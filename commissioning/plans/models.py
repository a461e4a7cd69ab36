from django.db import models
from django.db.models import Q


class Plan(models.Model):
    """A Police and Crime Plan (or its successor): the priorities everything commissioned must deliver.

    One plan is current at a time; making a new plan current replaces the old one's priorities everywhere they are
    offered, while records that named the old priorities keep them."""

    title = models.CharField(max_length=200)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date")
    summary = models.TextField(blank=True)
    is_current = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_plan"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="plan_ends_after_start",
                violation_error_message="The end date must be after the start date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """One of a plan's priorities. Needs, projects, schemes, applications and agreements name at least one."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="priority_number_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Objective(models.Model):
    """What a priority sets out to achieve, in the plan's words."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["priority", "number"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "number"], name="objective_number_unique_in_priority")
        ]

    def __str__(self) -> str:
        return f"{self.priority.number}.{self.number} {self.text[:80]}"


class CommissioningPrinciple(models.Model):
    """One of the commissioning principles; every commissioning project answers each with evidence."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    is_active = models.BooleanField(
        default=True, help_text="Retired principles stay on old projects' checklists."
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"
