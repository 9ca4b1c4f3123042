"""The board, its members and its meetings: the agenda with its standing items, attendance and minutes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.board.models import (
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    Membership,
    Section,
    WorkProgrammeItem,
    municipal_year_start,
)
from cpboard.core.locking import StaleEdit, delete_audited, lock, save_audited, save_versioned

BOARD_SET_UP = "Board set up"
TERMS_EDITED = "Terms of reference or board details changed"
MEMBER_ADDED = "Added to the board"
MEMBER_CHANGED = "Membership changed"
MEMBER_ENDED = "Membership ended"
MEETING_ADDED = "Meeting arranged"
MEETING_CHANGED = "Meeting details changed"
STANDING_ITEM = "Standing item added to a new meeting's agenda"
PLANNED_ITEM = "Item from the work programme added to the agenda"
ITEM_ADDED = "Agenda item added"
ITEM_CHANGED = "Agenda item changed"
ITEM_MOVED = "Agenda reordered"
ITEM_REMOVED = "Agenda item removed"
MINUTES_WRITTEN = "Minutes of an item written"
ATTENDANCE_RECORDED = "Attendance recorded"
ATTENDANCE_CHANGED = "Attendance changed"
WORK_PROGRAMME_ADDED = "Added to the work programme"
WORK_PROGRAMME_CHANGED = "Work programme item changed"
WORK_PROGRAMME_REMOVED = "Removed from the work programme"

_BOARD_LOCK = 740_014  # a transaction-level advisory lock: two first visits never make two boards

# The standing items every new meeting's agenda starts with, in order: (kind, title, section).
STANDING_ITEMS: list[tuple[str, str, str]] = [
    (AgendaItem.Kind.APOLOGIES, "Apologies for absence", ""),
    (AgendaItem.Kind.MINUTES, "Minutes of the last meeting", ""),
    (AgendaItem.Kind.MATTERS_ARISING, "Matters arising", ""),
    (AgendaItem.Kind.CICC, "Children in Care Council update", ""),
    (AgendaItem.Kind.PLAN, "Action-plan progress", Section.PLAN),
]


def current_board(*, by=None) -> Board:
    """The board: there is one. It is set up (audited) the first time anyone asks for it."""
    board = Board.objects.order_by("pk").first()
    if board is not None:
        return board
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_BOARD_LOCK])
        board = Board.objects.order_by("pk").first()
        if board is None:
            board = save_audited(Board(), by=by, reason=BOARD_SET_UP)
    return board


def board_save(form, *, by, reason: str) -> Board:
    """Save the terms of reference page; the reason the scrutiny officer gave is kept in the history."""
    return save_versioned(form, by=by, reason=f"{TERMS_EDITED}: {reason.strip()}")


# Membership --------------------------------------------------------------------------------------------


def membership_save(form, *, by) -> Membership:
    return save_versioned(form, by=by, reason=MEMBER_CHANGED if form.instance.pk else MEMBER_ADDED)


def membership_end(form, *, by) -> Membership:
    return save_versioned(form, by=by, reason=MEMBER_ENDED)


def members_on(board: Board, day: dt.date):
    """Memberships held on `day`, chair first."""
    del board  # one board: every membership is on it
    order = {role: i for i, role in enumerate(Membership.Role.values)}
    rows = [
        m
        for m in Membership.objects.select_related("person").filter(started_on__lte=day)
        if m.ended_on is None or m.ended_on >= day
    ]
    return sorted(rows, key=lambda m: (order[m.role], m.person.sort_name, m.person.display_name))


def board_appointees_not_members(day: dt.date) -> list[Person]:
    """People the directory says are board members today who have no current membership here: the first
    people to offer when adding a member."""
    from cpboard.accounts.models import Appointment

    current = Membership.objects.filter(started_on__lte=day).exclude(ended_on__lt=day).values("person_id")
    ids = (
        Appointment.objects.on(day)
        .filter(kind=Appointment.Kind.BOARD_MEMBER)
        .exclude(person_id__in=current)
        .values("person_id")
    )
    return list(Person.objects.current(day).filter(pk__in=ids))


# Meetings ----------------------------------------------------------------------------------------------


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def create_meeting(board: Board, *, starts_at: dt.datetime, place: str, by) -> Meeting:
    """Arrange a meeting: its agenda starts with the five standing items, then whatever the work programme
    plans for this meeting or for its month (each linked, so it is not offered to another meeting too)."""
    meeting = save_audited(
        Meeting(board=board, starts_at=starts_at, place=place.strip()), by=by, reason=MEETING_ADDED
    )
    earlier = previous_meeting(meeting)
    position = 0
    for kind, title, section in STANDING_ITEMS:
        position += 1
        narrative = ""
        if kind == AgendaItem.Kind.MINUTES and earlier is not None:
            narrative = (
                f"The minutes of the meeting on {timezone.localtime(earlier.starts_at):%d/%m/%Y}, "
                "for the board to agree as a true record."
            )
        save_audited(
            AgendaItem(
                meeting=meeting,
                position=position,
                kind=kind,
                title=title,
                section=section,
                narrative=narrative,
            ),
            by=by,
            reason=STANDING_ITEM,
        )
    for planned in planned_for(meeting):
        position += 1
        _add_planned(meeting, planned, position=position, by=by)
    return meeting


def planned_for(meeting: Meeting) -> list[WorkProgrammeItem]:
    """Work programme items for this meeting, or for its month with no meeting set yet."""
    day = timezone.localtime(meeting.starts_at).date()
    month_start = day.replace(day=1)
    month_end = (month_start + dt.timedelta(days=32)).replace(day=1)
    from django.db.models import Q

    return list(
        WorkProgrammeItem.objects.filter(
            Q(meeting=meeting)
            | Q(meeting__isnull=True, planned_month__gte=month_start, planned_month__lt=month_end)
        )
        .filter(municipal_year=municipal_year_start(day))
        .exclude(agenda_items__meeting=meeting)
        .order_by("pk")
    )


def _add_planned(meeting: Meeting, planned: WorkProgrammeItem, *, position: int, by) -> AgendaItem:
    if planned.meeting_id != meeting.pk:
        planned.meeting = meeting
        save_audited(planned, by=by, reason=WORK_PROGRAMME_CHANGED)
    return save_audited(
        AgendaItem(
            meeting=meeting,
            position=position,
            kind=AgendaItem.Kind.REPORT,
            title=planned.title,
            narrative=planned.notes,
            section=planned.section,
            section_options=planned.section_options,
            presenter=planned.presenter,
            work_programme_item=planned,
        ),
        by=by,
        reason=PLANNED_ITEM,
    )


def meeting_save(form, *, by) -> Meeting:
    return save_versioned(form, by=by, reason=MEETING_CHANGED)


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("presenter", "attachment").order_by("position", "pk"))


def next_position(meeting: Meeting) -> int:
    last = meeting.items.order_by("-position").first()
    return (last.position if last else 0) + 1


# Agenda items ------------------------------------------------------------------------------------------


@transaction.atomic
def item_save(form, *, meeting: Meeting, by) -> AgendaItem:
    """Add or change an item. A new item goes to the end of the agenda."""
    adding = form.instance.pk is None
    if adding:
        form.instance.meeting = meeting
        form.instance.position = next_position(meeting)
    return save_versioned(form, by=by, reason=ITEM_ADDED if adding else ITEM_CHANGED)


@transaction.atomic
def item_move(item: AgendaItem, *, up: bool, version: int | None, by) -> None:
    """Swap an item with the one above or below it. The agenda is renumbered 1, 2, 3… as it goes, so
    positions never collide; a stale page (the item changed since) is refused."""
    item = lock(item)
    if version is not None and version != item.version:
        raise StaleEdit(current=item, changes=[("Position", str(item.position), "")])
    items = [lock(i) for i in agenda(item.meeting)]
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            save_audited(other, by=by, reason=ITEM_MOVED, locked=True)


class StandingItemError(ValueError):
    """A standing item cannot be taken off the agenda."""


def item_remove(item: AgendaItem, *, by) -> None:
    if item.kind in AgendaItem.STANDING:
        raise StandingItemError(
            f"“{item.title}” is a standing item: every meeting has it. You can move it, but not remove it."
        )
    delete_audited(item, by=by, reason=ITEM_REMOVED)


def minutes_save(form, *, by) -> AgendaItem:
    return save_versioned(form, by=by, reason=MINUTES_WRITTEN)


# Attendance --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    person: Person
    status: str  # '' for not recorded
    substitute: Person | None
    version: int  # the version the page showed (0: none recorded then)


@transaction.atomic
def attendance_save(meeting: Meeting, entries: list[AttendanceEntry], *, by) -> int:
    """Record each member's attendance. Rows someone else changed since the page was shown are refused
    together (nothing is saved) and named. Returns how many rows changed."""
    existing = {a.person_id: lock(a) for a in meeting.attendance.select_related("substitute")}
    changes, stale = [], []
    for entry in entries:
        row = existing.get(entry.person.pk)
        saved_version = row.version if row else 0
        if saved_version != entry.version:
            theirs = row.get_status_display() if row else "Not recorded"
            yours = Attendance.Status(entry.status).label if entry.status else "Not recorded"
            changes.append((str(entry.person), theirs, yours))
            stale.append(entry.person.pk)
    if stale:
        raise StaleEdit(changes=changes, stale=stale)
    changed = 0
    for entry in entries:
        row = existing.get(entry.person.pk)
        substitute = entry.substitute if entry.status == Attendance.Status.SUBSTITUTE else None
        if row is None:
            if not entry.status:
                continue
            save_audited(
                Attendance(meeting=meeting, person=entry.person, status=entry.status, substitute=substitute),
                by=by,
                reason=ATTENDANCE_RECORDED,
            )
            changed += 1
        elif row.status != entry.status or row.substitute_id != (substitute.pk if substitute else None):
            if not entry.status:
                delete_audited(row, by=by, reason=ATTENDANCE_CHANGED)
            else:
                row.status, row.substitute = entry.status, substitute
                save_audited(row, by=by, reason=ATTENDANCE_CHANGED, locked=True)
            changed += 1
    return changed


@dataclass(frozen=True)
class Quorum:
    needed: int
    present: int  # voting members present in person or by a substitute
    recorded: bool  # any attendance recorded yet

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed


def quorum_for(meeting: Meeting) -> Quorum:
    day = timezone.localtime(meeting.starts_at).date()
    voting = {m.person_id for m in members_on(meeting.board, day) if m.role in Membership.VOTING}
    rows = list(meeting.attendance.all())
    present = sum(1 for a in rows if a.person_id in voting and a.status in Attendance.COUNTS_AS_PRESENT)
    return Quorum(needed=meeting.board.quorum, present=present, recorded=bool(rows))


# Work programme ----------------------------------------------------------------------------------------


@transaction.atomic
def work_programme_save(form, *, by) -> WorkProgrammeItem:
    """Save a work programme item. Planned for a meeting that already has an agenda, it joins that agenda
    (once); a meeting arranged later picks up what is planned for it or its month when it is created."""
    adding = form.instance.pk is None
    planned = save_versioned(form, by=by, reason=WORK_PROGRAMME_ADDED if adding else WORK_PROGRAMME_CHANGED)
    meeting = planned.meeting
    if (
        meeting is not None
        and meeting.items.exists()
        and not planned.agenda_items.filter(meeting=meeting).exists()
    ):
        _add_planned(meeting, planned, position=next_position(meeting), by=by)
    return planned


def work_programme_remove(planned: WorkProgrammeItem, *, by) -> None:
    delete_audited(planned, by=by, reason=WORK_PROGRAMME_REMOVED)


def upcoming(now: dt.datetime | None = None):
    now = now or timezone.now()
    return Meeting.objects.filter(starts_at__gte=now).order_by("starts_at")


def meeting_choices_after(meeting: Meeting):
    return Meeting.objects.filter(starts_at__gt=meeting.starts_at).order_by("starts_at")
