"""The results chart: for each question with an "agree" share, a bar for this survey and a thinner, outlined
bar for the previous one, drawn on the server as SVG (as the performance charts are), so it works without
JavaScript and in a PDF. The two bars differ by thickness and fill as well as colour; each bar's figure is
written beside it, a hidden figure says so in words, and the same numbers are in the table under the chart.

Two drawings, as for the indicator trend: WIDE for wide screens and print, NARROW for phones, each with text
in the drawing's own units so it stays at least 12.5 CSS px where it is shown."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from pledge.reporting.results import QuestionResult, SurveyResults


@dataclass(frozen=True)
class Size:
    width: int
    font_size: int
    value_room: int  # to the right of the bars, for "100%" or "not shown"


WIDE = Size(640, 14, 96)
NARROW = Size(300, 13, 84)
BAR = 18  # this survey's bar, in the drawing's units
PREVIOUS_BAR = 10  # the previous survey's, outlined
GAP = 6
ROW_GAP = 16
TOP = 30  # room for the axis labels


@dataclass
class Row:
    lines: list[tuple[str, str]]  # (y, text) of the question's label
    bar_y: str
    bar_width: str
    text_x: str
    text_y: str
    text: str
    previous: bool
    previous_y: str = ""
    previous_width: str = ""
    previous_text_x: str = ""
    previous_text_y: str = ""
    previous_text: str = ""


@dataclass
class BarChart:
    width: int
    height: int
    rows: list[Row]
    ticks: list[tuple[str, str]]  # (x, label)
    plot_left: int
    plot_right: int
    axis_bottom: int
    font_size: int
    description: str
    this_label: str
    previous_label: str
    narrow: BarChart | None = None
    has_previous: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _layout(results: SurveyResults, questions: list[QuestionResult], size: Size) -> BarChart:
    left, right = 2, size.width - size.value_room
    plot_w = right - left
    line_h = round(size.font_size * 1.35)
    chars = int(size.width / (size.font_size * 0.55))
    has_previous = any(q.previous_agree is not None for q in questions)
    rows: list[Row] = []
    y = TOP
    for q in questions:
        label = f"{q.number}. {q.question.text}"
        wrapped = textwrap.wrap(label, width=chars)[:3]
        if len(textwrap.wrap(label, width=chars)) > 3:
            wrapped[-1] = wrapped[-1].rstrip(" .,") + "\u2026"
        lines = []
        for line in wrapped:
            y += line_h
            lines.append((_fmt(y - 4), line))
        y += 4
        agree = q.agree
        assert agree is not None
        width = plot_w * (agree.percent or 0) / 100
        row = Row(
            lines=lines,
            bar_y=_fmt(y),
            bar_width=_fmt(width),
            text_x=_fmt(left + width + 6),
            text_y=_fmt(y + BAR / 2),
            text=agree.percent_text if agree.percent is not None else "not shown",
            previous=q.previous_agree is not None,
        )
        y += BAR
        if q.previous_agree is not None:
            y += GAP // 2
            before = q.previous_agree
            previous_width = plot_w * (before.percent or 0) / 100
            row.previous_y = _fmt(y)
            row.previous_width = _fmt(previous_width)
            row.previous_text_x = _fmt(left + previous_width + 6)
            row.previous_text_y = _fmt(y + PREVIOUS_BAR / 2)
            row.previous_text = before.percent_text if before.percent is not None else "not shown"
            y += PREVIOUS_BAR
        rows.append(row)
        y += ROW_GAP
    ticks = [(_fmt(left + plot_w * p / 100), f"{p}%") for p in (0, 25, 50, 75, 100)]
    this_label = results.survey.title
    previous_label = results.previous.title if results.previous else ""
    described = ", ".join(
        f"question {q.number}: {q.agree.percent_text if q.agree and q.agree.percent is not None else 'not shown'}"
        for q in questions
    )
    description = f"The share of children who agreed, for each question of {this_label}: {described}."
    if has_previous:
        description += f" Each question also has a thinner outlined bar for {previous_label}."
    return BarChart(
        width=size.width,
        height=y,
        rows=rows,
        ticks=ticks,
        plot_left=left,
        plot_right=right,
        axis_bottom=y,
        font_size=size.font_size,
        description=description,
        this_label=this_label,
        previous_label=previous_label,
        has_previous=has_previous,
    )


def agree_chart(results: SurveyResults, questions: list[QuestionResult] | None = None) -> BarChart:
    """The chart of "agree" shares (WIDE, with NARROW as `.narrow`) for the questions given, or all that have
    one."""
    chosen = [q for q in (questions if questions is not None else results.questions) if q.agree is not None]
    wide, narrow = (_layout(results, chosen, size) for size in (WIDE, NARROW))
    wide.narrow = narrow
    return wide
