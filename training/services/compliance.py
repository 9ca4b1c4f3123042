"""Compliance as at any date: each person's status in each mandatory course, and the board's figures.

Built from five queries whatever the size (people, appointments, courses, records, sessions), then worked out in
Python with the same rule other apps call (`training.services.rule.evaluate`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cpboard.accounts.models import Appointment, Person
from training.models import Course, Session, TrainingRecord, add_months
from training.services.rule import TrainingCheck, counting_courses, evaluate

DUE_WITHIN_DAYS = 90
NEW_FOR_DAYS = 365  # "new" people: started within a year of the date


class Status:
    COMPLIANT = "compliant"
    DUE = "due"
    OVERDUE = "overdue"
    NEVER_DONE = "never_done"
    NOT_REQUIRED = "not_required"


STATUS_LABELS = {
    Status.COMPLIANT: "Compliant",
    Status.DUE: "Due",
    Status.OVERDUE: "Overdue",
    Status.NEVER_DONE: "Never done",
    Status.NOT_REQUIRED: "Not required",
}
STATUS_TAGS = {  # GOV.UK tag colours
    Status.COMPLIANT: "govuk-tag--green",
    Status.DUE: "govuk-tag--yellow",
    Status.OVERDUE: "govuk-tag--red",
    Status.NEVER_DONE: "govuk-tag--red",
    Status.NOT_REQUIRED: "govuk-tag--grey",
}

# (key, label, who is in the group on the day)
GROUPS = [
    ("councillors", "All councillors"),
    ("board", "Board members"),
    ("visitors", "Regulation 33/44 visitors"),
    ("senior", "Senior officers"),
]
GROUP_LABELS = dict(GROUPS)


@dataclass(frozen=True)
class Cell:
    course: Course
    status: str
    detail: str
    check: TrainingCheck | None = None
    due_by: dt.date | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def required(self) -> bool:
        return self.status != Status.NOT_REQUIRED

    @property
    def valid(self) -> bool:
        return self.check is not None and self.check.ok


@dataclass
class PersonRow:
    person: Person
    groups: set[str]
    cells: list[Cell]

    @property
    def required_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.required]

    @property
    def is_compliant(self) -> bool:
        """Holds every course mandatory for them (a person with none required counts as compliant)."""
        return all(c.valid for c in self.required_cells)

    @property
    def needs_action(self) -> bool:
        return any(c.status in (Status.OVERDUE, Status.NEVER_DONE, Status.DUE) for c in self.cells)


@dataclass(frozen=True)
class CourseFigure:
    course: Course
    required: int
    valid: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.valid / self.required) if self.required else None


@dataclass
class GroupFigure:
    key: str
    label: str
    members: int
    compliant: int
    by_course: list[CourseFigure]

    @property
    def percent(self) -> int | None:
        return round(100 * self.compliant / self.members) if self.members else None


@dataclass(frozen=True)
class NotInducted:
    person: Person
    course: Course
    days_since_start: int
    due_by: dt.date
    overdue: bool


@dataclass
class Compliance:
    as_at: dt.date
    courses: list[Course]
    rows: list[PersonRow]
    groups: list[GroupFigure] = field(default_factory=list)
    not_inducted: list[NotInducted] = field(default_factory=list)
    trained_recently: int = 0  # councillors with any councillors' course in the last three municipal years
    councillors: int = 0
    recent_since: dt.date | None = None
    year_sessions: int = 0  # sessions held in the municipal year so far
    year_sessions_with_young_people: int = 0
    year_start: dt.date | None = None

    def group(self, key: str) -> GroupFigure:
        return next(g for g in self.groups if g.key == key)


def municipal_year_start(day: dt.date) -> dt.date:
    """Municipal years run from May to May: 01/05 of the year the date's municipal year began."""
    return dt.date(day.year if day.month >= 5 else day.year - 1, 5, 1)


def groups_of(person: Person, appointments: list[Appointment], on: dt.date) -> set[str]:
    groups = set()
    if person.kind == Person.Kind.COUNCILLOR:
        groups.add("councillors")
    if person.is_senior_officer:
        groups.add("senior")
    for appointment in appointments:
        if appointment.held_on(on):
            groups.add("board" if appointment.kind == Appointment.Kind.BOARD_MEMBER else "visitors")
    return groups


def is_required(course: Course, groups: set[str]) -> bool:
    return (
        (course.for_councillors and "councillors" in groups)
        or (course.for_board_members and "board" in groups)
        or (course.for_visitors and "visitors" in groups)
        or (course.for_senior_officers and "senior" in groups)
    )


def cell_for(
    person: Person,
    course: Course,
    groups: set[str],
    done: list[tuple[dt.date, str]],
    on: dt.date,
    later: dt.date | None = None,
) -> Cell:
    check = evaluate(course, done, on=on, later=later)
    if not is_required(course, groups):
        return Cell(course, Status.NOT_REQUIRED, check.reason if check.ever_done else "", check)
    if check.ok:
        if check.valid_until is not None and check.valid_until < on + dt.timedelta(days=DUE_WITHIN_DAYS):
            return Cell(
                course, Status.DUE, f"expires on {check.valid_until:%d/%m/%Y}", check, check.valid_until
            )
        return Cell(course, Status.COMPLIANT, check.reason, check)
    if check.ever_done:
        return Cell(course, Status.OVERDUE, check.reason, check, check.valid_until)
    if course.complete_within_months:
        due_by = add_months(person.started_on, course.complete_within_months)
        if due_by >= on:
            return Cell(course, Status.DUE, f"new: complete by {due_by:%d/%m/%Y}", check, due_by)
        return Cell(course, Status.NEVER_DONE, f"should have been done by {due_by:%d/%m/%Y}", check, due_by)
    return Cell(course, Status.NEVER_DONE, "never done", check)


