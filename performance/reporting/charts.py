"""Trend charts drawn on the server as SVG geometry, so the same chart works in a browser, without
JavaScript, and in a PDF. Series differ by line pattern and marker as well as colour; every chart has a
text description and the numbers are always given in a table beside it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from performance.models import Comparator, Indicator
from performance.reporting.presentation import comparable, format_number, format_value

if TYPE_CHECKING:
    from performance.reporting.scorecard import IndicatorHistory, Shown

# Each line differs from the others by its dash pattern and its marker's shape as well as its colour, so a
# chart printed in black and white, or read by someone who does not tell the colours apart, still works.
STYLES = {
    # name: (label, stroke colour, dash pattern, marker)
    "ours": ("Our figure", "#1d70b8", "", "circle"),  # labelled with the council's name (series_label)
    "target": ("Target", "#0b0c0c", "12 5", "bar"),
    Comparator.Area.ENGLAND: ("England", "#6f3d99", "4 3", "square"),
    Comparator.Area.STATISTICAL_NEIGHBOURS: (
        "Statistical neighbours (median)",
        "#b35900",
        "10 3 2 3",
        "diamond",
    ),
    Comparator.Area.REGION: ("Region", "#00703c", "1 4", "triangle"),  # named by the region (Comparator)
}

# What the y-axis counts, written above it: the unit of every number on the axis.
AXIS_UNITS: dict[str, str] = {
    Indicator.Unit.PERCENT: "Per cent (%)",
    Indicator.Unit.RATE_PER_10K: "Rate per 10,000 children",
    Indicator.Unit.COUNT: "Number (count)",
    Indicator.Unit.DAYS: "Days",
    Indicator.Unit.SCORE: "Score",
    Indicator.Unit.RATIO: "Ratio",
}


# The two drawings of an indicator's trend. The page shows the wide one on wide screens and in print, the
# narrow one on phones (css/cpboard.css), each scaled to its container; text is sized in the drawing's units,
# so the narrow one (viewBox 300 wide, about 290 px at 320 px) keeps its text at 12.5 px or more, and the wide
# one (640, never below 580 px where it is shown) too.
@dataclass(frozen=True)
class Size:
    width: int
    height: int
    margins: tuple[int, int, int, int]  # top, right, bottom, left
    font_size: int
    max_x_ticks: int


WIDE = Size(640, 300, (28, 16, 40, 64), font_size=14, max_x_ticks=8)
NARROW = Size(300, 280, (28, 10, 40, 48), font_size=13, max_x_ticks=3)
MARKER = 8  # a marker's width in the drawing's units


def series_label(key: str) -> str:
    """The legend's name for a series, as the dashboard names it: the council, "England", "Statistical
    neighbours (median)", "Target"; the region's own name comes from its figures (see _layout)."""
    if key == "ours":
        from django.conf import settings

        return settings.COUNCIL_NAME
    return STYLES[key][0]


@dataclass
class Point:
    x: float
    y: float
    when: dt.date
    value: Decimal
    text: str
    label: str = ""  # what the point is, for its tooltip, when more precise than its series' label

    @property
    def title(self) -> str:
        """The tooltip: "Median of 9 statistical neighbours, 31/03/2024: 7.5%"."""
        return f"{self.label}, {self.when:%d/%m/%Y}: {self.text}"

    @property
    def marker_x(self) -> float:
        return self.x - MARKER / 2

    @property
    def marker_y(self) -> float:
        return self.y - MARKER / 2

    @property
    def triangle(self) -> str:
        """The points of an upward triangle centred on the point."""
        half = MARKER / 2 + 1
        return f"{self.x:.1f},{self.y - half:.1f} {self.x - half:.1f},{self.y + half:.1f} {self.x + half:.1f},{self.y + half:.1f}"

    @property
    def bar(self) -> tuple[float, float]:
        """The ends of a short horizontal bar through the point (the target's marker)."""
        return (self.x - MARKER / 2 - 1, self.x + MARKER / 2 + 1)


@dataclass
class Series:
    key: str
    label: str
    stroke: str
    dash: str
    marker: str
    points: list[Point] = field(default_factory=list)

    @property
    def legend_point(self) -> Point:
        """Where the legend's small drawing of this series puts its marker (44 by 14, see _trend_chart.html)."""
        return Point(22, 7, dt.date.min, Decimal(0), "", self.label)

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


@dataclass
class Chart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    description: str
    plot_left: int = 0
    plot_right: int = 0
    plot_top: int = 0
    plot_bottom: int = 0
    unit_label: str = ""  # what the y-axis counts, written above it
    font_size: int = 14
    narrow: Chart | None = None  # the same chart drawn for a phone's width (trend_chart)

    @property
    def is_empty(self) -> bool:
        return not any(s.points for s in self.series)


