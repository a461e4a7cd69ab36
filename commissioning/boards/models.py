"""Boards that hold commissioned services to account, their meetings and agendas, and the board packs made for them.

A board pack is built in the background (see `tasks.py`): each generation is a new BoardPack row that records its
progress step by step, then keeps the pack's content as it was (`content`, JSON) and its PDF (through Django's
storage API), so a pack always shows what the board was given, whatever has changed since.
"""

from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from commissioning.core.formats import govuk_datetime
from commissioning.finance import years


class Board(models.Model):
    """A board or group that meets (the Commissioner's Monitoring Board, the Commissioning and Policy Group)."""

    name = models.CharField(max_length=200, unique=True)
    purpose = models.TextField(blank=True)
    # Who chairs it, as a title (the body's titles are data, such as "Police and Crime Commissioner") and, when
    # known, the person who holds it.
    chair_role = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


# The only moves a meeting makes, through the workflow primitive (workflows.py).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset({MeetingStatus.SCHEDULED}),
}

MEETING_STATUS_TAGS: dict[str, str] = {
    MeetingStatus.SCHEDULED: "govuk-tag--blue",
    MeetingStatus.HELD: "govuk-tag--green",
    MeetingStatus.CANCELLED: "govuk-tag--grey",
}


class Meeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["board", "starts_at", "id"], name="boards_meeting_board_date")]

    def __str__(self) -> str:
        return f"{self.board.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    @property
    def held_on(self) -> date:
        """The meeting's date where it is held (local time)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def when(self) -> str:
        """GOV.UK style: "10am on 8 December 2026"."""
        return govuk_datetime(self.starts_at)

    @property
    def start_year(self) -> int:
        """The financial year the meeting falls in, which its board pack reports on."""
        return years.start_year_of(self.held_on)

    @property
    def status_tag_class(self) -> str:
        return MEETING_STATUS_TAGS.get(self.status, "govuk-tag--grey")


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order; an item may ask the board for a decision and name an agreement."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    # 1, 2, 3... within the meeting; reordering swaps numbers inside one transaction.
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=250)
    summary = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    needs_decision = models.BooleanField(default=False)
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="boards_agenda_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


# The only moves a pack makes, through the workflow primitive (workflows.py).
PACK_TRANSITIONS: dict[str, frozenset[str]] = {
    PackStatus.QUEUED: frozenset({PackStatus.RUNNING, PackStatus.FAILED}),
    PackStatus.RUNNING: frozenset({PackStatus.DONE, PackStatus.FAILED}),
    PackStatus.DONE: frozenset(),
    PackStatus.FAILED: frozenset(),
}

PACK_STATUS_TAGS: dict[str, str] = {
    PackStatus.QUEUED: "govuk-tag--grey",
    PackStatus.RUNNING: "govuk-tag--blue",
    PackStatus.DONE: "govuk-tag--green",
    PackStatus.FAILED: "govuk-tag--red",
}


class BoardPack(models.Model):
    """One generation of a meeting's board pack: its progress, then its content and PDF as they were made."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    current_step = models.CharField(max_length=100, blank=True)
    # The pack as it was generated (see `selectors.PackContent`): the page and the PDF are drawn from this.
    content = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    pdf = models.FileField(upload_to="boards/packs/%Y/%m/", blank=True)
    failure_message = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["meeting", "requested_at", "id"], name="boards_pack_meeting_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(steps_done__lte=F("steps_total")), name="boards_pack_steps_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"Board pack for {self.meeting}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PackStatus.DONE, PackStatus.FAILED)

    @property
    def status_tag_class(self) -> str:
        return PACK_STATUS_TAGS.get(self.status, "govuk-tag--grey")

    @property
    def generated_when(self) -> str:
        return govuk_datetime(self.generated_at) if self.generated_at else ""

    @property
    def requested_when(self) -> str:
        return govuk_datetime(self.requested_at)

    @property
    def pdf_filename(self) -> str:
        return f"board-pack-{self.meeting.held_on:%Y-%m-%d}-{self.pk}.pdf"
