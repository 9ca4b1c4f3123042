"""Performance indicators: the catalogue, periods, quarterly returns, values, targets and comparators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.core import disclosure
from cpboard.core.models import StoredFile, VersionedModel
from performance.reference.dfe_measures import ROUNDS_TO_ZERO

if TYPE_CHECKING:
    from cpboard.accounts.models import User


class OutcomeArea(VersionedModel):
    """A heading the board groups indicators under. Councils use different frameworks, so this is a list."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        """Shown on the dashboard (not retired from the catalogue)."""
        return self.filter(is_active=True)

    def quarterly(self) -> IndicatorQuerySet:
        return self.filter(frequency=Indicator.Frequency.QUARTERLY)

    def rated(self) -> IndicatorQuerySet:
        """Indicators with a direction, so they can have targets (context measures have none)."""
        return self.exclude(polarity=Indicator.Polarity.NEITHER)


class Indicator(VersionedModel):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
        COUNT = "count", "Count"
        DAYS = "days", "Days"
        SCORE = "score", "Score"
        RATIO = "ratio", "Ratio"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither (context only)"

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    code = models.SlugField(
        "code", max_length=30, unique=True, help_text="A short, stable reference. Never reuse one."
    )
    title = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is measured, in plain English.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    outcome_area = models.ForeignKey(OutcomeArea, on_delete=models.PROTECT, related_name="indicators")
    cohort = models.CharField("cohort rule", max_length=300, help_text="Exactly which children are counted.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    source = models.CharField(max_length=120, help_text="For example, SSDA903 return or local case records.")
    is_proportion = models.BooleanField(
        "entered as numerator and denominator",
        default=False,
        help_text="The percentage is worked out from the two numbers.",
    )
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    tolerance = models.DecimalField(
        "amber tolerance",
        max_digits=8,
        decimal_places=2,
        default=Decimal("2"),
        help_text="How far from target (in the indicator's unit) is amber rather than red.",
    )
    questions = models.TextField("questions to ask", blank=True, help_text="One question per line.")
    dfe_measure = models.CharField(
        "DfE measure",
        max_length=60,
        blank=True,
        help_text="Which published DfE statistic gives the comparators.",
    )
    is_active = models.BooleanField("shown on the dashboard", default=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["outcome_area__order", "order", "title"]
        permissions = [
            ("view_dashboard", "Can see the performance dashboard"),
            ("import_figures", "Can import figures from a file"),
            ("export_figures", "Can export the dashboard's figures"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator-detail", args=[self.code])

    @property
    def question_list(self) -> list[str]:
        return [q.strip() for q in self.questions.splitlines() if q.strip()]

    @property
    def is_count(self) -> bool:
        return self.unit == self.Unit.COUNT

    @property
    def annual_kind(self) -> str:
        """Which annual period its targets and comparators use."""
        from performance.dfe import MEASURES

        measure = MEASURES.get(self.dfe_measure)
        if measure is not None and measure.period_kind == "academic_year":
            return Period.Kind.ACADEMIC_YEAR
        if measure is None and self.code.startswith(("KS2", "KS4", "ABS", "EXCL")):
            return Period.Kind.ACADEMIC_YEAR
        return Period.Kind.FINANCIAL_YEAR

    def hidden_text(self, *, value, numerator, denominator, user) -> str:
        """What `user` sees instead of one of this indicator's figures, or "" when they may see it. A figure
        with a numerator or denominator is tested as a proportion; a count as a count (core.disclosure)."""
        if (numerator is not None or denominator is not None) and disclosure.hides_proportion(
            numerator, denominator, user
        ):
            return disclosure.proportion_text()
        if self.unit == self.Unit.COUNT and disclosure.hides_count(value, user):
            return disclosure.count_text()
        return ""

    @staticmethod
    def history_display_value(name: str, value, record) -> str | None:
        """The History page: a DfE measure by the statistic's title, the amber tolerance in the unit the
        indicator had in that version ("3 percentage points")."""
        if name == "dfe_measure":
            from performance.dfe import MEASURES

            measure = MEASURES.get(value)
            return measure.title if measure is not None else f"{value} (not a DfE statistic the app knows)"
        if name == "tolerance":
            from cpboard.core.history import plain_decimal
            from performance.reference.units import CHANGE_UNITS

            number = plain_decimal(value)
            suffix = CHANGE_UNITS.get(getattr(record, "unit", ""), "")
            if number == "1" and suffix.endswith("s"):
                suffix = suffix[:-1]
            return number + suffix
        return None

    def clean(self) -> None:
        if self.is_proportion and (not self.numerator_label or not self.denominator_label):
            raise ValidationError(
                "Say what the numerator and denominator count, for an indicator entered as a proportion."
            )
        if self.is_proportion and self.unit != self.Unit.PERCENT:
            raise ValidationError(
                {"unit": "An indicator entered as numerator and denominator must be a percentage."}
            )


class Period(models.Model):
    """A reporting period: a financial-year quarter (Q1 = April to June), a financial year (April to March)
    or an academic year (September to August). Reference data, created on demand by `Period.get`."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarter"
        FINANCIAL_YEAR = "financial_year", "Financial year"
        ACADEMIC_YEAR = "academic_year", "Academic year"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    year_start = models.PositiveSmallIntegerField(help_text="The calendar year the period's year begins in.")
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(db_index=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["end_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year_start", "quarter"], name="period_unique", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def label_for(kind: str, year_start: int, quarter: int | None = None, *, short: bool = False) -> str:
        """The one way a period is named: "2025-26" (financial year, April to March), "2025-26 Q2",
        "2025/26 academic year" (September to August; "2025/26" when `short`)."""
        years = f"{year_start}{{}}{(year_start + 1) % 100:02d}"
        if kind == Period.Kind.ACADEMIC_YEAR:
            return years.format("/") + ("" if short else " academic year")
        if kind == Period.Kind.QUARTER:
            return f"{years.format('-')} Q{quarter}"
        return years.format("-")

    @property
    def year_label(self) -> str:
        return self.label_for(Period.Kind.FINANCIAL_YEAR, self.year_start)

    @property
    def label(self) -> str:
        return self.label_for(self.kind, self.year_start, self.quarter)

    @property
    def months_label(self) -> str:
        return f"{self.start_date:%B %Y} to {self.end_date:%B %Y}"

    @staticmethod
    def bounds(kind: str, year_start: int, quarter: int | None) -> tuple[dt.date, dt.date]:
        if kind == Period.Kind.QUARTER:
            if quarter not in (1, 2, 3, 4):
                raise ValueError("A quarter is 1, 2, 3 or 4.")
            start_month = 4 + 3 * (quarter - 1)
            year = year_start + (start_month - 1) // 12
            month = (start_month - 1) % 12 + 1
            start = dt.date(year, month, 1)
            end_month = month + 2
            end = dt.date(year + (end_month // 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
            return start, end
        if kind == Period.Kind.FINANCIAL_YEAR:
            return dt.date(year_start, 4, 1), dt.date(year_start + 1, 3, 31)
        return dt.date(year_start, 9, 1), dt.date(year_start + 1, 8, 31)

    @classmethod
    def get(cls, kind: str, year_start: int, quarter: int | None = None) -> Period:
        start, end = cls.bounds(kind, year_start, quarter)
        period, _ = cls.objects.get_or_create(
            kind=kind, year_start=year_start, quarter=quarter, defaults={"start_date": start, "end_date": end}
        )
        return period

    @classmethod
    def quarter_containing(cls, day: dt.date) -> tuple[int, int]:
        """(year_start, quarter) of the financial quarter containing `day`."""
        year_start = day.year if day.month >= 4 else day.year - 1
        quarter = ((day.month - 4) % 12) // 3 + 1
        return year_start, quarter

    @classmethod
    def financial_year_now(cls) -> int:
        """The year the current financial year (April to March) starts in."""
        return cls.quarter_containing(timezone.localdate())[0]

    @classmethod
    def parse_quarter_label(cls, text: str) -> tuple[int, int]:
        """'2025-26 Q2' -> (2025, 2). Raises ValueError with a plain message."""
        import re

        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*Q([1-4])\s*", text or "", re.IGNORECASE)
        if not match:
            raise ValueError(f"“{text}” is not a quarter. Write it like 2025-26 Q2.")
        start, end, quarter = int(match[1]), int(match[2]), int(match[3])
        if end % 100 != (start + 1) % 100:
            raise ValueError(f"“{text}” is not a financial year: the second year must follow the first.")
        return start, quarter

    @property
    def is_future(self) -> bool:
        return (
            self.end_date > timezone.localdate()
            if self.kind != self.Kind.QUARTER
            else self.start_date > timezone.localdate()
        )

    def previous(self) -> tuple[int, int | None]:
        if self.kind == self.Kind.QUARTER:
            quarter = cast(int, self.quarter)  # a quarter's period always has one
            return (self.year_start, quarter - 1) if quarter > 1 else (self.year_start - 1, 4)
        return self.year_start - 1, None

    def financial_year(self) -> Period:
        return Period.get(Period.Kind.FINANCIAL_YEAR, self.year_start)


def sees_draft_quarters(user) -> bool:
    """Drafts are for the officers who enter quarters and the senior officers who sign them off. Everyone
    else (board members, scrutiny officers) sees a quarter's figures and commentary only once it has been
    submitted (provisional) or signed off. Decided once per person object (a request's `request.user`)."""
    decided = getattr(user, "_cpboard_sees_drafts", None)
    if decided is None:
        decided = user.has_perm("performance.change_indicatorvalue") or user.has_perm(
            "performance.signoff_quarter"
        )
        user._cpboard_sees_drafts = decided
    return decided


class QuarterReturnQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuarterReturnQuerySet:
        """The returns this person may read: every one for officers, none still in draft for anyone else.
        The one rule for every read path (dashboard, indicator page, exports, packs, History page)."""
        return self if sees_draft_quarters(user) else self.filter(status__in=QuarterReturn.SHOWN_TO_ALL)


class QuarterReturn(VersionedModel):
    """One quarter's figures as a whole: drafted and submitted by officers, signed off (and locked) by a
    senior officer. Who may read a draft: `QuarterReturn.objects.visible_to(user)`."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"

    SHOWN_TO_ALL = (Status.SUBMITTED, Status.SIGNED_OFF)  # what people who do not see drafts may read

    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="quarter_return")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    commentary = models.TextField("commentary for the board", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # A senior officer sent the submitted quarter back to draft, saying why; shown to officers on the quarter
    # page until it is submitted again (the History page keeps every one)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="sent back by",
    )
    sent_back_at = models.DateTimeField("sent back on", null=True, blank=True)
    sent_back_reason = models.TextField("why it was sent back", blank=True)
    history = HistoricalRecords()
    objects = QuarterReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period__end_date"]
        verbose_name = "quarterly return"
        permissions = [
            ("submit_quarter", "Can submit a quarter's figures for sign-off"),
            ("signoff_quarter", "Can sign off a quarter's figures (senior officer)"),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} figures"

    def get_absolute_url(self) -> str:
        return reverse("performance:quarter-edit", args=[self.period.year_start, self.period.quarter])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    def editable_by(self, user) -> bool:
        """An officer may change a quarter's figures until it is signed off."""
        return user.has_perm("performance.change_indicatorvalue") and not self.is_locked

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def has_ended(self) -> bool:
        return self.period.end_date < timezone.localdate()

    @property
    def submittable_from(self) -> dt.date:
        """The first day the quarter may be submitted: the day after it ends."""
        return self.period.end_date + dt.timedelta(days=1)

    @property
    def when_submittable(self) -> str:
        """What the quarter page shows instead of a submit button while the quarter is still running."""
        return (
            f"You can submit {self.period.label} from {self.submittable_from:%d/%m/%Y}, "
            "once the quarter has ended."
        )

    history_withheld_text = "Versions saved while this quarter was a draft are shown only to officers."

    def history_shown_versions(self, records, user) -> list:
        """History page: people who do not see drafts see only the versions that were submitted or signed off."""
        if sees_draft_quarters(user):
            return records
        return [record for record in records if record.status in self.SHOWN_TO_ALL]

    def mark_submitted(self, *, by: User) -> None:
        self.status = self.Status.SUBMITTED
        self.submitted_by = by
        self.submitted_at = timezone.now()
        self.sent_back_by, self.sent_back_at, self.sent_back_reason = None, None, ""  # answered

    def mark_sent_back(self, *, by: User, reason: str) -> None:
        """A senior officer returns the submitted quarter to its officers, saying what to look at."""
        self.mark_draft()
        self.sent_back_by = by
        self.sent_back_at = timezone.now()
        self.sent_back_reason = reason

    @property
    def sent_back_note(self) -> str:
        """What officers read on a draft that was sent back: "Sent back by X on DD/MM/YYYY: reason"."""
        if self.status != self.Status.DRAFT or self.sent_back_at is None:
            return ""
        who = (
            self.sent_back_by.get_full_name() or self.sent_back_by.username
            if self.sent_back_by
            else "a senior officer"
        )
        on = timezone.localtime(self.sent_back_at).date()
        return f"Sent back by {who} on {on:%d/%m/%Y}: {self.sent_back_reason}"

    def mark_signed_off(self, *, by: User) -> None:
        self.status = self.Status.SIGNED_OFF
        self.signed_off_by = by
        self.signed_off_at = timezone.now()

    def mark_draft(self) -> None:
        """Back to draft (it changed after it was submitted): it must be submitted again."""
        self.status = self.Status.DRAFT
        self.submitted_by = None
        self.submitted_at = None


class Source(models.TextChoices):
    ENTERED = "entered", "Entered by an officer"
    IMPORTED = "imported", "Imported from a file"
    DFE = "dfe", "Published by the Department for Education"
    SSDA903 = "ssda903", "Computed from the council's SSDA903 return"


class IndicatorValueQuerySet(models.QuerySet):
    def visible_to(self, user) -> IndicatorValueQuerySet:
        """The figures this person may read, each with `quarter_status` (its quarter's return's status, None
        for an annual figure). Officers see every figure; anyone else sees a quarterly figure only once its
        quarter is submitted or signed off (a quarterly figure with no return is never shown to them), and
        every annual or published DfE figure. Every read path uses it; see `sees_draft_quarters`."""
        annotated = self.annotate(quarter_status=models.F("period__quarter_return__status"))
        if sees_draft_quarters(user):
            return annotated
        return annotated.filter(
            ~models.Q(period__kind=Period.Kind.QUARTER)
            | models.Q(period__quarter_return__status__in=QuarterReturn.SHOWN_TO_ALL)
        )


class IndicatorValue(VersionedModel):
    """The council's own figure for one indicator in one period. Who may read it:
    `IndicatorValue.objects.visible_to(user)` (no quarter's draft figures for board members)."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        PUBLISHED = "published", "Published"
        REVISED = "revised", "Revised"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    not_published_reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    commentary = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    source_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A figure computed from an SSDA903 extract: which import (its date, files' SHA-256 and method)
    computed_from = models.ForeignKey(
        "ReturnImport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    computed_key = models.CharField("SSDA903 calculation", max_length=60, blank=True)
    history = HistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period__end_date"]
        verbose_name = "figure"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_indicator_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.title}, {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("performance:value-detail", args=[self.pk])

    def set_figure(
        self, *, numerator: Decimal | None, denominator: Decimal | None, value: Decimal | None
    ) -> None:
        """The numbers of this figure: a proportion keeps its numerator and denominator, anything else only
        its value."""
        proportion = self.indicator.is_proportion
        self.numerator = numerator if proportion else None
        self.denominator = denominator if proportion else None
        self.value = value

    @property
    def rounds_to_zero(self) -> bool:
        """Published as less than half of one unit (the DfE's "k"): stored as 0, shown "less than 0.5%"."""
        return self.value is not None and self.not_published_reason == ROUNDS_TO_ZERO

    @property
    def in_draft_quarter(self) -> bool:
        """Read from `visible_to`'s annotation: the figure belongs to a quarter still in draft (only
        officers are shown those, labelled draft)."""
        return getattr(self, "quarter_status", None) == QuarterReturn.Status.DRAFT

    @property
    def status_label(self) -> str:
        """ "Draft" while its quarter is a draft, else the figure's own status ("Provisional", ...)."""
        return "Draft" if self.in_draft_quarter else self.get_status_display()

    def mark_published(self) -> None:
        self.status = self.Status.PUBLISHED

    def mark_revised(self) -> None:
        self.status = self.Status.REVISED

    history_withheld_text = "Versions saved while the quarter was a draft are shown only to officers."

    def history_shown_versions(self, records, user) -> list:
        """History page: people who do not see drafts see a quarterly figure as it was each time its quarter
        was submitted or signed off, and every change made while it was; never the drafting before. Annual
        figures have no draft stage."""
        if sees_draft_quarters(user) or self.period.kind != Period.Kind.QUARTER:
            return records
        timeline = list(
            QuarterReturn.history.filter(period_id=self.period_id)
            .order_by("history_date", "history_id")
            .values_list("history_date", "status")
        )
        shown_ids = set()
        was_shown = False
        for when, status in timeline:
            now_shown = status in QuarterReturn.SHOWN_TO_ALL
            if now_shown and not was_shown:  # released: the figure as it stood at that moment
                before = [record for record in records if record.history_date <= when]
                if before:
                    shown_ids.add(before[-1].history_id)
            was_shown = now_shown
        for record in records:
            status_then = None
            for when, status in timeline:
                if when <= record.history_date:
                    status_then = status
            if status_then in QuarterReturn.SHOWN_TO_ALL:
                shown_ids.add(record.history_id)
        return [record for record in records if record.history_id in shown_ids]

    def history_hidden_fields(self, record, user) -> dict[str, str]:
        """On the History page, an earlier version built on a small number is hidden as it is on screen."""
        hidden = self.indicator.hidden_text(
            value=record.value,
            numerator=record.numerator,
            denominator=record.denominator,
            user=user,
        )
        return dict.fromkeys(("numerator", "denominator", "value"), hidden) if hidden else {}


class Target(VersionedModel):
    """What the council aims for on an indicator in a year (financial or academic, as the indicator uses)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["indicator", "period__end_date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_indicator_year")
        ]

    def __str__(self) -> str:
        return f"Target for {self.indicator.title}, {self.period.label}"

    @property
    def history_back_to(self) -> Indicator:
        """The History page's breadcrumb: a target has no page of its own; its indicator's page shows it."""
        return self.indicator


# The DfE gives London boroughs' regional rows as Inner or Outer London, never London as a whole.
LONDON_REGIONS = {"Inner London", "Outer London"}


class Comparator(VersionedModel):
    """A published benchmark for an indicator in a year: England, the region, or statistical neighbours."""

    class Area(models.TextChoices):
        ENGLAND = "england", "England"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours (median)"
        REGION = "region", "Region"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="comparators")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=30, choices=Area.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    not_published_reason = models.CharField(max_length=200, blank=True)
    area_name = models.CharField(
        "region",
        max_length=100,
        blank=True,
        help_text="For the region: its name as the DfE gives it (Inner or Outer London for a London borough).",
    )
    neighbours_count = models.PositiveSmallIntegerField(
        "statistical neighbours with a figure",
        null=True,
        blank=True,
        help_text="For the statistical neighbours' median: how many of them published a figure.",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    source_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_name = models.CharField("source file", max_length=200, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_note = models.CharField(max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["indicator", "period__end_date", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area"], name="one_comparator_per_area_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.indicator.title}, {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("performance:comparator-detail", args=[self.pk])

    @property
    def rounds_to_zero(self) -> bool:
        """Published as less than half of one unit (the DfE's "k"): stored as 0, shown "less than 0.5%"."""
        return self.value is not None and self.not_published_reason == ROUNDS_TO_ZERO

    @property
    def area_label(self) -> str:
        """Which comparator this is, by name: "England", "Yorkshire and The Humber", "Inner London (the DfE's
        region for this council)", "Median of 10 statistical neighbours" (those that published a figure)."""
        if self.area == self.Area.REGION and self.area_name:
            if self.area_name in LONDON_REGIONS:
                return f"{self.area_name} (the DfE's region for this council)"
            return self.area_name
        if self.area == self.Area.STATISTICAL_NEIGHBOURS and self.neighbours_count:
            return f"Median of {self.neighbours_count} statistical neighbours"
        return self.get_area_display()


class DfeLoad(models.Model):
    """One load of the DfE's published figures: which council, which files (and whether each was the copy the
    project ships), who loaded them and what changed. The latest says whose figures this database holds: one
    council per database (performance.services.dfe refuses another council's code unless asked to replace)."""

    la_code = models.CharField("DfE local-authority code", max_length=10)
    la_name = models.CharField("local authority", max_length=100)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_la_code = models.CharField(
        "replaced the figures of",
        max_length=10,
        blank=True,
        help_text="The council whose figures this removed.",
    )
    files = models.JSONField(default=list, help_text="Each file read: name, SHA-256, rows, and its status.")
    summary = models.TextField(blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = "DfE load"

    def __str__(self) -> str:
        return f"DfE figures for {self.la_name} ({self.la_code}), {self.loaded_at:%d %B %Y %H:%M}"

    @classmethod
    def current(cls) -> DfeLoad | None:
        """The latest load: whose DfE figures the database holds."""
        return cls.objects.order_by("-loaded_at", "-pk").first()


class PublishedDifference(VersionedModel):
    """The DfE's published figure for a comparator an officer entered (or imported) by hand, when the two
    differ. A reload never overwrites the officer's figure: it records the published one here, beside it,
    until an officer accepts it (the comparator takes the published figure) or keeps theirs."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an officer to choose"
        KEPT = "kept", "Officer's figure kept"

    comparator = models.OneToOneField(
        Comparator, on_delete=models.PROTECT, related_name="published_difference"
    )
    value = models.DecimalField("published figure", max_digits=12, decimal_places=2, null=True, blank=True)
    not_published_reason = models.CharField(max_length=200, blank=True)
    source_name = models.CharField("source file", max_length=200, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_note = models.CharField(max_length=1000, blank=True)
    la_code = models.CharField("DfE local-authority code", max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    history = HistoricalRecords()
    history_visible_to_all = True  # History page: everyone with the view permission

    class Meta:
        ordering = ["comparator__indicator", "comparator__period__end_date", "comparator__area"]

    def __str__(self) -> str:
        return f"Published figure for {self.comparator}"

    @property
    def history_back_to(self) -> Comparator:
        return self.comparator

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def mark_kept(self) -> None:
        self.status = self.Status.KEPT


class ReturnImport(models.Model):
    """One SSDA903 extract read by an officer: which files (names and SHA-256; the files themselves are not
    kept), as at which date, who, when, and how many problems each data-quality check found. Only aggregates
    are ever stored from a return: these counts and the figures (`ComputedFigure`). No child-level row."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Figures put into the quarter's draft"
        KEPT_ASIDE = (
            "kept_aside",
            "Figures kept for comparison (the quarter was already submitted or signed off)",
        )

    collection_year = models.PositiveSmallIntegerField(
        help_text="The year the collection ends (2018 for 2017-18)."
    )
    as_at = models.DateField("extract as at")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    files = models.JSONField(
        default=list, help_text="Each file read: name, SHA-256, size and the table it held."
    )
    quality = models.JSONField(default=dict, help_text="How many problems each data-quality check found.")
    population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The children aged 0 to 17 living in the area (ONS mid-year estimate) the officer gave, "
        "for the rates per 10,000 children. Blank when none was given.",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    is_fake_data = models.BooleanField(default=False, help_text="The demo's fictional return.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    history_visible_to_all = True  # aggregates only; the pages themselves are for officers

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "SSDA903 import"

    def __str__(self) -> str:
        return f"SSDA903 extract of {self.as_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("performance:ssda903-detail", args=[self.pk])

    @property
    def collection_year_label(self) -> str:
        return f"{self.collection_year - 1}-{self.collection_year % 100:02d}"

    @property
    def population_text(self) -> str:
        """The population behind the rates per 10,000 children, as the provenance words it."""
        if self.population is None:
            return ""
        return f"{self.population:,} children aged 0 to 17 in the area (ONS mid-year estimate, given by the officer)"

    @property
    def _provenance_start(self) -> str:
        fake = " (fictional demonstration data)" if self.is_fake_data else ""
        population = f", rates per 10,000 of {self.population_text}" if self.population is not None else ""
        return f"Computed from the SSDA903 extract of {self.as_at:%d/%m/%Y}{fake}{population}"

    @property
    def provenance(self) -> str:
        """Where the figures came from, with each file's full SHA-256 (the extract's own pages)."""
        files = "; ".join(f"{f['name']} SHA-256 {f['sha256']}" for f in self.files)
        return f"{self._provenance_start}, file{'s' if len(self.files) > 1 else ''} {files}"

    PROVENANCE_MAX = 500  # IndicatorValue.source_note

    @property
    def short_provenance(self) -> str:
        """The sentence every figure computed from this extract carries, whole within the figure's 500
        characters: every file's full SHA-256 if they fit, else the first 12 characters of each (enough to
        tell files apart; the extract's page has all 64), else just how many files there were."""
        if len(self.provenance) <= self.PROVENANCE_MAX:
            return self.provenance
        files = "; ".join(f"{f['name']} SHA-256 {f['sha256'][:12]}" for f in self.files)
        short = (
            f"{self._provenance_start}, files {files} (the first 12 characters of each file's SHA-256; all 64 "
            "are on the extract's page)"
        )
        if len(short) <= self.PROVENANCE_MAX:
            return short
        return f"{self._provenance_start}, {len(self.files)} files (each file's SHA-256 is on the extract's page)"


class ComputedFigure(models.Model):
    """One aggregate figure computed from an SSDA903 import: numerator, denominator and value."""

    source = models.ForeignKey(ReturnImport, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField("SSDA903 calculation", max_length=60)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    numerator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # aggregates only

    class Meta:
        ordering = ["source", "key"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="one_figure_per_import_key")]

    def __str__(self) -> str:
        return f"{self.key}, {self.period.label}"

    @property
    def history_back_to(self) -> ReturnImport:
        return self.source
