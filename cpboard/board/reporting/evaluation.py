"""The annual board evaluation: what the board did over a municipal year (May to May), written for the overview
and scrutiny committee as a short annual report.

It gathers the board's own record (meetings held and cancelled, each member's attendance, the items it
considered, the questions it asked and the decisions it made) and what happened to children's services over
the same year, read from each app's read models and services, never its views: performance year on year
(`performance.reporting.scorecard`), the action plan (`cpboard.actions.services.reporting`), visits
compliance (`visits.reporting.compliance`), training compliance (`training.services.compliance`) and the
year's pledge survey (`pledge.reporting.results`). Figures about children are shown as the reader may see
them (cpboard/core/disclosure.py, applied by those read models); the young people on the board are not
named. Each part is left out for a reader without the permission to read the page it comes from.

    evaluation = build_evaluation(2026, request.user)        # 2026/27: 1 May 2026 to 30 April 2027
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.actions.models import Action
from cpboard.actions.services.reporting import PlanRow, build_plan
from cpboard.board.models import (
    AgendaItem,
    Attendance,
    Board,
    Decision,
    Meeting,
    Membership,
    Question,
    Section,
    municipal_year_label,
    municipal_year_start,
)
from performance.models import Indicator, Period
from performance.reporting.as_at import visible_quarters
from performance.reporting.rag import RAG_LABELS, Direction, Rag
from performance.reporting.scorecard import Row, Shown, build_scorecard
from pledge.models import Survey
from pledge.reporting.results import SurveyResults, build_results
from training.services import compliance as training_compliance
from visits.reporting import compliance as visits_compliance

YOUNG_PERSON_LABEL = "Young person from the Children in Care Council"
OTHER_REPORTS = "Other reports"


def year_bounds(start: int) -> tuple[dt.date, dt.date]:
    """1 May of `start` to 30 April of the next year."""
    return dt.date(start, 5, 1), dt.date(start + 1, 4, 30)


def year_choices(*, today: dt.date | None = None) -> list[tuple[int, str]]:
    """The municipal years with board meetings, and the current one, newest first: (start, "2026/27")."""
    today = today or timezone.localdate()
    years = {municipal_year_start(today)}
    for starts_at in Meeting.objects.values_list("starts_at", flat=True):
        years.add(municipal_year_start(timezone.localdate(starts_at)))
    return [(year, municipal_year_label(year)) for year in sorted(years, reverse=True)]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- Meetings and attendance -------------------------------------------------------------------------------


@dataclass
class MemberAttendance:
    name: str  # a young person is never named
    role: str
    represents: str
    voting: bool
    reporting: bool  # reporting officers come when they have a report, so no percentage
    could_attend: int  # meetings held while they were a member
    attended: int
    apologies: int
    substituted: int

    @property
    def role_detail(self) -> str:
        return self.represents or self.role.lower()

    @property
    def absent(self) -> int:
        return max(self.could_attend - self.attended - self.apologies - self.substituted, 0)

    @property
    def percent(self) -> int | None:
        return _percent(self.attended, self.could_attend)

    @property
    def percent_text(self) -> str:
        return "No meetings" if self.percent is None else f"{self.percent}%"


def _attendance(held: list[Meeting], first: dt.date, last: dt.date) -> list[MemberAttendance]:
    """One row per person who was on the board at some point in the year, in role order."""
    memberships = list(
        Membership.objects.filter(started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("person")
        .order_by("started_on", "pk")
    )
    records = {
        (a.meeting_id, a.person_id): a.status
        for a in Attendance.objects.filter(meeting__in=held).only("meeting_id", "person_id", "status")
    }
    by_person: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_person.setdefault(membership.person_id, []).append(membership)
    order = {role: n for n, role in enumerate(Membership.Role.values)}
    rows = []
    young = 0
    for terms in sorted(
        by_person.values(), key=lambda t: (order[t[-1].role], t[-1].person.sort_name, t[-1].person_id)
    ):
        person: Person = terms[-1].person
        current = terms[-1]
        eligible = [m for m in held if any(t.held_on(timezone.localdate(m.starts_at)) for t in terms)]
        statuses = Counter(records.get((m.pk, person.pk)) for m in eligible)
        is_young = current.role == Membership.Role.YOUNG_PERSON or person.kind == Person.Kind.YOUNG_PERSON
        if is_young:
            young += 1
        rows.append(
            MemberAttendance(
                name=YOUNG_PERSON_LABEL if is_young else person.display_name,
                role=current.get_role_display(),
                represents="" if is_young else current.represents,
                voting=current.role in Membership.VOTING,
                reporting=current.role == Membership.Role.REPORTING_OFFICER,
                could_attend=len(eligible),
                attended=statuses[Attendance.Status.PRESENT],
                apologies=statuses[Attendance.Status.APOLOGIES],
                substituted=statuses[Attendance.Status.SUBSTITUTE],
            )
        )
    if young > 1:  # tell them apart without naming them
        number = 0
        for row in rows:
            if row.name == YOUNG_PERSON_LABEL:
                number += 1
                row.name = f"{YOUNG_PERSON_LABEL} ({number})"
    return rows


# --- What the board considered -----------------------------------------------------------------------------


@dataclass
class ThemeItems:
    theme: str
    titles: list[str]

    @property
    def count(self) -> int:
        return len(self.titles)


def _theme_of(item: AgendaItem) -> str:
    planned = item.work_programme_item
    if planned is not None and planned.theme:
        return planned.theme
    if item.section:
        return Section(item.section).label
    return OTHER_REPORTS


def _items(held: list[Meeting]) -> tuple[list[tuple[str, int]], list[ThemeItems]]:
    items = list(
        AgendaItem.objects.filter(meeting__in=held)
        .select_related("work_programme_item")
        .order_by("meeting__starts_at", "position", "pk")
    )
    kinds = Counter(item.kind for item in items)
    by_kind = [(label, kinds[value]) for value, label in AgendaItem.Kind.choices if kinds[value]]
    themes: dict[str, ThemeItems] = {}
    for item in items:
        if item.kind != AgendaItem.Kind.REPORT:
            continue
        theme = _theme_of(item)
        themes.setdefault(theme, ThemeItems(theme, []))
        if item.title not in themes[theme].titles:
            themes[theme].titles.append(item.title)
    ordered = sorted(themes.values(), key=lambda t: (t.theme == OTHER_REPORTS, -t.count, t.theme))
    return by_kind, ordered


@dataclass
class Challenge:
    raised: int
    answered: int
    answered_in_year: int
    still_open: list[Question]
    withdrawn: int

    @property
    def percent_answered(self) -> int | None:
        return _percent(self.answered, self.raised - self.withdrawn)


def _challenge(held: list[Meeting], last: dt.date) -> Challenge:
    questions = list(Question.objects.filter(meeting__in=held).select_related("to_answer", "answer_by"))
    answered = [q for q in questions if q.status == Question.Status.ANSWERED]
    return Challenge(
        raised=len(questions),
        answered=len(answered),
        answered_in_year=sum(1 for q in answered if q.answered_on and q.answered_on <= last),
        still_open=[q for q in questions if q.status == Question.Status.OPEN],
        withdrawn=sum(1 for q in questions if q.status == Question.Status.WITHDRAWN),
    )


@dataclass
class DecisionRow:
    decision: Decision
    meeting_date: dt.date


@dataclass
class Decisions:
    rows: list[DecisionRow]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def with_actions(self) -> list[DecisionRow]:
        return [row for row in self.rows if row.decision.plan_action_id]


def _decisions(held: list[Meeting]) -> Decisions:
    decisions = Decision.objects.filter(meeting__in=held).select_related("meeting", "plan_action")
    return Decisions(
        [
            DecisionRow(d, timezone.localdate(d.meeting.starts_at))
            for d in decisions.order_by("meeting__starts_at")
        ]
    )


# --- Performance year on year ------------------------------------------------------------------------------


@dataclass
class TrendRow:
    indicator: Indicator
    area: str
    latest: Shown
    rag: Rag
    direction: Direction  # against the same period a year before


@dataclass
class Trends:
    as_at: Period | None
    rows: list[TrendRow] = field(default_factory=list)

    def count(self, code: str) -> int:
        return sum(1 for row in self.rows if row.direction.code == code)

    @property
    def improved(self) -> int:
        return self.count("improved")

    @property
    def worse(self) -> int:
        return self.count("worse")

    @property
    def same(self) -> int:
        return self.count("same")

    @property
    def not_compared(self) -> int:
        return len(self.rows) - self.improved - self.worse - self.same

    @property
    def rag_counts(self) -> list[tuple[str, str, int]]:
        tally = Counter(row.rag.code for row in self.rows)
        return [(code, RAG_LABELS[code], tally[code]) for code in ("red", "amber", "green", "none")]

    @property
    def improved_rows(self) -> list[TrendRow]:
        return [row for row in self.rows if row.direction.code == "improved"]

    @property
    def worse_rows(self) -> list[TrendRow]:
        return [row for row in self.rows if row.direction.code == "worse"]


def _year_on_year(row: Row) -> Direction:
    """A quarterly figure against the same quarter a year before; an annual one against the year before. With
    no latest figure to compare (not published, or not shown), it is not counted either way."""
    if row.indicator.frequency == Indicator.Frequency.QUARTERLY:
        travel = row.direction_last_year
    else:
        travel = row.direction_previous
    if row.latest.value is None:
        return Direction("none", "", travel.words)
    return travel


def _trends(user, last: dt.date) -> Trends:
    """The scorecard as at the newest quarter the reader may see that ends within the year (or before it)."""
    quarters = [q for q in visible_quarters(user) if q.end_date <= last]
    if not quarters:
        return Trends(None)
    as_at = quarters[0]
    scorecard = build_scorecard(user, as_at=as_at)
    rows = [
        TrendRow(row.indicator, group.area.name, row.latest, row.rag, _year_on_year(row))
        for group in scorecard.groups
        for row in group.rows
        if row.latest.record is not None
    ]
    return Trends(as_at, rows)


# --- The action plan, visits, training, the survey ---------------------------------------------------------


@dataclass
class PlanYear:
    completed: list[Action]
    overdue: list[PlanRow]
    open_count: int


def _plan(first: dt.date, as_at: dt.date) -> PlanYear:
    completed = list(
        Action.objects.filter(
            status=Action.Status.COMPLETE, closed_on__gte=first, closed_on__lte=as_at
        ).select_related("objective__theme")
    )
    plan = build_plan(as_at=as_at)
    overdue = [row for row in plan.rows if row.overdue]
    return PlanYear(completed, overdue, sum(1 for row in plan.rows if not row.action.is_closed))


@dataclass
class HomeVisits:
    name: str
    due: int
    on_time: int
    late: int
    missed: int

    @property
    def percent(self) -> int | None:
        return _percent(self.on_time, self.due)


@dataclass
class VisitsYear:
    homes: list[HomeVisits]

    @property
    def due(self) -> int:
        return sum(h.due for h in self.homes)

    @property
    def on_time(self) -> int:
        return sum(h.on_time for h in self.homes)

    @property
    def late(self) -> int:
        return sum(h.late for h in self.homes)

    @property
    def missed(self) -> int:
        return sum(h.missed for h in self.homes)

    @property
    def percent(self) -> int | None:
        return _percent(self.on_time, self.due)


def _visits(user, first: dt.date, last: dt.date, as_at: dt.date) -> VisitsYear:
    """Visits due in the year so far: periods that have ended, or whose visit is already done."""
    Cell = visits_compliance.Cell
    grid = visits_compliance.build_compliance(
        user, first=first, last=last, today=as_at + dt.timedelta(days=1)
    )
    homes = []
    for row in grid.rows:
        cells = [c for c in row.cells if c.status in (Cell.DONE, Cell.LATE, Cell.MISSED)]
        if not cells:
            continue
        tally = Counter(c.status for c in cells)
        homes.append(
            HomeVisits(row.home.name, len(cells), tally[Cell.DONE], tally[Cell.LATE], tally[Cell.MISSED])
        )
    return VisitsYear(homes)


@dataclass
class TrainingYear:
    as_at: dt.date
    groups: list[training_compliance.GroupFigure]
    sessions: int
    sessions_with_young_people: int


def _training(as_at: dt.date) -> TrainingYear:
    result = training_compliance.build_compliance(as_at=as_at)
    groups = [result.group(key) for key in ("board", "councillors", "visitors")]
    return TrainingYear(
        as_at,
        [g for g in groups if g.members],
        result.year_sessions,
        result.year_sessions_with_young_people,
    )


def _survey(user, first: dt.date, last: dt.date) -> SurveyResults | None:
    """The survey that closed in the year (the latest, if several), else the one that opened in it."""
    in_year = Survey.objects.filter(
        Q(closes_on__gte=first, closes_on__lte=last)
        | Q(closes_on__isnull=True, opens_on__gte=first, opens_on__lte=last)
    ).order_by("-closes_on", "-pk")
    survey = in_year.first()
    return build_results(survey, user) if survey is not None else None


# --- The whole evaluation ----------------------------------------------------------------------------------


@dataclass
class Evaluation:
    year: int
    first: dt.date
    last: dt.date
    as_at: dt.date  # the last day the figures cover: the end of the year, or today while it runs
    board: Board | None
    held: list[Meeting]
    cancelled: list[Meeting]
    to_come: list[Meeting]
    attendance: list[MemberAttendance]
    items_by_kind: list[tuple[str, int]]
    themes: list[ThemeItems]
    challenge: Challenge
    decisions: Decisions
    trends: Trends | None = None  # None: the reader may not see that part
    plan: PlanYear | None = None
    visits: VisitsYear | None = None
    training: TrainingYear | None = None
    survey: SurveyResults | None = None
    may_see_survey: bool = False
    voting_present: dict[int, int] = field(default_factory=dict)  # by meeting id

    @property
    def label(self) -> str:
        return municipal_year_label(self.year)

    @property
    def is_complete(self) -> bool:
        return self.as_at >= self.last

    @property
    def title(self) -> str:
        return f"Annual board evaluation {self.label}"

    @property
    def items_count(self) -> int:
        return sum(count for _, count in self.items_by_kind)

    @property
    def reports_count(self) -> int:
        return sum(t.count for t in self.themes)

    @property
    def members(self) -> list[MemberAttendance]:
        """Everyone but reporting officers, who attend as asked."""
        return [row for row in self.attendance if not row.reporting]

    @property
    def reporting_officers(self) -> list[MemberAttendance]:
        return [row for row in self.attendance if row.reporting]

    @property
    def reporting_sentence(self) -> str:
        came = [row for row in self.reporting_officers if row.attended]
        if not came:
            return ""
        listed = _join(
            [f"{row.name} ({row.role_detail}, {_plural(row.attended, 'meeting')})" for row in came]
        )
        return f"Reporting officers attend when the board asks them to report: {listed}."

    @property
    def voting(self) -> list[MemberAttendance]:
        return [row for row in self.attendance if row.voting]

    @property
    def voting_percent(self) -> int | None:
        return _percent(sum(r.attended for r in self.voting), sum(r.could_attend for r in self.voting))

    @property
    def quorate(self) -> int:
        """Meetings held at which at least the quorum of voting members were present."""
        quorum = self.board.quorum if self.board else 0
        return sum(1 for m in self.held if self.voting_present.get(m.pk, 0) >= quorum)

    # Sentences: the report reads as prose, with the figures in it -------------------------------------

    @property
    def meetings_sentence(self) -> str:
        held, cancelled, to_come = len(self.held), len(self.cancelled), len(self.to_come)
        if not (held or cancelled or to_come):
            return f"The board had no meetings in {self.label}."
        words = f"The board met {_plural(held, 'time')} in {self.label}"
        if held:
            words += f", from {self.held[0].starts_at:%d/%m/%Y} to {self.held[-1].starts_at:%d/%m/%Y}"
        words += "."
        if cancelled:
            words += f" {_plural(cancelled, 'meeting was', 'meetings were')} cancelled."
        if to_come:
            words += (
                f" {_plural(to_come, 'more meeting is', 'more meetings are')} planned before the year ends."
            )
        if held and self.board:
            words += (
                f" At least {self.board.quorum} voting members were present at "
                f"{self.quorate} of the {_plural(held, 'meeting')} held."
            )
        return words

    @property
    def attendance_sentence(self) -> str:
        percent = self.voting_percent
        if percent is None:
            return "No attendance was recorded for the year."
        full = [r for r in self.voting if r.could_attend and r.attended == r.could_attend]
        return (
            f"Voting members attended {percent}% of the meetings they could have attended; "
            f"{_plural(len(full), 'member')} attended every one."
        )

    @property
    def items_sentence(self) -> str:
        if not self.items_count:
            return "No agenda items were recorded for the meetings held."
        themes = [t.theme for t in self.themes if t.theme != OTHER_REPORTS][:3]
        words = (
            f"Across its meetings the board took {_plural(self.items_count, 'agenda item')}, "
            f"{_plural(self.reports_count, 'of them a report', 'of them reports')}"
        )
        if themes:
            words += ", most often on " + _join(themes)
        return words + "."

    @property
    def challenge_sentence(self) -> str:
        c = self.challenge
        if not c.raised:
            return "No questions were recorded in the challenge log this year."
        words = f"Members raised {_plural(c.raised, 'question')}; {c.answered} have been answered"
        if c.percent_answered is not None:
            words += f" ({c.percent_answered}%)"
        words += f", and {len(c.still_open)} {'is' if len(c.still_open) == 1 else 'are'} still open"
        if c.withdrawn:
            words += f" ({c.withdrawn} withdrawn)"
        return words + "."

    @property
    def decisions_sentence(self) -> str:
        d = self.decisions
        if not d.count:
            return "No decisions were recorded."
        actions = len(d.with_actions)
        words = f"The board made {_plural(d.count, 'decision')}"
        if actions:
            words += (
                f", {actions} of which added {'an action' if actions == 1 else 'actions'} to the action plan"
            )
        return words + "."

    @property
    def trends_sentence(self) -> str:
        t = self.trends
        if t is None:
            return ""
        if t.as_at is None or not t.rows:
            return "There were no published performance figures for this year to compare."
        return (
            f"Against a year earlier, as at {t.as_at.label}, {_plural(t.improved, 'indicator')} improved, "
            f"{t.worse} got worse and {t.same} did not change; {t.not_compared} could not be compared "
            "(no figure a year earlier, a context measure, or a figure not shown)."
        )

    @property
    def plan_sentence(self) -> str:
        p = self.plan
        if p is None:
            return ""
        return (
            f"{_plural(len(p.completed), 'action')} in the corporate parenting action plan "
            f"{'was' if len(p.completed) == 1 else 'were'} completed in the year; at {self.as_at:%d/%m/%Y}, "
            f"{len(p.overdue)} of the {p.open_count} still open {'is' if len(p.overdue) == 1 else 'are'} overdue."
        )

    @property
    def visits_sentence(self) -> str:
        v = self.visits
        if v is None:
            return ""
        if not v.due:
            return "No Regulation 33/44 visits had fallen due in the year yet."
        return (
            f"Of {_plural(v.due, 'visit')} to the council's children's homes due so far, {v.on_time} "
            f"({v.percent}%) were done and reported on time, {v.late} late and {v.missed} missed."
        )

    @property
    def training_sentence(self) -> str:
        t = self.training
        if t is None:
            return ""
        board = next((g for g in t.groups if g.key == "board"), None)
        words = ""
        if board is not None:
            words = (
                f"At {t.as_at:%d/%m/%Y}, {board.compliant} of {board.members} board members "
                f"({board.percent}%) held all the training mandatory for them. "
            )
        return words + (
            f"{_plural(t.sessions, 'training session')} {'was' if t.sessions == 1 else 'were'} held in the year, "
            f"{t.sessions_with_young_people} of them with young people."
        )

    @property
    def survey_sentence(self) -> str:
        results = self.survey
        if results is None:
            return f"No pledge survey closed in {self.label}." if self.may_see_survey else ""
        up = sum(1 for p in results.promises if p.change and p.change.points and p.change.points > 0)
        down = sum(1 for p in results.promises if p.change and p.change.points and p.change.points < 0)
        title = results.survey.title
        if results.is_open:
            words = f"The {title} is still open; so far {results.respondents_text} children have answered."
        else:
            words = f"{results.respondents_text.capitalize()} children answered the {title}."
        if up or down:
            words += (
                f" Compared with the survey before, more children agreed that we keep "
                f"{_plural(up, 'promise')} and fewer agreed for {down}."
            )
        return words


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _voting_present(held: list[Meeting]) -> dict[int, int]:
    """Voting members counted present at each meeting held (in person or by substitute, as the meeting page
    counts them for its quorum: services.meetings.quorum_for), by meeting id, in two queries."""
    present: dict[int, list[tuple[int, dt.date]]] = {}
    for meeting_id, person_id, starts_at in Attendance.objects.filter(
        meeting__in=held, status__in=Attendance.COUNTS_AS_PRESENT
    ).values_list("meeting_id", "person_id", "meeting__starts_at"):
        present.setdefault(meeting_id, []).append((person_id, timezone.localdate(starts_at)))
    memberships = list(Membership.objects.filter(role__in=Membership.VOTING))
    return {
        meeting.pk: sum(
            1
            for person_id, day in present.get(meeting.pk, [])
            if any(m.person_id == person_id and m.held_on(day) for m in memberships)
        )
        for meeting in held
    }


def build_evaluation(year: int, user, *, today: dt.date | None = None) -> Evaluation:
    """The evaluation of the municipal year starting in May of `year`, as `user` may read it."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    as_at = min(today, last)
    meetings = list(Meeting.objects.in_municipal_year(year).select_related("board").order_by("starts_at"))
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    by_kind, themes = _items(held)
    evaluation = Evaluation(
        year=year,
        first=first,
        last=last,
        as_at=as_at,
        board=meetings[0].board if meetings else Board.objects.order_by("pk").first(),
        held=held,
        cancelled=[m for m in meetings if m.status == Meeting.Status.CANCELLED],
        to_come=[
            m for m in meetings if m.status in (Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED)
        ],
        attendance=_attendance(held, first, last),
        items_by_kind=by_kind,
        themes=themes,
        challenge=_challenge(held, last),
        decisions=_decisions(held),
        voting_present=_voting_present(held),
    )
    if user.has_perm("performance.view_dashboard"):
        evaluation.trends = _trends(user, last)
    if user.has_perm("actions.view_action"):
        evaluation.plan = _plan(first, as_at)
    if user.has_perm("visits.view_compliance"):
        evaluation.visits = _visits(user, first, last, as_at)
    if user.has_perm("training.view_compliance"):
        evaluation.training = _training(as_at)
    if user.has_perm("pledge.view_results"):
        evaluation.may_see_survey = True
        evaluation.survey = _survey(user, first, last)
    return evaluation
