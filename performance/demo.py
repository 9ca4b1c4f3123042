"""The demo council's performance figures: Thistledon, shaped on real published figures.

Thistledon's annual indicators are a real authority's published DfE figures (settings.COUNCIL_LA_CODE, North
Lincolnshire by default), so its England, regional and statistical-neighbour comparators are true. Its
quarterly figures are made up, but shaped by the same authority: the year-end quarter meets the published
figure where there is one, and the sizes of the groups counted follow North Lincolnshire's scrutiny report
(around 170 to 220 children in care and 90 care leavers) and Sefton's corporate parenting review (placement
moves, health assessments). Every number comes from a fixed recipe, so running this again gives the same
figures, and because it only adds what is missing, a second run changes nothing.

The story for the board: health checks and reviews are strong; placement stability, care leavers' education
and work, and return interviews after children go missing have slipped; several are just short of target.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cpboard.core.history import attribute_next_save
from performance.models import Indicator, IndicatorValue, Period, QuarterReturn, ReturnImport, Source, Target
from performance.reporting.rag import rag_status
from performance.services.catalogue import catalogue_load
from performance.services.dfe import dfe_load
from performance.services.figures import value_derive
from performance.services.ssda903 import import_extract
from performance.ssda903.tables import TABLES

QUARTERS_SHOWN = 12
TARGET_YEARS = 4  # the current year and the three before it
POPULATION_UNDER_18 = Decimal("34680")  # North Lincolnshire's published count and rate imply about this many
DEMO_REASON = "Demo council"

# Which groups of children each quarterly indicator counts: a share of the children in care that quarter,
# or a fixed group size (care leavers, children entering care, long-term placements).
_CIC = "cic"


@dataclass(frozen=True)
class Story:
    start: float  # the figure at the first quarter shown (unless a published year-end figure comes earlier)
    end: float  # the latest quarter's figure, which the RAG is worked out on
    want: str = ""  # "green" | "amber" | "red" at the latest quarter ("" for context measures)
    group: float | str = 0  # denominator: a number of children, or _CIC (times `share`)
    share: float = 1.0
    wiggle: float = 1.0  # how far a quarter may stray from the line, in the indicator's unit
    target: float | None = None  # a fixed target instead of one worked out from the latest figure


QUARTERLY = {
    "HEALTH-ASSESS": Story(97, 96.5, "green", _CIC, 0.68),
    "HEALTH-INITIAL": Story(83, 68, "red", 24, wiggle=4),
    "DENTAL": Story(83, 84, "amber", _CIC, 0.68),
    "IMMUNISATIONS": Story(96, 93, "amber", _CIC, 0.68),
    "CIC-NUMBER": Story(198, 228, wiggle=3),
    "CIC-RATE": Story(0, 0),  # worked out from CIC-NUMBER
    "PS-3PLUS": Story(9, 11.5, "amber", _CIC),
    "PS-LONG-TERM": Story(69, 61, "red", 62, wiggle=2),
    "PLACED-OUTSIDE": Story(17, 22, "red", _CIC),
    "FOSTER": Story(82, 75, "amber", _CIC),
    "ADOPT-PLACED": Story(4, 3, "", _CIC, wiggle=0.8),
    "MISSING-EPISODES": Story(46, 31, "green", wiggle=5),
    "RETURN-INTERVIEWS": Story(84, 71, "red", "missing", wiggle=3),
    "REVIEWS-ON-TIME": Story(93, 97, "green", _CIC, 0.6),
    "SW-VISITS": Story(88, 92, "green", _CIC, 2.0),
    "PEP": Story(91, 93, "amber", _CIC, 0.62),
    "REVIEW-PARTICIPATION": Story(81, 88, "green", _CIC, 0.5, wiggle=2),
    "CL1718-EET": Story(70, 66, "red", 36, wiggle=3),
    "CL1718-ACCOM": Story(100, 97, "green", 36),
    "CL1921-EET": Story(66, 53, "red", 78, wiggle=2),
    "CL1921-ACCOM": Story(96, 92, "amber", 78),
    "CL-IN-TOUCH": Story(94, 97, "green", 78),
    "PATHWAY-PLANS": Story(90, 93, "amber", 108),
}

# The RAG wanted on each annual indicator's latest published figure (a target is worked out to give it),
# or a fixed target where the latest figure is not published.
ANNUAL = {
    "DEV-CHECK-U5": Story(0, 0, "green"),
    "SDQ-AVG": Story(0, 0, "amber"),
    "SDQ-CONCERN": Story(0, 0, "red"),
    "SUBSTANCE": Story(0, 0, target=3),
    "NEWPL-OUT-20MI": Story(0, 0, "green"),
    "ADOPT-DAYS": Story(0, 0, "amber"),
    "SW-CHANGES": Story(0, 0, "red"),
    "KS2-RWM": Story(0, 0, target=45),
    "KS4-ATT8": Story(0, 0, "red"),
    "KS4-EM4": Story(0, 0, target=20),
    "ABSENCE": Story(0, 0, "amber"),
    "PERSISTENT-ABSENCE": Story(0, 0, "amber"),
    "EXCL-SUSPENSION": Story(0, 0, "green"),
    "EXCL-PERMANENT": Story(0, 0, target=0),
    "SCHOOL-MOVES": Story(0, 0, "green"),
    "OFFENDING": Story(0, 0, target=3),
    "CL1921-HE": Story(0, 0, "green"),
    "CL-NOT-KNOWN": Story(0, 0, "amber"),
}

# Thistledon's own records for annual indicators the DfE does not publish for a council (or not yet):
# {code: {year_start: (value, denominator or None)}}; financial or academic year as the indicator uses.
LOCAL_ANNUAL: dict[str, dict[int, tuple[float, int | None]]] = {
    "ADOPT-DAYS": {2022: (455, None), 2023: (431, None), 2024: (418, None)},
    "SW-CHANGES": {2024: (15, 221), 2025: (16, 226)},
    "EXCL-SUSPENSION": {2022: (12.1, 116), 2023: (13.0, 120), 2024: (10.6, 123)},
    "EXCL-PERMANENT": {2022: (1, None), 2023: (0, None), 2024: (0, None)},
}

# The board's commentary on each quarter's return, oldest first (the last is the latest quarter).
QUARTER_COMMENTARY = [
    "A steady quarter. Health assessments and reviews remain strong. The number of children in care has "
    "risen slightly, mostly teenagers coming into care in a crisis.",
    "Year-end figures match what we will send to the DfE. Placement moves are low and most care leavers are "
    "in touch with us. We are watching the rise in children placed outside Thistledon.",
    "More children came into care this quarter than in any quarter last year. Initial health assessments "
    "slipped because requests were sent late; the health team is now copied into every new case.",
    "Two of our own children's homes beds were closed for building work, so four children were placed "
    "outside the area for a few months. Return interviews are still offered to every child.",
    "The fostering recruitment campaign brought eleven enquiries but only two assessments so far. More "
    "teenagers are living in residential homes, which affects the foster care figure.",
    "Year-end: children in care for two and a half years are less likely to have stayed with the same carers "
    "than in previous years. The service is reviewing each of the children who moved.",
    "The care leavers' team lost two personal advisers. Fewer 19 to 21 year olds are in education, "
    "employment or training; the council's apprenticeship offer is being refreshed with partners.",
    "Missing episodes fell after the new protocol with the police. Return interviews were slower because the "
    "independent service had vacancies for most of the quarter.",
    "Personal education plans are nearly all up to date. Absence from school for children in care rose last "
    "school year, and the virtual school is meeting every school with a persistently absent child.",
    "Year-end: placement stability has not improved as hoped. A sufficiency plan for local foster and "
    "residential places goes to cabinet next quarter.",
    "Fewer episodes of children going missing, but a third of return interviews still happen late. Care "
    "leavers aged 17 to 18 in education, employment or training remain below target.",
    "Provisional figures for sign-off. Health checks, reviews and visits are on or above target. Long-term "
    "placement stability, return interviews and care leavers in work or learning need the board's attention.",
]

# A word from the officer on the latest figure of the indicators most likely to be asked about.
LATEST_COMMENTARY = {
    "HEALTH-INITIAL": "Seven of the 22 late assessments waited for a paediatric appointment; the rest were "
    "requested late. New starters now get a reminder on day three.",
    "PS-LONG-TERM": "Five long-term placements ended this year, three of them planned moves to family. The "
    "other two are being reviewed by the head of service.",
    "PLACED-OUTSIDE": "Most are teenagers in specialist residential homes. Each has a named social worker who "
    "visits at least every six weeks.",
    "RETURN-INTERVIEWS": "The independent return interview service has filled one of its two vacancies.",
    "CL1718-EET": "Several young people left college courses in the autumn term; personal advisers are "
    "working with the college on places starting in January.",
    "CL1921-EET": "Apprenticeships with the council and two local employers start in the spring.",
}


def _quarters_ending_before(today: dt.date) -> list[tuple[int, int]]:
    """The QUARTERS_SHOWN quarters up to the last one completed before `today`, oldest first."""
    year, quarter = Period.quarter_containing(today)
    shown = []
    for _ in range(QUARTERS_SHOWN):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        shown.append((year, quarter))
    return shown[::-1]


def _jitter(code: str, index: int) -> Decimal:
    """A fixed number between -1 and 1 for this indicator and quarter: looks random, never changes."""
    digest = hashlib.sha256(f"{code}:{index}".encode()).digest()
    return Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**31) - 1


def _line(points: dict[int, Decimal], count: int) -> list[Decimal]:
    """Straight lines through the points (index -> value), flat beyond the first and last."""
    known = sorted(points)
    line = []
    for i in range(count):
        before = max((k for k in known if k <= i), default=known[0])
        after = min((k for k in known if k >= i), default=known[-1])
        if before == after:
            line.append(points[before])
        else:
            share = Decimal(i - before) / Decimal(after - before)
            line.append(points[before] + (points[after] - points[before]) * share)
    return line


def _rounded(value: Decimal, step: Decimal, rounding) -> Decimal:
    return (value / step).quantize(Decimal("1"), rounding=rounding) * step


def target_for(value: Decimal, indicator: Indicator, want: str) -> Decimal:
    """A round target that makes `value` come out `want` (red, amber or green) for this indicator."""
    tol = indicator.tolerance
    higher = indicator.polarity == Indicator.Polarity.HIGHER
    sign = 1 if higher else -1
    ceiling = Decimal(100) if indicator.unit == Indicator.Unit.PERCENT else None
    five = Decimal(5)
    candidates: list[Decimal] = []
    if want == "green":
        nice = _rounded(value, five, ROUND_FLOOR if higher else ROUND_CEILING)
        if abs(value - nice) <= 2 * max(tol, Decimal(1)):
            candidates.append(nice)
        candidates.append(value.quantize(Decimal("1"), rounding=ROUND_FLOOR if higher else ROUND_CEILING))
    elif want == "amber":
        mid = value + sign * tol / 2
        candidates += [
            _rounded(mid, five, ROUND_HALF_UP),
            mid.quantize(Decimal("1"), rounding=ROUND_HALF_UP),
            _rounded(mid, Decimal("0.5"), ROUND_HALF_UP),
        ]
        candidates.append(mid.quantize(Decimal("0.01")))
    elif want == "red":
        beyond = value + sign * (tol + max(Decimal(1), tol / 2))
        candidates.append(_rounded(beyond, five, ROUND_CEILING if higher else ROUND_FLOOR))
        candidates.append(beyond.quantize(Decimal("1"), rounding=ROUND_CEILING if higher else ROUND_FLOOR))
    for target in candidates:
        if target < 0 or (ceiling is not None and target > ceiling):
            continue
        if rag_status(value, target, indicator.polarity, tol, unit=indicator.unit).code == want:
            return target
    return value.quantize(Decimal("0.01"))  # at target: green, the only RAG always within reach


class _Seeder:
    def __init__(self, out, people, today: dt.date):
        self.out = out
        self.officer = people["officer"]
        self.senior = people["senior"]
        self.today = today
        self.quarters = _quarters_ending_before(today)
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.periods: dict[tuple[str, int, int | None], Period] = {}

    def period(self, kind: str, year: int, quarter: int | None = None) -> Period:
        key = (kind, year, quarter)
        if key not in self.periods:
            self.periods[key] = Period.get(kind, year, quarter)
        return self.periods[key]

    # --- quarterly figures

    def _published(self, indicator: Indicator) -> dict[int, Decimal]:
        """The authority's published year-end figures, by financial year start."""
        return {
            v.period.year_start: v.value
            for v in IndicatorValue.objects.filter(
                indicator=indicator,
                source=Source.DFE,
                period__kind=Period.Kind.FINANCIAL_YEAR,
                value__isnull=False,
            ).select_related("period")
            if v.value is not None  # always, as filtered: says so to the type checker
        }

    def _series(self, code: str) -> list[Decimal]:
        story = QUARTERLY[code]
        indicator = self.indicators[code]
        published = self._published(indicator) if indicator.dfe_measure else {}
        points = {0: Decimal(str(story.start)), QUARTERS_SHOWN - 1: Decimal(str(story.end))}
        for i, (year, quarter) in enumerate(self.quarters):
            if quarter == 4 and year in published and 0 < i < QUARTERS_SHOWN - 1:
                points[i] = published[year]
        line = _line(points, QUARTERS_SHOWN)
        wiggle = Decimal(str(story.wiggle))
        series = []
        for i, value in enumerate(line):
            if i not in points:
                value += wiggle * _jitter(code, i)
            if indicator.unit == Indicator.Unit.PERCENT:
                value = min(max(value, Decimal(0)), Decimal(100))
            series.append(value)
        return series

    def quarterly_figures(self) -> dict[tuple[str, int], IndicatorValue]:
        """Every quarterly figure, unsaved, by (code, quarter index)."""
        cic = [v.quantize(Decimal("1"), rounding=ROUND_HALF_UP) for v in self._series("CIC-NUMBER")]
        missing = [v.quantize(Decimal("1"), rounding=ROUND_HALF_UP) for v in self._series("MISSING-EPISODES")]
        figures = {}
        for code, story in QUARTERLY.items():
            indicator = self.indicators.get(code)
            if indicator is None or indicator.frequency != Indicator.Frequency.QUARTERLY:
                continue
            series = {"CIC-NUMBER": cic, "MISSING-EPISODES": missing}.get(code)
            if code == "CIC-RATE":
                series = [(n * 10000 / POPULATION_UNDER_18).quantize(Decimal("0.1")) for n in cic]
            elif series is None:
                series = self._series(code)
            for i, value in enumerate(series):
                figure = IndicatorValue(indicator=indicator, value=value)
                if indicator.is_proportion:
                    if story.group == _CIC:
                        group = cic[i] * Decimal(str(story.share))
                    elif story.group == "missing":
                        group = missing[i]
                    else:
                        group = Decimal(str(story.group)) * (1 + Decimal("0.04") * _jitter(code + "/n", i))
                    figure.denominator = max(group.quantize(Decimal("1"), rounding=ROUND_HALF_UP), Decimal(1))
                    figure.numerator = (value * figure.denominator / 100).quantize(
                        Decimal("1"), ROUND_HALF_UP
                    )
                    figure.value = value_derive(figure.numerator, figure.denominator)
                else:
                    figure.value = value.quantize(Decimal("1") if indicator.is_count else Decimal("0.1"))
                figures[(code, i)] = figure
        return figures

    def quarters_and_figures(self) -> tuple[int, int]:
        """QuarterReturns for the quarters shown (all signed off but the latest, which awaits sign-off) and
        their figures. Only what is missing is created."""
        figures = self.quarterly_figures()
        periods = [self.period(Period.Kind.QUARTER, year, quarter) for year, quarter in self.quarters]
        have_returns = set(
            QuarterReturn.objects.filter(period__in=periods).values_list("period_id", flat=True)
        )
        have_values = set(
            IndicatorValue.objects.filter(period__in=periods).values_list("indicator_id", "period_id")
        )
        new_returns, new_values = [], []
        for i, period in enumerate(periods):
            latest = i == len(periods) - 1
            submitted = timezone.make_aware(
                dt.datetime.combine(period.end_date + dt.timedelta(days=20), dt.time(10))
            )
            signed = submitted + dt.timedelta(days=9, hours=5)
            if period.pk not in have_returns:
                quarter_return = QuarterReturn(
                    period=period,
                    status=QuarterReturn.Status.SUBMITTED if latest else QuarterReturn.Status.SIGNED_OFF,
                    commentary=QUARTER_COMMENTARY[i - len(periods)],
                    submitted_by=self.officer,
                    submitted_at=submitted,
                    signed_off_by=None if latest else self.senior,
                    signed_off_at=None if latest else signed,
                )
                attribute_next_save(
                    quarter_return,
                    by=self.officer if latest else self.senior,
                    when=submitted if latest else signed,
                )
                new_returns.append(quarter_return)
            for (code, index), figure in figures.items():
                if index != i or (figure.indicator.pk, period.pk) in have_values:
                    continue
                figure.period = period
                figure.status = (
                    IndicatorValue.Status.PROVISIONAL if latest else IndicatorValue.Status.PUBLISHED
                )
                figure.source = Source.ENTERED
                figure.entered_by = self.officer
                if latest:
                    figure.commentary = LATEST_COMMENTARY.get(code, "")
                attribute_next_save(figure, by=self.officer, when=submitted - dt.timedelta(days=2))
                new_values.append(figure)
        bulk_create_with_history(new_returns, QuarterReturn, default_change_reason=DEMO_REASON)
        bulk_create_with_history(
            new_values, IndicatorValue, batch_size=500, default_change_reason=DEMO_REASON
        )
        return len(new_returns), len(new_values)

    # --- annual figures the DfE does not publish for a council

    def local_annual(self) -> int:
        new = []
        for code, years in LOCAL_ANNUAL.items():
            indicator = self.indicators.get(code)
            if indicator is None:
                continue
            for year, (value, denominator) in years.items():
                period = self.period(indicator.annual_kind, year)
                if IndicatorValue.objects.filter(indicator=indicator, period=period).exists():
                    continue
                figure_value = Decimal(str(value))
                figure = IndicatorValue(
                    indicator=indicator,
                    period=period,
                    value=figure_value,
                    status=IndicatorValue.Status.PUBLISHED,
                    source=Source.ENTERED,
                    entered_by=self.officer,
                    source_note="Thistledon's own records",
                )
                if denominator and indicator.is_proportion:
                    figure.denominator = Decimal(denominator)
                    figure.numerator = (figure_value * figure.denominator / 100).quantize(
                        Decimal("1"), ROUND_HALF_UP
                    )
                    figure.value = value_derive(figure.numerator, figure.denominator)
                attribute_next_save(figure, by=self.officer)
                new.append(figure)
        bulk_create_with_history(new, IndicatorValue, default_change_reason=DEMO_REASON)
        return len(new)

    # --- targets

    def _latest_value(self, indicator: Indicator) -> Decimal | None:
        if indicator.frequency == Indicator.Frequency.QUARTERLY:
            year, quarter = self.quarters[-1]
            figure = IndicatorValue.objects.filter(
                indicator=indicator, period=self.period(Period.Kind.QUARTER, year, quarter)
            ).first()
        else:
            figure = (
                IndicatorValue.objects.filter(indicator=indicator, period__kind=indicator.annual_kind)
                .order_by("-period__end_date")
                .first()
            )
        return figure.value if figure else None

    def targets(self) -> int:
        this_year = self.quarters[-1][0]
        years = range(this_year - TARGET_YEARS + 1, this_year + 1)
        have = set(Target.objects.values_list("indicator_id", "period_id"))
        new = []
        for code, story in {**QUARTERLY, **ANNUAL}.items():
            indicator = self.indicators.get(code)
            if indicator is None or indicator.polarity == Indicator.Polarity.NEITHER:
                continue
            if story.target is not None:
                value = Decimal(str(story.target))
            else:
                latest = self._latest_value(indicator)
                if latest is None or not story.want:
                    continue
                value = target_for(latest, indicator, story.want)
            for year in years:
                period = self.period(indicator.annual_kind, year)
                if (indicator.pk, period.pk) in have:
                    continue
                target = Target(indicator=indicator, period=period, value=value, note="Agreed by the board")
                attribute_next_save(target, by=self.senior)
                new.append(target)
        bulk_create_with_history(new, Target, default_change_reason=DEMO_REASON)
        return len(new)


