"""Regulation 33/44 visits: the homes register, the rota (one `Visit` per home and period, with its visitors),
the visit report (on the same record: planned, then draft, submitted, acknowledged by the home's manager),
actions arising with dated updates and the manager's response, visitors' independence declarations
(Regulation 43) and the registered person's Regulation 45 quality-of-care reviews.

Who sees what is `visible_to(user)` on each QuerySet: officers and administrators every record; a visitor
the visits they are on (and those visits' homes and actions); a home manager their own home's; a board
member only council-run homes, and never a full report (the views refuse them with 403)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.accounts.models import Person, User
from cpboard.core import roles
from cpboard.core.models import VersionedModel
from training.models import add_months
from visits.periods import Period, period_containing

VISITOR_COURSE_CODE = "reg-visitor"  # the training catalogue's Regulation 33/44 visitor course


def sees_everything(user) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or roles.has_role(user, roles.OFFICER)
        or roles.has_role(user, roles.ADMINISTRATOR)
    )


def field_label(model, name: str, *, capital: bool = True) -> str:
    """A field's label as people read it (its verbose name)."""
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:] if capital else label


class HomeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def council_run(self):
        return self.filter(ownership=Home.Ownership.COUNCIL)

    def visible_to(self, user):
        if sees_everything(user):
            return self
        scope = models.Q(pk__in=[])
        if roles.has_role(user, roles.HOME_MANAGER):
            scope |= models.Q(manager__user=user)
        if roles.has_role(user, roles.VISITOR):
            scope |= models.Q(visits__visitors__user=user)
        if user.has_perm("visits.view_compliance"):
            scope |= models.Q(ownership=Home.Ownership.COUNCIL)
        return self.filter(pk__in=Home.objects.filter(scope).values("pk"))


