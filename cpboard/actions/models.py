"""The board's action plan (themes, objectives, actions with owners and dated progress) and the scrutiny
reviews whose numbered recommendations the plan answers.

An action's RAG is worked out, never stored: `Action.rag(as_at)` from its status, its timescale (see
`cpboard.actions.timescales` for the overdue rule of each kind) and its latest progress update."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.accounts.models import Person
from cpboard.actions import timescales
from cpboard.core.models import VersionedModel

DUE_SOON_DAYS = 30  # a not-started action due within this many days shows amber


@dataclass(frozen=True)
class ActionRag:
    code: str  # "red" | "amber" | "green" | "none": the colours of components/_rag_tag.html
    label: str
    explanation: str


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Theme(VersionedModel):
    """A heading of the plan, such as "Being healthy"."""

    name = models.CharField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(
        "order in the plan", default=0, help_text="Themes are listed from the lowest number."
    )
    history = HistoricalRecords()
    history_visible_to_all = True  # everyone who may read the plan

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('actions:plan')}?theme={self.pk}"


class Objective(VersionedModel):
    """What the plan sets out to achieve under a theme; several actions deliver it."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="objectives")
    reference = models.CharField(
        max_length=20, blank=True, help_text="A short label used in the plan, for example D1."
    )
    text = models.TextField("objective")
    position = models.PositiveSmallIntegerField("order under the theme", default=0)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["theme__position", "theme__name", "position", "pk"]

    def __str__(self) -> str:
        label = f"{self.reference}: " if self.reference else ""
        text = self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"
        return f"{label}{text}"

    def get_absolute_url(self) -> str:
        return reverse("actions:objective-edit", args=[self.pk])


class PlanActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Action.CLOSED)

    def owned_by(self, person: Person):
        return self.filter(owners__person=person).distinct()