def seed_performance(out, *, people, today: dt.date | None = None) -> None:
    """Thistledon's catalogue, DfE figures, targets and three years of quarterly returns. Idempotent."""
    started = time.monotonic()
    officer = people["officer"]
    counts = catalogue_load(by=officer)
    summary = dfe_load(la_code=settings.COUNCIL_LA_CODE, data_dir=settings.DFE_DATA_DIR, by=officer)
    seeder = _Seeder(out, people, today or timezone.localdate())
    returns, quarterly = seeder.quarters_and_figures()
    annual = seeder.local_annual()
    targets = seeder.targets()
    seed_ssda903(out, officer=officer)
    took = time.monotonic() - started
    out.write(
        f"Performance: {counts.indicators_created} indicators added; DfE figures for {summary.la_name}: "
        f"{summary.created} added, {summary.updated} updated; {returns} quarterly returns, "
        f"{quarterly + annual} figures and {targets} targets added ({took:.1f} s)."
    )


# The shipped fake return (data/ssda903, MIT, from data-to-insight's validator: fictional children, codes
# drawn at random) is for collection year 2017-18; the demo computes 2017-18 Q3 from it, as at 31/12/2017.
FAKE_RETURN_AS_AT = dt.date(2017, 12, 31)
# every table of the 2017-18 layout (social worker episodes only came in 2023-24)
FAKE_RETURN_TABLES = tuple(name for name in TABLES if name != "social_worker")


def seed_ssda903(out, *, officer) -> None:
    """One quarter of Thistledon's figures computed from the fake return, labelled as fictional. Idempotent:
    once the demo's import exists, nothing is read or written again."""
    if ReturnImport.objects.filter(is_fake_data=True, as_at=FAKE_RETURN_AS_AT).exists():
        return
    folder = settings.BASE_DIR / "data" / "ssda903"
    uploads = [(f"{name}.csv", (folder / f"{name}.csv").read_bytes()) for name in FAKE_RETURN_TABLES]
    outcome = import_extract(uploads=uploads, as_at=FAKE_RETURN_AS_AT, by=officer, fake=True)
    if outcome.record is None:
        raise RuntimeError("The shipped fake SSDA903 return no longer passes its data-quality checks.")
    out.write(
        f"SSDA903: {outcome.record.figures.count()} figures for {outcome.record.period.label} computed from the "
        f"fake return (fictional data), {sum(outcome.record.quality.values())} data-quality problems counted."
    )
