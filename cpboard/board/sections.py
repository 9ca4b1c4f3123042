"""The live sections a board pack draws from the apps: one entry per `Section` key.

Each entry knows its label, the options an agenda item may give it, how to fix what it shows when a pack is
built (`fix`: the quarter, date or half-year it is "as at", stored with the pack so the same figures can be
worked out again later), how to render it (the app's own section function, as print HTML) and the figures
it contributes to the pack's snapshot (`figures`: key -> Figure, compared later by
`cpboard.board.services.snapshot.changes_since`).

Every section is rendered for the pack's reader, a board member (`BoardReader`): small numbers are hidden as
they are for a board member, no quarter still in draft is shown, and no child is named. A section whose app
has nothing to show says so in the pack rather than vanishing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe

from cpboard.board.models import Section
from cpboard.core.roles import BOARD_MEMBER, ROLES


class BoardReader(AnonymousUser):
    """Who a pack is written for: a board member, with exactly the board member role's permissions (no
    `core.view_small_numbers`, no draft quarters). Not a signed-in account: the pack is the same whoever
    builds it."""

    def __init__(self):
        self.permissions = frozenset(ROLES[BOARD_MEMBER].permissions)

    def has_perm(self, perm, obj=None) -> bool:
        return perm in self.permissions

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm) for perm in perm_list)


@dataclass(frozen=True)
class Figure:
    """One figure as the pack shows it: what it is, its value as worded, the period it is for, and for
    indicators and actions their RAG code (the front summary lists what is red)."""

    key: str
    label: str
    value: str
    period: str = ""
    rag: str = ""

    def as_json(self) -> dict:
        return {"label": self.label, "value": self.value, "period": self.period, "rag": self.rag}


@dataclass(frozen=True)
class Rendered:
    html: str
    figures: list[Figure]
    empty: bool = False  # the app had nothing to show; html says so


@dataclass(frozen=True)
class LiveSection:
    key: str
    label: str
    options_help: str
    # (meeting, options) -> the parameters that fix what it shows (JSON), decided once when a pack is built
    fix: Callable[[dt.date, dict], dict]
    # (reader, options, fixed, html=True) -> what the pack shows and the figures in it (html=False: the
    # figures only)
    build: Callable[..., Rendered]
    default_options: dict | None = None
    stage: str = ""  # what the worker is doing, for the build's progress ("Rendering the ...")

    def render(self, reader: BoardReader, options: dict, fixed: dict) -> Rendered:
        return self.build(reader, self.options(options), fixed)

    def figures(self, reader: BoardReader, options: dict, fixed: dict) -> list[Figure]:
        """The figures alone (nothing rendered), to compare with a stored pack's."""
        return self.build(reader, self.options(options), fixed, html=False).figures

    def options(self, options: dict | None) -> dict:
        return {**(self.default_options or {}), **(options or {})}


def nothing_to_show(message: str) -> Rendered:
    """A section whose app has no data: one clear sentence in the pack, no figures."""
    html = render_to_string("board/pack/_empty_section.html", {"message": message})
    return Rendered(html, [], empty=True)


_HEADING = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)