class Action(VersionedModel):
    """One thing someone will do towards an objective, by when, and what will show it worked."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"
        DROPPED = "dropped", "Dropped"

    class Timescale(models.TextChoices):
        DATE = "date", "By a date"
        MONTH = "month", "By the end of a month"
        RECURRING = "recurring", "Recurring"
        ONGOING = "ongoing", "Ongoing"
        CONDITIONAL = "conditional", "Conditional"

    class Every(models.IntegerChoices):
        MONTH = 1, "monthly"
        QUARTER = 3, "quarterly"
        HALF_YEAR = 6, "every six months"
        YEAR = 12, "annually"

    CLOSED = (Status.COMPLETE, Status.DROPPED)

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(
        max_length=20, blank=True, help_text="A short label used in the plan, for example D1.2."
    )
    text = models.TextField("action", help_text="What will be done.")
    outcome = models.TextField("expected outcome", blank=True, help_text="What difference it should make.")
    measure = models.TextField(
        "how success will be measured",
        blank=True,
        help_text="For example: count how many young people go on to attend.",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    timescale = models.CharField("kind of timescale", max_length=12, choices=Timescale.choices)
    due_on = models.DateField(
        "due date",
        null=True,
        blank=True,
        help_text="The due date; for a month or recurring timescale, any day in the (first) month; for "
        "ongoing work, the month it starts (optional); for a conditional one, the date it is due by once the "
        "condition is met (optional).",
    )
    every = models.PositiveSmallIntegerField(
        "repeats", choices=Every.choices, null=True, blank=True, help_text="Recurring timescales only."
    )
    condition = models.CharField(
        max_length=200,
        blank=True,
        help_text="Conditional timescales only: what it depends on, for example Future Council decisions.",
    )
    condition_met_on = models.DateField(
        "condition met on",
        null=True,
        blank=True,
        help_text="Conditional timescales only: when the condition was met. Leave blank until then.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.TextField("why it was dropped", blank=True)
    closed_on = models.DateField("completed or dropped on", null=True, blank=True)
    added_on = models.DateField("added to the plan on", default=timezone.localdate)
    position = models.PositiveSmallIntegerField("order under the objective", default=0)
    history = HistoricalRecords()
    history_visible_to_all = True

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["objective__theme__position", "objective__position", "objective_id", "position", "pk"]
        permissions = [
            ("import_plan", "Can import an action plan from a spreadsheet"),
            ("export_plan", "Can download the action plan"),
        ]

    def __str__(self) -> str:
        label = f"{self.reference}: " if self.reference else ""
        text = self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "…"
        return f"{label}{text}"

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.pk])

    # The timescale ---------------------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def timescale_text(self) -> str:
        """The timescale as a plan writes it: "June 2014 and annually", "Subject to Future Council"."""
        kind, due = self.timescale, self.due_on
        if kind == self.Timescale.DATE and due:
            return due.strftime("%d/%m/%Y")
        if kind == self.Timescale.MONTH and due:
            return timescales.month_text(due)
        if kind == self.Timescale.RECURRING and due:
            return f"{timescales.month_text(due)} and {self.get_every_display()}"
        if kind == self.Timescale.ONGOING:
            return f"{timescales.month_text(due)} and ongoing" if due else "Ongoing"
        if kind == self.Timescale.CONDITIONAL:
            text = f"Subject to {self.condition}" if self.condition else "Conditional"
            if due:
                text += f", then by {timescales.month_text(due)}"
            return text
        return self.get_timescale_display()

    def deadline(self, as_at: dt.date, latest_update_on: dt.date | None) -> dt.date | None:
        """The day after which the action is overdue, as at `as_at` (None: it cannot be overdue yet)."""
        kind, due = self.timescale, self.due_on
        if kind == self.Timescale.DATE:
            return due
        if kind == self.Timescale.MONTH:
            return timescales.month_end(due) if due else None
        if kind == self.Timescale.RECURRING:
            if not due or not self.every:
                return None
            points = timescales.recurring_points(due, self.every, as_at)
            if not points:
                return timescales.month_end(due)
            previous = points[-2] if len(points) > 1 else None
            reported = latest_update_on is not None and (previous is None or latest_update_on > previous)
            if reported:  # this round is reported: the next due point is the deadline
                return timescales.month_end(timescales.add_months(points[-1].replace(day=1), self.every))
            return points[-1]  # overdue since this due point
        if kind == self.Timescale.ONGOING:
            start = timescales.month_end(due) if due else self.added_on
            since = max(filter(None, [start, latest_update_on]))
            return since + dt.timedelta(days=timescales.STALE_AFTER_DAYS)
        if kind == self.Timescale.CONDITIONAL:
            return due if (self.condition_met_on and due) else None
        return None

    def is_overdue(self, as_at: dt.date, latest_update_on: dt.date | None = None) -> bool:
        if self.is_closed:
            return False
        deadline = self.deadline(as_at, latest_update_on)
        return deadline is not None and as_at > deadline

    def rag(self, as_at: dt.date, latest_update_on: dt.date | None = None) -> ActionRag:
        """Red when overdue or off track; amber when at risk, or not started with the deadline close;
        green when on track or complete; no colour when dropped or not started in good time."""
        status = self.Status
        if self.status == status.COMPLETE:
            return ActionRag("green", "Complete", "Completed")
        if self.status == status.DROPPED:
            return ActionRag("none", "Dropped", self.dropped_reason or "Dropped from the plan")
        if self.is_overdue(as_at, latest_update_on):
            deadline = self.deadline(as_at, latest_update_on)
            when = f" since {deadline + dt.timedelta(days=1):%d/%m/%Y}" if deadline else ""
            return ActionRag("red", "Overdue", f"Overdue{when} and not complete")
        if self.status == status.OFF_TRACK:
            return ActionRag("red", "Off track", "Marked off track by its owner")
        if self.status == status.AT_RISK:
            return ActionRag("amber", "At risk", "Marked at risk by its owner")
        if self.status == status.ON_TRACK:
            return ActionRag("green", "On track", "Marked on track by its owner")
        deadline = self.deadline(as_at, latest_update_on)
        if deadline is not None and (deadline - as_at).days <= DUE_SOON_DAYS:
            return ActionRag("amber", "Not started", f"Not started and due by {deadline:%d/%m/%Y}")
        return ActionRag("none", "Not started", "Not started yet")

    # Owners -------------------------------------------------------------------------------------------

    def owner_text(self) -> str:
        """ "Fostering Service Team Leader and Alys Hughes" (uses prefetched owners)."""
        names = [str(owner) for owner in self.owners.all()]
        if len(names) <= 1:
            return names[0] if names else ""
        return ", ".join(names[:-1]) + " and " + names[-1]


class ActionOwner(models.Model):
    """Who answers for an action: a person in the directory, or a post or team written as text."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="owned_actions"
    )
    post = models.CharField(
        "post or team", max_length=200, blank=True, help_text="For example Fostering Service Team Leader."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, post="")
                    | models.Q(person__isnull=True) & ~models.Q(post="")
                ),
                name="actions_owner_is_a_person_or_a_post",
            )
        ]

    def __str__(self) -> str:
        return self.person.display_name if self.person_id and self.person else self.post

    @property
    def history_back_to(self):
        """The History page's breadcrumb: this is shown on its action's page."""
        return self.action