class Home(VersionedModel):
    """A children's home on the register."""

    class Ownership(models.TextChoices):
        COUNCIL = "council", "Run by the council"
        INDEPENDENT = "independent", "Independent provider"

    class Kind(models.TextChoices):
        RESIDENTIAL = "residential", "Children's home"
        SHORT_BREAKS = "short_breaks", "Short breaks"
        SECURE = "secure", "Secure children's home"
        SPECIAL_SCHOOL = "special_school", "Residential special school"

    class Rating(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
        INADEQUATE = "inadequate", "Inadequate"
        NOT_YET = "not_yet", "Not yet inspected"

    name = models.CharField(max_length=120, unique=True)
    urn = models.CharField(
        "Ofsted unique reference number (URN)",
        max_length=12,
        unique=True,
        help_text="As on the home's Ofsted registration, for example SC123456.",
    )
    ownership = models.CharField("run by", max_length=12, choices=Ownership.choices)
    kind = models.CharField("type of home", max_length=20, choices=Kind.choices)
    places = models.PositiveSmallIntegerField("number of places")
    manager = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_homes",
        verbose_name="registered manager",
        help_text="From the people directory. Linked to a sign-in account, they can answer actions.",
    )
    ofsted_rating = models.CharField(
        "latest Ofsted rating", max_length=24, choices=Rating.choices, default=Rating.NOT_YET
    )
    inspected_on = models.DateField("date of the last inspection", null=True, blank=True)
    visits_from = models.DateField(
        "visits due from", help_text="The first month a visit is due, usually when the home opened."
    )
    is_open = models.BooleanField("open", default=True)
    closed_on = models.DateField("closed on", null=True, blank=True)
    history = HistoricalRecords()

    objects = HomeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_compliance", "Can see visit compliance"),
            ("view_summary", "Can see the six-monthly visits summary"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("visits:home-detail", args=[self.pk])

    @property
    def half_termly(self) -> bool:
        return self.kind == self.Kind.SPECIAL_SCHOOL

    @property
    def frequency_text(self) -> str:
        return "Every half term" if self.half_termly else "Every month"

    def period_of(self, day: dt.date) -> Period:
        return period_containing(day, half_term=self.half_termly)

    def last_day_due(self, today: dt.date) -> dt.date:
        return self.closed_on - dt.timedelta(days=1) if self.closed_on else today


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_everything(user):
            return self
        scope = models.Q(pk__in=[])
        if roles.has_role(user, roles.VISITOR):
            scope |= models.Q(visitors__user=user)
        if roles.has_role(user, roles.HOME_MANAGER):
            scope |= models.Q(home__manager__user=user)
        if user.has_perm("visits.view_compliance"):
            scope |= models.Q(home__ownership=Home.Ownership.COUNCIL)
        return self.filter(pk__in=Visit.objects.filter(scope).values("pk"))


class Visit(VersionedModel):
    """One expected visit: a home, the period it is due in, its visitors and planned date; then the
    visitor's report, following what a Regulation 33/44 visit must cover."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DRAFT = "draft", "Report in draft"
        SUBMITTED = "submitted", "Report submitted"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the home"

    class Opinion(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly: see concerns"
        NO = "no", "No: see concerns"

    class Theme(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        MISSING = "missing", "Children missing from the home"
        RESTRAINT = "restraint", "Restraint and physical intervention"
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health and well-being"
        STAFFING = "staffing", "Staffing"
        PREMISES = "premises", "Premises"
        CONTACT = "contact", "Contact with family"
        PARTICIPATION = "participation", "Children's views and participation"
        LEAVING_CARE = "leaving_care", "Preparing for leaving care"

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="visits")
    period_start = models.DateField(
        "due in", help_text="The first day of the month (or half term) it is due in."
    )
    regulation = models.PositiveSmallIntegerField(
        choices=[(33, "Regulation 33"), (44, "Regulation 44")], default=44
    )
    visitors: models.ManyToManyField[Person, Assignment] = models.ManyToManyField(
        Person, through="Assignment", related_name="visits"
    )
    planned_on = models.DateField("planned date", null=True, blank=True)
    announced = models.BooleanField(
        default=True,
        help_text="An unannounced visit's date is shown to the visitors and officers only, not to the home.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    # The report
    visited_on = models.DateField("date of the visit", null=True, blank=True)
    arrived_at = models.TimeField("arrived", null=True, blank=True)
    left_at = models.TimeField("left", null=True, blank=True)
    accompanied_by = models.CharField(
        "also on the visit",
        max_length=200,
        blank=True,
        help_text="For example: a care leaver from the Children in Care Council. A role, not a name.",
    )
    children_spoken_to = models.PositiveSmallIntegerField("children spoken to", null=True, blank=True)
    children_spoken_how = models.CharField(
        "how",
        max_length=12,
        blank=True,
        choices=[("individually", "Individually"), ("group", "As a group"), ("both", "Both")],
    )
    children_consented = models.BooleanField("the children agreed to talk to the visitor", default=False)
    parents_spoken_to = models.PositiveSmallIntegerField("parents or carers spoken to", default=0)
    staff_spoken_to = models.CharField(
        "staff spoken to",
        max_length=200,
        blank=True,
        help_text="Numbers and roles, for example: deputy manager, 2 residential workers.",
    )
    premises = models.TextField("premises inspected", blank=True)
    records_complaints = models.BooleanField("complaints", default=False)
    records_incidents = models.BooleanField("incidents", default=False)
    records_restraint = models.BooleanField("restraint and physical intervention", default=False)
    records_missing = models.BooleanField("children missing from the home", default=False)
    records_allegations = models.BooleanField("allegations", default=False)
    records_sanctions = models.BooleanField("sanctions", default=False)
    records_notes = models.TextField("what the records showed", blank=True)
    children_said = models.TextField("what children said", blank=True)
    staff_said = models.TextField("what staff said", blank=True)
    safeguarded = models.CharField(
        "are children effectively safeguarded?", max_length=8, blank=True, choices=Opinion.choices
    )
    wellbeing = models.CharField(
        "does the home's conduct promote children's well-being?",
        max_length=8,
        blank=True,
        choices=Opinion.choices,
    )
    opinion_notes = models.TextField("why you think so", blank=True)
    strengths = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    privacy_reason = models.TextField(
        "why the flagged details should stay",
        blank=True,
        help_text="Recorded when a visitor submits a report the check flagged.",
    )
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amendment_reason = models.TextField("why the submitted report was changed", blank=True)
    history = HistoricalRecords()

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "home__name"]
        permissions = [
            ("write_report", "Can write the report of a visit they are on"),
            ("acknowledge_visit", "Can acknowledge a visit report for their home"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["home", "period_start"], name="visits_one_visit_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.home.name}, {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("visits:visit-detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return self.home.period_of(self.period_start)

    @property
    def due_by(self) -> dt.date:
        return self.period.end

    @property
    def has_report(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACKNOWLEDGED)

    @property
    def visited_late(self) -> bool:
        return self.visited_on is not None and self.visited_on > self.due_by

    @property
    def report_late(self) -> bool:
        """Submitted after the end of the period, or still not submitted once it ended."""
        if self.submitted_on is not None:
            return self.submitted_on > self.due_by
        return timezone.localdate() > self.due_by

    def date_shown_to(self, user) -> dt.date | None:
        """The planned date, except an unannounced visit's to the home's manager before it happened."""
        if self.announced or self.visited_on or sees_everything(user):
            return self.planned_on
        if self.is_visitor(user):
            return self.planned_on
        return None

    def is_visitor(self, user) -> bool:
        return any(p.user_id == user.pk for p in self.visitors.all()) if user.is_authenticated else False

    def report_editable_by(self, user) -> bool:
        if not user.has_perm("visits.write_report"):
            return False
        if self.status == self.Status.ACKNOWLEDGED and not sees_everything(user):
            return False
        return sees_everything(user) or self.is_visitor(user)

    def acknowledgeable_by(self, user) -> bool:
        return (
            self.status == self.Status.SUBMITTED
            and user.has_perm("visits.acknowledge_visit")
            and self.home.manager is not None
            and self.home.manager.user_id == user.pk
        )

    @property
    def record_checks(self) -> list[tuple[str, bool]]:
        names = [
            "records_complaints",
            "records_incidents",
            "records_restraint",
            "records_missing",
            "records_allegations",
            "records_sanctions",
        ]
        return [(field_label(Visit, n), getattr(self, n)) for n in names]

    @property
    def records_checked_text(self) -> str:
        checked = [label.lower() for label, on in self.record_checks if on]
        return "; ".join(checked) if checked else "none"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(self.Theme.choices)
        return [labels[t] for t in self.themes if t in labels]

    @staticmethod
    def history_display_value(name: str, value, record):
        if name == "themes" and isinstance(value, list):
            labels = dict(Visit.Theme.choices)
            return ", ".join(str(labels.get(t, t)) for t in value) or "None"
        return None


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visit__in=Visit.objects.visible_to(user))


class Assignment(models.Model):
    """A visitor on a visit. `override_reason` is the officer's reason for assigning someone whose
    independence declaration conflicts."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visit_assignments")
    override_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="visits_assigned_once")]

    def __str__(self) -> str:
        return f"{self.person} on {self.visit}"

    @property
    def history_back_to(self) -> Visit:
        return self.visit


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visit__in=Visit.objects.visible_to(user))

    def still_open(self):
        return self.exclude(status=Action.Status.DONE)

    def overdue(self, on: dt.date):
        return self.still_open().filter(due_on__lt=on)


