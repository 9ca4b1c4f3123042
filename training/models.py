"""Member training: the course catalogue, sessions, and who completed what when.

Whether a person holds a course on a date is `training.services.rule.holds_valid`; compliance for the board
is `training.services.compliance`."""

from __future__ import annotations

import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords

from cpboard.accounts.models import Person
from cpboard.core.models import StoredFile, VersionedModel


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days: 31/01 + 1 month = 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return dt.date(year, month, min(day.day, last[month - 1]))


class CourseQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(is_retired=False)

    def mandatory(self):
        return self.filter(
            models.Q(for_councillors=True)
            | models.Q(for_board_members=True)
            | models.Q(for_visitors=True)
            | models.Q(for_senior_officers=True)
        )


class Course(VersionedModel):
    """A course in the catalogue. A refresher (`renews`) renews the course it refreshes, for that course's
    validity period. A course with records can only be retired, never deleted."""

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        YOUNG_PEOPLE = "young_people", "Delivered by care-experienced young people"

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name for addresses and imports, for example cp-induction.",
    )
    description = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)",
        null=True,
        blank=True,
        help_text="How long a completion counts, for example 36. Leave blank if it never expires.",
    )
    renews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refreshers",
        verbose_name="refresher for",
        help_text="If this is a refresher: the course it renews. Doing it renews that course.",
    )
    for_councillors = models.BooleanField("mandatory for all councillors", default=False)
    for_board_members = models.BooleanField("mandatory for board members", default=False)
    for_visitors = models.BooleanField("mandatory for Regulation 33/44 visitors", default=False)
    for_senior_officers = models.BooleanField("mandatory for senior officers", default=False)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.IN_PERSON)
    complete_within_months = models.PositiveSmallIntegerField(
        "new people complete it within (months)",
        null=True,
        blank=True,
        help_text="For induction: how many months after their start date a new person must have done it.",
    )
    offered_from = models.DateField(
        "first offered on", help_text="Attendance before this date cannot be recorded."
    )
    is_retired = models.BooleanField(
        "retired",
        default=False,
        help_text="A retired course is no longer offered or required; its records stay.",
    )
    history = HistoricalRecords()
    history_visible_to_all = True  # the History page: anyone with training.view_course

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("training:course-edit", args=[self.code])

    @property
    def audiences(self) -> list[str]:
        names = [
            (self.for_councillors, "all councillors"),
            (self.for_board_members, "board members"),
            (self.for_visitors, "Regulation 33/44 visitors"),
            (self.for_senior_officers, "senior officers"),
        ]
        return [name for on, name in names if on]

    @property
    def validity_text(self) -> str:
        if self.validity_months is None:
            return "Does not expire"
        if self.validity_months % 12 == 0:
            years = self.validity_months // 12
            return f"{years} year{'s' if years != 1 else ''}"
        return f"{self.validity_months} months"

    def expires_on(self, completed_on: dt.date) -> dt.date | None:
        """The last day a completion on `completed_on` counts, or None if it never expires."""
        if self.validity_months is None:
            return None
        return add_months(completed_on, self.validity_months) - dt.timedelta(days=1)

    def renewal_chain(self) -> list[Course]:
        """The courses this one renews, nearest first; stops at the first repeat (a loop, refused by forms)."""
        chain: list[Course] = []
        seen = {self.pk}
        current = self.renews
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.renews
        return chain


class Session(VersionedModel):
    """One delivery of a course: its date, trainer and whether young people delivered it with the trainer."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("date")
    trainer = models.CharField(
        max_length=120, help_text="Who delivered it, for example the DCS or an outside trainer."
    )
    venue = models.CharField(max_length=120, blank=True)
    with_young_people = models.BooleanField(
        "delivered with care-experienced young people",
        default=False,
        help_text="Tick if young people from the Children in Care Council helped deliver it.",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # the History page: anyone with training.view_session

    class Meta:
        ordering = ["-held_on", "course__name"]

    def __str__(self) -> str:
        return f"{self.course.name}, {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("training:session-detail", args=[self.pk])

    @property
    def municipal_year(self) -> str:
        """The municipal year (May to May) it was held in, like 2025/26."""
        start = self.held_on.year if self.held_on.month >= 5 else self.held_on.year - 1
        return f"{start}/{str(start + 1)[-2:]}"


class TrainingRecord(VersionedModel):
    """A person completed a course on a date: at a session, or elsewhere with an evidence note or a
    certificate."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField("date completed")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    evidence = models.TextField(
        "evidence",
        blank=True,
        help_text="For training done elsewhere: who ran it and how you know it was completed.",
    )
    certificate = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    history_visible_to_all = True  # the History page: anyone with training.view_trainingrecord

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "session"], name="training_record_once_per_session"),
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"], name="training_record_once_per_day"
            ),
        ]
        permissions = [
            ("view_compliance", "Can see training compliance"),
            ("import_records", "Can import training records from a spreadsheet"),
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.course} on {self.completed_on:%d/%m/%Y}"

    @property
    def history_back_to(self) -> Person:
        """The History page's breadcrumb: records are listed on the person's directory page."""
        return self.person

    @property
    def expires_on(self) -> dt.date | None:
        return self.course.expires_on(self.completed_on)


class Reminder(models.Model):
    """A reminder sent: one per person, course, due date and stage, so a daily run sends each once."""

    class Stage(models.TextChoices):
        EXPIRING = "expiring", "Expires soon"
        OVERDUE = "overdue", "Overdue"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "due_on", "stage"], name="training_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.person} about {self.course} ({self.get_stage_display()})"