def demote_headings(html: str, *, by: int = 1) -> str:
    """Move a section's own headings down a level (its h2 becomes h3) so they nest under the agenda item's
    heading in the pack's outline. Only tags are touched: everything a person typed is escaped, so text
    like "<h2>" in a narrative is `&lt;h2&gt;` and never matches. `html` must be a template's output (safe,
    everything in it escaped), and so is the result."""
    if not isinstance(html, SafeData):
        raise TypeError("demote_headings takes rendered template output only")
    return mark_safe(_HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", html))  # noqa: S308


def _day(fixed: dict, key: str = "as_at") -> dt.date:
    return dt.date.fromisoformat(fixed[key])


def _today_fix(day: dt.date, options: dict) -> dict:
    return {"as_at": day.isoformat()}


# --- Performance scorecard -------------------------------------------------------------------------------


def _scorecard_fix(day: dt.date, options: dict) -> dict:
    from performance.models import IndicatorValue, Period

    newest = (
        IndicatorValue.objects.visible_to(BoardReader())
        .filter(period__kind=Period.Kind.QUARTER, period__end_date__lte=day)
        .order_by("-period__end_date")
        .values_list("period_id", flat=True)
        .first()
    )
    return {"as_at_period": newest}


def _scorecard(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from performance.models import Indicator, Period
    from performance.packs import scorecard_section, trends_section
    from performance.reporting.scorecard import build_scorecard

    area = options.get("area", "") or ""
    if not Indicator.objects.active().exists():
        return nothing_to_show("No performance indicators are set up yet, so there is no scorecard to show.")
    period_pk = fixed.get("as_at_period")
    as_at = Period.objects.filter(pk=period_pk).first() if period_pk is not None else None
    scorecard = build_scorecard(reader, area=area, as_at=as_at)
    if not scorecard.rows:
        return nothing_to_show(
            "There are no indicators in this outcome area, so there is no scorecard to show."
        )
    if all(row.latest.record is None for row in scorecard.rows):
        return nothing_to_show(
            "No figures have been published to the board yet, so the scorecard has nothing to show."
        )
    figures = [
        Figure(
            key=f"scorecard:{row.indicator.code}",
            label=row.indicator.title,
            value=row.latest.text,
            period=row.latest.period_label,
            rag=row.rag.code,
        )
        for row in scorecard.rows
    ]
    if not html:
        return Rendered("", figures)
    shown = demote_headings(
        scorecard_section(reader, area=area, as_at=as_at, scorecard=scorecard)
    ) + demote_headings(trends_section(reader, area=area, as_at=as_at, scorecard=scorecard))
    return Rendered(shown, figures)


# --- Action plan -----------------------------------------------------------------------------------------


def _plan(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from cpboard.actions.models import Action
    from cpboard.actions.packs import plan_section
    from cpboard.actions.services.reporting import build_plan

    if not Action.objects.exists():
        return nothing_to_show("The action plan has no actions yet, so there is no progress to report.")
    day = _day(fixed)
    plan = build_plan(as_at=day)
    figures = [
        Figure(f"plan:count:{code}", label, str(plan.counts[code]), period=f"at {day:%d/%m/%Y}")
        for code, label in (("overdue", "Actions overdue"), ("red", "Actions rated red"))
    ]
    figures += [
        Figure(
            f"plan:action:{row.action.pk}",
            _action_label(row.action),
            f"{row.rag.label}{', overdue' if row.overdue else ''}",
            period=f"at {day:%d/%m/%Y}",
            rag=row.rag.code,
        )
        for row in plan.rows
    ]
    return Rendered(demote_headings(plan_section(reader, as_at=day)) if html else "", figures)


def _action_label(action) -> str:
    text = action.text if len(action.text) <= 80 else action.text[:77].rstrip() + "…"
    return f"Action {action.reference}: {text}" if action.reference else f"Action: {text}"


def _recommendations(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from cpboard.actions.models import Review
    from cpboard.actions.packs import recommendations_section
    from cpboard.actions.services.reporting import build_tracker

    if not Review.objects.exists():
        return nothing_to_show("No scrutiny reviews are recorded, so there are no recommendations to track.")
    day = _day(fixed)
    tracker = build_tracker(as_at=day)
    figures = [
        Figure(
            f"recommendation:{row.recommendation.pk}",
            f"Recommendation {row.recommendation.number} ({item.review.title})",
            f"{row.recommendation.get_response_display()}; {row.recommendation.get_status_display().lower()}",
            period=f"at {day:%d/%m/%Y}",
        )
        for item in tracker
        for row in item.rows
    ]
    return Rendered(
        demote_headings(recommendations_section(reader, as_at=day, tracker=tracker)) if html else "", figures
    )


# --- Visits ----------------------------------------------------------------------------------------------


def _visits_fix(day: dt.date, options: dict) -> dict:
    from visits.periods import half_year_containing

    start = half_year_containing(half_year_containing(day)[0] - dt.timedelta(days=1))[0]
    return {"start": start.isoformat(), "as_at": day.isoformat()}


def _visits(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from visits.models import Home
    from visits.packs import summary_section
    from visits.reporting.summary import build_summary

    if not Home.objects.council_run().exists():
        return nothing_to_show(
            "No council-run children's homes are on the register, so there are no visits to report."
        )
    start = _day(fixed, "start")
    summary = build_summary(reader, start=start, today=_day(fixed))
    period = summary.label
    figures = [
        Figure(
            "visits:on_time",
            "Regulation 33/44 visits done on time",
            f"{summary.on_time} of {summary.due}",
            period=period,
        )
    ]
    figures += [
        Figure(
            f"visits:home:{row.home.pk}",
            f"{row.home.name}: visits on time",
            f"{row.on_time} of {row.due}",
            period,
        )
        for row in summary.homes
    ]
    return Rendered(demote_headings(summary_section(reader, start=start)) if html else "", figures)


# --- Training --------------------------------------------------------------------------------------------


def _training(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from training.models import Course
    from training.packs import compliance_section
    from training.services.compliance import build_compliance

    if not Course.objects.exists():
        return nothing_to_show("No training courses are set up yet, so there is no compliance to report.")
    day = _day(fixed)
    compliance = build_compliance(as_at=day)
    figures = [
        Figure(
            f"training:{group.key}",
            f"{group.label}: compliant with every mandatory course",
            "–" if group.percent is None else f"{group.percent}%",
            period=f"at {day:%d/%m/%Y}",
        )
        for group in compliance.groups
    ]
    return Rendered(demote_headings(compliance_section(reader, as_at=day)) if html else "", figures)


# --- Pledge survey ---------------------------------------------------------------------------------------


def _survey_fix(day: dt.date, options: dict) -> dict:
    return {}


def _survey_for(options: dict):
    from pledge.models import Survey

    pk = options.get("survey")
    if pk:
        return Survey.objects.filter(pk=pk).first()
    return Survey.objects.order_by("-year", "-pk").first()


def _survey_results(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from pledge.packs import results_section
    from pledge.reporting.results import build_results

    survey = _survey_for(options)
    if survey is None:
        return nothing_to_show("No pledge survey has been run yet, so there are no results to show.")
    results = build_results(survey, reader)
    if not results.respondents:
        return nothing_to_show(f"No child has sent their answers to “{survey.title}” yet.")
    figures = [
        Figure(
            f"survey:{survey.pk}:respondents",
            f"{survey.title}: children who answered",
            results.respondents_text,
        )
    ]
    figures += [
        Figure(
            f"survey:{survey.pk}:{result.question.key}",
            f"{survey.title}, question {result.number}: agreed",
            result.agree.percent_text,
        )
        for result in results.questions
        if result.agree is not None
    ]
    return Rendered(
        demote_headings(results_section(reader, survey, results=results)) if html else "", figures
    )


def _survey_messages(reader: BoardReader, options: dict, fixed: dict, html: bool = True) -> Rendered:
    from pledge.packs import messages_section
    from pledge.reporting.results import build_results

    survey = _survey_for(options)
    if survey is None:
        return nothing_to_show("No pledge survey has been run yet, so there are no messages to show.")
    results = build_results(survey, reader)
    if not results.messages:
        return nothing_to_show(f"No messages from “{survey.title}” have been approved for the board yet.")
    figures = [
        Figure(f"messages:{survey.pk}", f"{survey.title}: approved messages", str(len(results.messages)))
    ]
    return Rendered(
        demote_headings(messages_section(reader, survey, results=results)) if html else "", figures
    )


SECTIONS: dict[str, LiveSection] = {
    s.key: s
    for s in (
        LiveSection(
            Section.SCORECARD,
            Section.SCORECARD.label,
            "All outcome areas, or one: give its slug as “area”.",
            _scorecard_fix,
            _scorecard,
            default_options={"area": ""},
            stage="Rendering the performance scorecard",
        ),
        LiveSection(
            Section.PLAN,
            Section.PLAN.label,
            "No options: overdue and off-track actions come first.",
            _today_fix,
            _plan,
            stage="Rendering the action plan's progress",
        ),
        LiveSection(
            Section.VISITS_COMPLIANCE,
            Section.VISITS_COMPLIANCE.label,
            "No options: the last full half-year before the pack is built.",
            _visits_fix,
            _visits,
            stage="Rendering the visits summary",
        ),
        LiveSection(
            Section.TRAINING,
            Section.TRAINING.label,
            "No options: compliance on the day the pack is built.",
            _today_fix,
            _training,
            stage="Rendering training compliance",
        ),
        LiveSection(
            Section.SURVEY_RESULTS,
            Section.SURVEY_RESULTS.label,
            "Which survey: give its number as “survey” (the latest if not given).",
            _survey_fix,
            _survey_results,
            default_options={"survey": None},
            stage="Rendering the pledge survey's results",
        ),
        LiveSection(
            Section.SURVEY_MESSAGES,
            Section.SURVEY_MESSAGES.label,
            "Which survey: give its number as “survey” (the latest if not given).",
            _survey_fix,
            _survey_messages,
            default_options={"survey": None},
            stage="Rendering the children's messages",
        ),
        LiveSection(
            Section.RECOMMENDATIONS,
            Section.RECOMMENDATIONS.label,
            "No options: every scrutiny review's recommendations.",
            _today_fix,
            _recommendations,
            stage="Rendering the recommendation tracker",
        ),
    )
}


def fix_for(section: str, options: dict, *, on: dt.date | None = None) -> dict:
    return SECTIONS[section].fix(on or timezone.localdate(), options or {})