class Action(VersionedModel):
    """Something a visit found that someone must do, followed up until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("what needs to happen")
    owner = models.CharField(
        max_length=120, help_text="Who will do it: a role, for example the registered manager."
    )
    due_on = models.DateField("due by")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    manager_response = models.TextField("the home's response", blank=True)
    responded_on = models.DateField(null=True, blank=True)
    # The board's action plan (another app): one generic link, checked only if that model exists.
    plan_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan_id = models.PositiveBigIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        permissions = [("respond_action", "Can respond to an action for their home")]

    def __str__(self) -> str:
        text = self.what if len(self.what) <= 60 else self.what[:57] + "…"
        return f"Action: {text}"

    def get_absolute_url(self) -> str:
        return reverse("visits:action-detail", args=[self.pk])

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.status != self.Status.DONE and self.due_on < (on or timezone.localdate())

    def respondable_by(self, user) -> bool:
        manager = self.visit.home.manager
        return user.has_perm("visits.respond_action") and manager is not None and manager.user_id == user.pk


class ActionUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(action__in=Action.objects.visible_to(user))


class ActionUpdate(models.Model):
    """A dated note on an action's progress."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField("date")
    text = models.TextField("progress")
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["written_on", "pk"]

    def __str__(self) -> str:
        return f"Update of {self.written_on:%d/%m/%Y}"

    @property
    def history_back_to(self) -> Action:
        return self.action


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_everything(user):
            return self
        return self.filter(person__user=user) if user.is_authenticated else self.none()


class Declaration(models.Model):
    """A visitor's dated declaration of independence (Regulation 43). Any ticked box is a conflict."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    made_on = models.DateField("date of the declaration")
    employed_in_childrens_services = models.BooleanField(
        "I work in the council's children's services", default=False
    )
    involved_in_care_plans = models.BooleanField(
        "I am involved in the care plans of children living in the homes", default=False
    )
    commissions_or_funds = models.BooleanField(
        "I take part in commissioning or funding the homes", default=False
    )
    financial_interest = models.BooleanField("I have a financial interest in a home", default=False)
    homes = models.ManyToManyField(
        Home,
        blank=True,
        related_name="+",
        verbose_name="which homes",
        help_text="The homes a ticked box is about. Leave empty if it is about every home.",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"Declaration by {self.person} on {self.made_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("visits:declaration-list") + f"?person={self.person_id}"

    @property
    def conflicts(self) -> list[str]:
        names = [
            "employed_in_childrens_services",
            "involved_in_care_plans",
            "commissions_or_funds",
            "financial_interest",
        ]
        return [field_label(Declaration, n, capital=False) for n in names if getattr(self, n)]

    def conflicts_with(self, home: Home) -> list[str]:
        if not self.conflicts:
            return []
        about = list(self.homes.all())
        return self.conflicts if not about or home in about else []


class QualityReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(home__in=Home.objects.visible_to(user))


class QualityReview(models.Model):
    """The registered person's review of the quality of care (Regulation 45), due at least every six months."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="reviews")
    completed_on = models.DateField("date of the review")
    author = models.CharField(max_length=120, help_text="Who wrote it: name and role.")
    summary = models.TextField()
    next_due_on = models.DateField(
        "next review due", blank=True, help_text="Leave blank for six months after this one."
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = QualityReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = "Regulation 45 review"

    def __str__(self) -> str:
        return f"Regulation 45 review of {self.completed_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.next_due_on is None and self.completed_on:
            self.next_due_on = add_months(self.completed_on, 6)  # derived default
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("visits:home-detail", args=[self.home_id])

    @property
    def history_back_to(self) -> Home:
        return self.home