class ProgressUpdate(models.Model):
    """One dated note of progress on an action, by whoever wrote it. Updates are only ever added: two
    people posting at once make two updates."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    written_on = models.DateField("date of the update")
    text = models.TextField("progress")
    status = models.CharField(
        "status after this update", max_length=12, choices=Action.Status.choices, blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Update of {self.written_on:%d/%m/%Y} on {self.action}"

    def get_absolute_url(self) -> str:
        return f"{self.action.get_absolute_url()}#update-{self.pk}"

    @property
    def history_back_to(self):
        """The History page's breadcrumb: this is shown on its action's page."""
        return self.action


class ActionSource(models.Model):
    """Where an action came from. A record elsewhere in the system (a scrutiny recommendation, a pledge
    survey finding, a visit report) is linked by content type and id, so a new kind of source needs no
    change here, only an entry in `cpboard.actions.sources.SOURCE_MODELS`; an inspection finding or a
    board decision with no record of its own is described in words."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Scrutiny recommendation"
        PLEDGE_FINDING = "pledge_finding", "Pledge survey finding"
        VISIT_REPORT = "visit_report", "Visit report"
        INSPECTION = "inspection", "Inspection finding"
        BOARD_DECISION = "board_decision", "Board decision"
        OTHER = "other", "Other"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For an inspection finding or a board decision: which one, for example Ofsted, March 2016, "
        "paragraph 12.",
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "source_type", "source_id"], name="actions_source_once_per_action"
            ),
            models.CheckConstraint(
                condition=models.Q(source_type__isnull=True, source_id__isnull=True)
                | models.Q(source_type__isnull=False, source_id__isnull=False),
                name="actions_source_type_and_id_together",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.description}" if self.description else self.get_kind_display()
        )

    @property
    def history_back_to(self):
        """The History page's breadcrumb: this is shown on its action's page."""
        return self.action


class Review(VersionedModel):
    """A scrutiny review: a committee's (or working group's) report with numbered recommendations."""

    title = models.CharField(max_length=200)
    committee = models.CharField(
        max_length=200, help_text="Who made the review, for example People Scrutiny Panel."
    )
    reported_on = models.DateField("date of the report")
    reference = models.CharField("report reference", max_length=80, blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-reported_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reported_on:%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("actions:review-detail", args=[self.pk])


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Recommendation.CLOSED)

    def due_for_revisit(self, as_at: dt.date):
        """Open recommendations whose revisit date has come with no commentary written since it."""
        written_since = RecommendationProgress.objects.filter(
            recommendation=models.OuterRef("pk"), written_on__gte=models.OuterRef("revisit_on")
        )
        return (
            self.open()
            .filter(revisit_on__lte=as_at)
            .exclude(models.Exists(written_since))
            .select_related("review")
            .order_by("revisit_on", "review__reported_on", "position", "pk")
        )


class Recommendation(VersionedModel):
    """A numbered recommendation of a review. Its identity is the record, not the number: renumbering it
    (reports do) keeps its links, commentary and history."""

    class Response(models.TextChoices):
        AWAITED = "awaited", "Response awaited"
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        REJECTED = "rejected", "Rejected"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        IMPLEMENTED = "implemented", "Implemented"
        CLOSED = "closed", "Closed without implementing"

    CLOSED = (Status.IMPLEMENTED, Status.CLOSED)

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.CharField(
        max_length=10, help_text="As the report numbers it, for example 7 or 17a. It can change later."
    )
    also_numbered = models.CharField(
        "also referred to as",
        max_length=80,
        blank=True,
        help_text="Other numbers documents use for it, for example 6 in the conclusions.",
    )
    position = models.PositiveSmallIntegerField("order in the report", default=0)
    text = models.TextField("recommendation")
    addressee = models.CharField(
        "addressed to", max_length=200, blank=True, help_text="For example the Director of People."
    )
    response = models.CharField(
        "the council's response", max_length=10, choices=Response.choices, default=Response.AWAITED
    )
    response_on = models.DateField("date of the response", null=True, blank=True)
    revisit_on = models.DateField(
        "revisit on", null=True, blank=True, help_text="When the committee will look at it again."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    objectives: models.ManyToManyField[Objective, ObjectiveRecommendation] = models.ManyToManyField(
        Objective, through="ObjectiveRecommendation", related_name="recommendations", blank=True
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review__reported_on", "review_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="actions_recommendation_number_once")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("actions:recommendation-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class ObjectiveRecommendation(models.Model):
    """An objective answers a recommendation (an objective can answer several, and the other way round)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "recommendation"], name="actions_objective_answers_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective} answers {self.recommendation}"

    @property
    def history_back_to(self):
        """The History page's breadcrumb: this is shown on its recommendation's page."""
        return self.recommendation


class RecommendationProgress(models.Model):
    """Commentary on a recommendation's progress, dated and signed, added over time (never edited)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="progress")
    written_on = models.DateField("date of the commentary")
    text = models.TextField("commentary")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name_plural = "recommendation progress"

    def __str__(self) -> str:
        return f"Commentary of {self.written_on:%d/%m/%Y} on {self.recommendation}"

    @property
    def history_back_to(self):
        """The History page's breadcrumb: this is shown on its recommendation's page."""
        return self.recommendation