def _current_people(on: dt.date):
    return Person.objects.filter(started_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


def build_compliance(*, as_at: dt.date, group: str = "") -> Compliance:
    """Everyone current on `as_at`, with a cell for each course mandatory for anyone (retired courses
    left out), the board's figures, the people not yet inducted and the municipal year's sessions. Five
    queries."""
    people = list(_current_people(as_at).order_by("sort_name", "display_name"))
    appointments: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in Appointment.objects.on(as_at).filter(person__in=_current_people(as_at)):
        appointments[appointment.person_id].append(appointment)
    all_courses = list(Course.objects.all())
    courses = [c for c in all_courses if not c.is_retired and c.audiences]
    counting = {c.pk: counting_courses(c, all_courses) for c in courses}
    names = {c.pk: c.name for c in all_courses}
    done: dict[int, dict[int, list[tuple[dt.date, str]]]] = defaultdict(lambda: defaultdict(list))
    records = TrainingRecord.objects.filter(completed_on__lte=as_at, person__in=_current_people(as_at))
    for person_id, course_id, completed_on in records.values_list("person_id", "course_id", "completed_on"):
        done[person_id][course_id].append((completed_on, names[course_id]))

    rows = []
    for person in people:
        groups = groups_of(person, appointments[person.pk], as_at)
        mine = done[person.pk]
        cells = [
            cell_for(
                person, course, groups, [d for cid in counting[course.pk] for d in mine.get(cid, [])], as_at
            )
            for course in courses
        ]
        rows.append(PersonRow(person, groups, cells))

    compliance = Compliance(as_at=as_at, courses=courses, rows=rows)
    compliance.groups = [_group_figure(key, label, rows, courses) for key, label in GROUPS]
    compliance.not_inducted = _not_inducted(rows, as_at)
    _recent_training(compliance, done, all_courses)
    compliance.year_start = municipal_year_start(as_at)
    held = Session.objects.filter(held_on__gte=compliance.year_start, held_on__lte=as_at)
    counts = held.aggregate(total=Count("pk"), young=Count("pk", filter=Q(with_young_people=True)))
    compliance.year_sessions, compliance.year_sessions_with_young_people = counts["total"], counts["young"]
    if group in GROUP_LABELS:
        compliance.rows = [r for r in rows if group in r.groups]
    return compliance


def _group_figure(key: str, label: str, rows: list[PersonRow], courses: list[Course]) -> GroupFigure:
    members = [r for r in rows if key in r.groups]
    by_course = []
    for index, course in enumerate(courses):
        required = [r.cells[index] for r in members if r.cells[index].required]
        if required:
            by_course.append(CourseFigure(course, len(required), sum(1 for c in required if c.valid)))
    return GroupFigure(key, label, len(members), sum(1 for r in members if r.is_compliant), by_course)


def _not_inducted(rows: list[PersonRow], as_at: dt.date) -> list[NotInducted]:
    found = []
    for row in rows:
        days = (as_at - row.person.started_on).days
        if days > NEW_FOR_DAYS:
            continue
        for cell in row.cells:
            if (
                cell.required
                and cell.course.complete_within_months
                and cell.check is not None
                and not cell.check.ever_done
            ):
                assert cell.due_by is not None
                found.append(NotInducted(row.person, cell.course, days, cell.due_by, cell.due_by < as_at))
    return sorted(found, key=lambda n: (-n.days_since_start, n.person.sort_name))


def _recent_training(compliance: Compliance, done, all_courses: list[Course]) -> None:
    """P61: councillors trained in the last three municipal years (any course mandatory for councillors,
    or a refresher of one)."""
    since = dt.date(municipal_year_start(compliance.as_at).year - 2, 5, 1)
    councillor_courses = set()
    for course in all_courses:
        if course.for_councillors:
            councillor_courses |= counting_courses(course, all_courses)
    councillors = [r for r in compliance.rows if "councillors" in r.groups]
    compliance.councillors = len(councillors)
    compliance.recent_since = since
    compliance.trained_recently = sum(
        1
        for r in councillors
        if any(d >= since for cid in councillor_courses for d, _ in done[r.person.pk].get(cid, []))
    )


@dataclass
class PersonTraining:
    person: Person
    as_at: dt.date
    cells: list[Cell]
    records: list[TrainingRecord]

    @property
    def required_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.required]


def person_training(person: Person, *, as_at: dt.date) -> PersonTraining:
    """One person's status in every course in use (and any retired course they did), and their records."""
    appointments = list(person.appointments.all())
    groups = groups_of(person, appointments, as_at)
    all_courses = list(Course.objects.all())
    records = list(
        person.training_records.select_related("course", "session", "certificate").order_by("-completed_on")
    )
    done_ids = {r.course_id for r in records}
    cells = []
    for course in all_courses:
        if course.is_retired and course.pk not in done_ids:
            continue
        ids = counting_courses(course, all_courses)
        mine = [r for r in records if r.course_id in ids]
        done = [(r.completed_on, r.course.name) for r in mine if r.completed_on <= as_at]
        later = min((r.completed_on for r in mine if r.completed_on > as_at), default=None)
        cells.append(cell_for(person, course, groups, done, as_at, later))
    cells.sort(key=lambda c: (not c.required, c.course.name))
    return PersonTraining(person, as_at, cells, records)
