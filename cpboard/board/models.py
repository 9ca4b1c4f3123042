"""The corporate parenting board: its terms of reference and members, its meetings (attendance, agenda,
minutes, decisions), the questions members raise, the yearly work programme, and the board packs built for
each meeting.

A pack is frozen when it is built: its PDFs, its rendered content and the figures it showed are stored with
the version (`PackVersion`), so a later correction to the data never changes an issued pack; the meeting page
compares the stored figures with today's to say what has changed since. Packs are built by a worker from a
`PackBuild` request, never in the web request."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cpboard.accounts.models import Person
from cpboard.core.models import StoredFile, VersionedModel


def municipal_year_start(day: dt.date) -> int:
    """The calendar year a municipal year starts in. A council's year runs from its annual meeting in May to
    the next; cpboard counts it from 1 May (1 May 2026 to 30 April 2027 is "2026/27", start 2026)."""
    return day.year if day.month >= 5 else day.year - 1


def municipal_year_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def default_protective_marking() -> str:
    """A new board's packs carry the marking every page of cpboard shows (CPBOARD_PROTECTIVE_MARKING)."""
    return settings.PROTECTIVE_MARKING


class Board(VersionedModel):
    """The board itself: one row. Its terms of reference are audited text; every revision is in the history."""

    name = models.CharField(max_length=200, default="Corporate Parenting Board")
    terms_of_reference = models.TextField(
        blank=True,
        help_text="The board's purpose, powers, membership and how it works, as agreed by the council.",
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="How many voting members must be present for the meeting to make decisions."
    )
    terms_agreed_on = models.DateField("terms of reference agreed on", null=True, blank=True)
    terms_review_due_on = models.DateField("terms of reference next review due", null=True, blank=True)
    protective_marking = models.CharField(
        max_length=60,
        default=default_protective_marking,
        help_text="Printed on every page of a pack, for example OFFICIAL or OFFICIAL-SENSITIVE.",
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board:terms")


class Membership(VersionedModel):
    """A person's role on the board from one date to another. The person comes from the people directory."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        YOUNG_PERSON = "young_person", "Young person"
        PARTNER = "partner", "Partner"
        REPORTING_OFFICER = "reporting_officer", "Reporting officer"

    VOTING = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="board_memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    represents = models.CharField(
        max_length=120, blank=True, help_text="For partners and officers, the organisation or service."
    )
    started_on = models.DateField("from")
    ended_on = models.DateField("until", null=True, blank=True, help_text="Leave blank if it continues.")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["ended_on", "role", "person__sort_name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def held_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    @property
    def history_back_to(self):
        return reverse("board:members")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone who may read meetings reads every meeting; a pack's drafts are scoped on PackVersion."""
        return self if user.has_perm("board.view_meeting") else self.none()

    def in_municipal_year(self, start: int):
        return self.filter(
            starts_at__date__gte=dt.date(start, 5, 1), starts_at__date__lt=dt.date(start + 1, 5, 1)
        )


class Meeting(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(
        max_length=200, help_text="For example: Committee Room 1, Thistledon Civic Centre."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The later meeting that agreed these minutes as a true record.",
    )
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        permissions = [
            ("generate_pack", "Can build board packs"),
            ("publish_pack", "Can publish board packs"),
        ]

    def __str__(self) -> str:
        return f"{self.board.name if self.board_id else 'Board'} meeting, {self.starts_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("board:meeting", args=[self.pk])

    @property
    def municipal_year(self) -> int:
        return municipal_year_start(self.starts_at.date())


class Attendance(VersionedModel):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substituted"

    # who counts towards the quorum: a member there in person, or represented by a named substitute
    COUNTS_AS_PRESENT = (Status.PRESENT, Status.SUBSTITUTE)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="board_attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who came instead.",
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["person__sort_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="board_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"

    @property
    def history_back_to(self) -> Meeting:
        return self.meeting


class Section(models.TextChoices):
    """The live sections a pack can draw from an app's section function (see cpboard/board/sections.py)."""

    SCORECARD = "scorecard", "Performance scorecard"
    PLAN = "plan", "Action-plan progress"
    VISITS_COMPLIANCE = "visits_compliance", "Visits compliance and six-monthly summary"
    TRAINING = "training", "Training compliance"
    SURVEY_RESULTS = "survey_results", "Pledge-survey results"
    SURVEY_MESSAGES = "survey_messages", "Children's messages from the pledge survey"
    RECOMMENDATIONS = "recommendations", "Scrutiny recommendation tracker"


class WorkProgrammeItem(VersionedModel):
    """What the board plans to hear over a municipal year, and at which meeting. A new meeting's agenda gets
    the items planned for it."""

    municipal_year = models.PositiveSmallIntegerField(
        help_text="The year the municipal year starts (2026 for 2026/27)."
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_items"
    )
    planned_month = models.DateField(
        null=True, blank=True, help_text="Any day in the month it should come, when no meeting is set yet."
    )
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=120, blank=True, help_text="For example: Being healthy.")
    section = models.CharField(
        "live section",
        max_length=30,
        blank=True,
        choices=Section.choices,
        help_text="Leave blank for a written report.",
    )
    section_options = models.JSONField(default=dict, blank=True)
    presenter = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["municipal_year", "planned_month", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def history_back_to(self):
        return reverse("board:work-programme")


class AgendaItem(VersionedModel):
    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies for absence"
        MINUTES = "minutes", "Minutes of the last meeting"
        CICC = "cicc", "Children in Care Council update"
        PLAN = "plan_progress", "Action-plan progress"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        REPORT = "report", "Report"

    STANDING = (Kind.APOLOGIES, Kind.MINUTES, Kind.MATTERS_ARISING, Kind.CICC, Kind.PLAN)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(max_length=200)
    narrative = models.TextField(
        blank=True, help_text="Shown as written: formatting and web addresses are not followed."
    )
    section = models.CharField("live section", max_length=30, blank=True, choices=Section.choices)
    section_options = models.JSONField(default=dict, blank=True)
    attachment = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    presenter = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    work_programme_item = models.ForeignKey(
        WorkProgrammeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    minutes = models.TextField("minutes of this item", blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def history_back_to(self) -> Meeting:
        return self.meeting


class Decision(VersionedModel):
    """What the board resolved under an item. A decision may create an action in the action plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField("decision")
    plan_action = models.ForeignKey(
        "actions.Action", on_delete=models.PROTECT, null=True, blank=True, related_name="board_decisions"
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"

    @property
    def history_back_to(self) -> Meeting:
        return self.meeting


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Question.Status.OPEN)


class Question(VersionedModel):
    """A question or challenge a member raised: who must answer, by which meeting, and the answer.
    Open questions are listed under matters arising on every later agenda until answered."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="questions_raised")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    asked_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField("question")
    to_answer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="board_questions_to_answer",
        verbose_name="who must answer",
    )
    answer_by = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_due",
        verbose_name="answer by meeting",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="questions_answered"
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"

    def get_absolute_url(self) -> str:
        return reverse("board:question", args=[self.pk])


class PackVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Board members see published packs; people who build packs also see drafts."""
        if user.has_perm("board.generate_pack"):
            return self
        if user.has_perm("board.view_packversion"):
            return self.filter(status__in=[PackVersion.Status.PUBLISHED, PackVersion.Status.SUPERSEDED])
        return self.none()


class PackVersion(VersionedModel):
    """One generated pack, frozen: its accessible PDF, its print PDF with attachments merged, the HTML it was
    rendered from and the figures it showed. Never regenerated in place; a new build makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not yet published)"
        PUBLISHED = "published", "Published to members"
        SUPERSEDED = "superseded", "Replaced by a later version"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    number = models.PositiveSmallIntegerField("version")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    print_pdf = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField("SHA-256 of the accessible PDF", max_length=64)
    pages = models.PositiveIntegerField(default=0)
    html = models.TextField(help_text="The rendered content, kept as issued.")
    figures = models.JSONField(
        default=dict,
        help_text="The figures the pack showed, by key, to say what has changed since it was issued.",
    )
    history = HistoricalRecords(excluded_fields=["html"])

    objects = PackVersionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="board_pack_version_number")
        ]

    def __str__(self) -> str:
        return f"Pack version {self.number} for the {self.meeting}"

    @property
    def history_back_to(self) -> Meeting:
        return self.meeting


class PackBuild(models.Model):
    """A request to build a pack, run by a worker. The partial unique constraint lets a meeting have only one
    build queued or running, so two clicks never build twice; `heartbeat_at` lets a build whose worker died be
    noticed and retried or failed (see cpboard/board/services/builds.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Generating"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="builds")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=200, blank=True, help_text="What the worker is doing, in words.")
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in words a scrutiny officer can act on.")
    task_id = models.CharField(max_length=100, blank=True)
    result = models.OneToOneField(
        PackVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="build"
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(status__in=["queued", "running"]),
                name="board_one_active_build",
            )
        ]

    def __str__(self) -> str:
        return f"Pack build for the {self.meeting}: {self.get_status_display()}"

    @property
    def history_back_to(self) -> Meeting:
        return self.meeting