def _nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round-number axis ticks (1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high == low:
        high = low + 1
    raw = float(high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = Decimal(str(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)))
    tick = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    ticks = [tick]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


# One point to draw: when, the value (for its position), and optionally its text and label (see Point).
Raw = tuple[dt.date, Decimal] | tuple[dt.date, Decimal, str, str]


def _layout(
    indicator: Indicator,
    raw: dict[str, list[Raw]],
    width: int,
    height: int,
    margins: tuple[int, int, int, int],
    axes: bool,
    *,
    font_size: int = 14,
    max_x_ticks: int = 8,
) -> Chart:
    top, right, bottom, left = margins
    all_points = [p for pts in raw.values() for p in pts]
    series = []
    if not all_points:
        return Chart(width, height, [], [], [], "No figures to chart yet.")
    dates = [p[0] for p in all_points]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    values = [p[1] for p in all_points]
    low, high = min(values), max(values)
    if indicator.unit == Indicator.Unit.PERCENT:
        low, high = max(Decimal(0), low), min(Decimal(100), high) if high <= 100 else high
    ticks = _nice_ticks(low, high) if axes else [low, high if high != low else low + 1]
    y_low, y_high = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(day: dt.date) -> float:
        return left + plot_w * ((day - first).days / span) if span else left + plot_w / 2

    def y_of(value: Decimal) -> float:
        return top + plot_h * float((y_high - value) / (y_high - y_low))

    for key, pts in raw.items():
        _, stroke, dash, marker = STYLES[key]
        label = series_label(key)
        s = Series(key, label, stroke, dash, marker)
        for point in sorted(pts, key=lambda p: p[0]):
            day, value = point[0], point[1]
            text, point_label = (point[2], point[3]) if len(point) == 4 else ("", "")
            s.points.append(
                Point(
                    x_of(day),
                    y_of(value),
                    day,
                    value,
                    text or format_value(value, indicator.unit),
                    point_label or label,
                )
            )
        if key == Comparator.Area.REGION and s.points and s.points[-1].label != label:
            s.label = s.points[-1].label  # the region by name: "Yorkshire and The Humber"
        if s.points:
            series.append(s)
    y_ticks = [(y_of(t), format_number(t, indicator.unit)) for t in ticks] if axes else []
    years = sorted({d.year for d in dates})
    x_ticks = (
        [(x_of(dt.date(y, 3, 31)), f"Mar {y}") for y in years if first <= dt.date(y, 3, 31) <= last]
        if axes
        else []
    )
    if len(x_ticks) > max_x_ticks:  # every nth year, always the latest, so labels never overlap
        step = math.ceil(len(x_ticks) / max_x_ticks)
        x_ticks = x_ticks[::-1][::step][::-1]
    ours = next((s for s in series if s.key == "ours"), None)
    if ours and ours.points:
        description = (
            f"{indicator.title}: our figure went from {ours.points[0].text} ({ours.points[0].when:%d/%m/%Y}) "
            f"to {ours.points[-1].text} ({ours.points[-1].when:%d/%m/%Y}) over {len(ours.points)} periods."
        )
    else:
        description = f"{indicator.title}: no figures of ours to chart yet."
    return Chart(
        width,
        height,
        series,
        y_ticks,
        x_ticks,
        description,
        left,
        width - right,
        top,
        height - bottom,
        unit_label=AXIS_UNITS.get(indicator.unit, "") if axes else "",
        font_size=font_size,
    )


def sparkline(indicator: Indicator, trend: list[Shown], *, width: int = 120, height: int = 36) -> Chart:
    """Our figures only; a figure hidden by the small-number rule is left out (its value is None)."""
    points: list[Raw] = [
        (s.record.period.end_date, s.value) for s in trend if s.record is not None and s.value is not None
    ]
    return _layout(indicator, {"ours": points}, width, height, (4, 4, 4, 4), axes=False)


def trend_chart(history: IndicatorHistory) -> Chart:
    """The indicator page's chart (WIDE), with its NARROW drawing for phones as `.narrow`."""
    indicator = history.row.indicator
    ours: list[Raw] = [
        (s.record.period.end_date, s.value, s.text, series_label("ours"))
        for s in history.row.trend
        if s.record is not None and s.value is not None
    ]
    raw: dict[str, list[Raw]] = {"ours": ours}
    if ours:
        first = min(p[0] for p in ours) - dt.timedelta(days=366)
        targets = {(t.period.year_start, t.period.kind): t.value for t in history.targets}
        kind = indicator.annual_kind
        target_points: list[Raw] = []
        for record in (s.record for s in history.row.trend if s.record is not None):  # each holds a figure
            period = record.period
            year_kind = kind if period.kind == "quarter" else period.kind
            if (period.year_start, year_kind) in targets:
                target_points.append((period.end_date, targets[(period.year_start, year_kind)]))
        raw["target"] = target_points
        for comparator in history.comparators if comparable(indicator.unit) else []:  # never for a count
            if comparator.value is not None and comparator.period.end_date >= first:
                text = format_value(
                    comparator.value, indicator.unit, rounds_to_zero=comparator.rounds_to_zero
                )
                raw.setdefault(comparator.area, []).append(
                    (comparator.period.end_date, comparator.value, text, comparator.area_label)
                )
    wide, narrow = (
        _layout(
            indicator,
            raw,
            size.width,
            size.height,
            size.margins,
            axes=True,
            font_size=size.font_size,
            max_x_ticks=size.max_x_ticks,
        )
        for size in (WIDE, NARROW)
    )
    wide.narrow = narrow
    return wide
