"""Each child's time in care, worked out once from the 903 episodes: periods of care and placement spells.

The SSDA903 return records a child's care as episodes: a new episode starts whenever the legal status or the
placement changes (DECOM, the date it began; DEC, the date it ceased, blank while it is open; RNE, the reason
the new episode began). The DfE's statistics (*Children looked after in England including adoptions:
methodology*, and the *SSDA903 guide* for each collection year) count from two things built on them:

* a **period of care**: episodes that follow on without a gap (each starts the day the one before ceased);
* a **placement**: where, and with whom, the child lives. A new episode is a new placement when the
  reason for it says the placement and carers changed (RNE P or T), or the placement changed (B, U).

`build_children` groups the episodes by child once (linear in rows) and hands each child's history to the
indicators (performance/ssda903/indicators.py). Rules cpboard chose where the DfE's published methodology
is silent are stated beside the code that applies them, and repeated in indicators.METHODS:

* **Days**: an episode covers the days from DECOM up to, but not including, DEC. A child whose care ends
  on a date is not looked after on it; a child whose care starts on a date is. This keeps the DfE's
  balance "looked after at the start + started - ceased = looked after at the end" exact.
* **Short breaks** (legal status V3 or V4, an agreed series of short-term placements) are left out
  entirely, as the DfE leaves them out of its counts of children looked after; short breaks between two
  spells of full-time care are a break in care.
* **Episodes beginning after the date** asked about are ignored, and an episode still open then is taken as
  open, so an extract gives the figures as they stood on any earlier date.
* **Temporary placements** (PLACE T0 to T4: hospital, holiday, a carer's holiday, seven days or less) are
  not placements: they never count as a move, and going back to the same placement afterwards (the same
  placement type, URN and postcode, or a reason for the new episode saying the carers are the same: RNE
  L, B or U) continues the placement from before. Moving from a temporary placement elsewhere is a move.
* **Changes of legal status only** (RNE L) are not moves, and neither is a new episode whose placement
  type, Ofsted URN and placement postcode are all recorded and all the same as the episode before (the
  record says the child stayed where they were, whatever the reason given).
* **Placed for adoption with the same carers** (RNE B or U into PLACE A3 to A6) is not a move: the DfE does
  not count a child placed for adoption with their existing foster carers as a change of placement.
* **Short placements**: a placement that is not coded temporary counts however short it was; the 903
  guide asks councils to code a temporary stay of seven days or less as T4, so anything else was a move.
* **Starting care**: a period of care is a start when its first episode's reason is S (started to be looked
  after), or when it follows straight on from short breaks. A period whose earliest episode in the extract
  has another reason began before the extract, so it is not a start.
* **History before the extract**: a return holds the episodes open during its year, so a child's earlier
  episodes may be missing. Time in care and in a placement is then counted from the earliest episode the
  extract holds, which can only undercount how long a child has been settled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from performance.ssda903.tables import Row, Value

SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
SAME_CARER_CHANGES = frozenset({"B", "U"})  # a change of placement (and perhaps legal status), same carers
NO_PLACEMENT_CHANGE = frozenset({"L"})  # a change of legal status only
NOT_A_MOVE = NO_PLACEMENT_CHANGE | SAME_CARER_CHANGES  # legal status only, or the same carers
UNKNOWN_URN = "XXXXXXX"  # the 903 code for a placement with no Ofsted URN


def _text(value: Value) -> str:
    return value.strip().upper() if isinstance(value, str) else ""


def _date(value: Value) -> dt.date | None:
    # A datetime is a date too; keep only the day.
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@dataclass(frozen=True, slots=True)
class Episode:
    start: dt.date
    end: dt.date | None  # None while open (or open on the date asked about)
    rne: str
    legal_status: str
    place: str
    urn: str
    postcode: str
    rec: str  # the reason the episode ceased ("" while open)

    @property
    def temporary(self) -> bool:
        return self.place in TEMPORARY_PLACEMENTS

    def same_place_recorded(self, other: Episode) -> bool:
        """True when both episodes record the same placement type, Ofsted URN and placement postcode."""
        return (
            bool(self.place and self.postcode and self.urn)
            and self.urn != UNKNOWN_URN
            and (self.place, self.urn, self.postcode) == (other.place, other.urn, other.postcode)
        )


@dataclass(slots=True)
class Spell:
    """One placement: from the episode that began it to the day the child moved on (None: still there)."""

    start: dt.date
    end: dt.date | None
    episodes: list[Episode] = field(default_factory=list)

    def covers_any_of(self, first: dt.date, last: dt.date) -> bool:
        """True when the child lived here on at least one day from `first` to `last` (both included)."""
        return self.start <= last and (self.end is None or self.end > first)


@dataclass(slots=True)
class Period:
    """A period of care: episodes with no gap between them."""

    start: dt.date
    end: dt.date | None
    episodes: list[Episode] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)
    started: bool = False  # the child started to be looked after here (not just the earliest episode we hold)

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def covers_any_of(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end > first)


@dataclass(slots=True)
class Child:
    """One child's care as the extract shows it on a date (short breaks left out)."""

    ref: str
    dob: dt.date | None
    periods: list[Period] = field(default_factory=list)
    last_rec: str = ""  # how the latest episode in the extract ended (also counting short breaks)

    def period_on(self, day: dt.date) -> Period | None:
        """The period of care open on `day`, if the child was looked after (other than short breaks) then."""
        if self.periods and self.periods[-1].open_on(day):
            return self.periods[-1]
        return None


def age_on(dob: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`; someone born on 29 February has their birthday on 1 March otherwise."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, or that month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def first_day_of(months: int, ending: dt.date) -> dt.date:
    """The first day of the `months` calendar months ending on `ending`: 01/04/2017 for 12 months ending
    31/03/2018, 01/10/2015 for 30. Care (or a placement) that began on or before it lasted the whole time."""
    return months_before(ending, months) + dt.timedelta(days=1)


def year_before(day: dt.date) -> dt.date:
    """The first day of the 12 months ending on `day`: 01/04/2017 for 31/03/2018."""
    return first_day_of(12, day)


def _episode(row: Row, as_at: dt.date) -> Episode | None:
    start = _date(row.get("DECOM"))
    if start is None or start > as_at:
        return None
    end = _date(row.get("DEC"))
    rec = _text(row.get("REC"))
    if end is not None and end > as_at:
        end, rec = None, ""
    return Episode(
        start=start,
        end=end,
        rne=_text(row.get("RNE")),
        legal_status=_text(row.get("LS")),
        place=_text(row.get("PLACE")),
        urn=_text(row.get("URN")),
        postcode=_text(row.get("PL_POST")).replace(" ", ""),
        rec=rec,
    )


def _is_move(episode: Episode, before: Episode) -> bool:
    """Whether `episode` begins a new placement, coming straight after `before` in the same period."""
    if episode.rne in NO_PLACEMENT_CHANGE:
        return False
    if episode.rne in SAME_CARER_CHANGES and episode.place in ADOPTION_PLACEMENTS:
        return False
    return not episode.same_place_recorded(before)


def _spells(episodes: list[Episode]) -> list[Spell]:
    spells: list[Spell] = []
    settled: Episode | None = None  # the last non-temporary episode, which the child may return to
    after_temporary = False
    for episode in episodes:
        if episode.temporary:
            after_temporary = True
            continue
        if settled is None:
            spells.append(Spell(start=episode.start, end=episode.end, episodes=[episode]))
        elif after_temporary:
            # Back from a temporary placement: the same placement continues, anywhere else is a move.
            if episode.same_place_recorded(settled) or episode.rne in NOT_A_MOVE:
                spells[-1].episodes.append(episode)
                spells[-1].end = episode.end
            else:
                spells.append(Spell(start=episode.start, end=episode.end, episodes=[episode]))
        elif _is_move(episode, settled):
            spells[-1].end = episode.start
            spells.append(Spell(start=episode.start, end=episode.end, episodes=[episode]))
        else:
            spells[-1].episodes.append(episode)
            spells[-1].end = episode.end
        settled = episode
        after_temporary = False
    if spells and episodes and episodes[-1].temporary and spells[-1].end is not None:
        # Still away on a temporary placement when the period ends or on the date: that placement is
        # kept for them, so it is taken as lasting until the period's last day.
        spells[-1].end = episodes[-1].end
    return spells


def _periods(episodes: list[Episode], short_break_ends: set[dt.date]) -> list[Period]:
    periods: list[Period] = []
    for episode in episodes:
        current = periods[-1] if periods else None
        if current is not None and (current.end is None or episode.start <= current.end):
            # Follows on the day the last one ceased (or overlaps it, which the data-quality report names).
            current.episodes.append(episode)
            if current.end is not None:
                current.end = None if episode.end is None else max(current.end, episode.end)
        else:
            periods.append(Period(start=episode.start, end=episode.end, episodes=[episode]))
    for period in periods:
        period.spells = _spells(period.episodes)
        period.started = period.episodes[0].rne == "S" or period.start in short_break_ends
    return periods


def build_children(header: Iterable[Row], episodes: Iterable[Row], *, as_at: dt.date) -> dict[str, Child]:
    """Every child in the header or the episodes, with periods of care and placements as they stood on `as_at`.

    One pass over the rows to group them by child, then one sort of each child's (few) episodes.
    """
    dobs: dict[str, dt.date | None] = {}
    for row in header:
        ref = _text(row.get("CHILD"))
        if ref:
            dobs[ref] = _date(row.get("DOB"))
    grouped: dict[str, list[Episode]] = {}
    last_rec: dict[str, tuple[dt.date, str]] = {}
    short_break_ends: dict[str, set[dt.date]] = {}
    for row in episodes:
        ref = _text(row.get("CHILD"))
        episode = _episode(row, as_at)
        if not ref or episode is None:
            continue
        if ref not in last_rec or episode.start >= last_rec[ref][0]:
            last_rec[ref] = (episode.start, episode.rec)
        if episode.legal_status in SHORT_BREAK_STATUSES:
            if episode.end is not None:
                short_break_ends.setdefault(ref, set()).add(episode.end)
            continue
        grouped.setdefault(ref, []).append(episode)
    children: dict[str, Child] = {}
    for ref in dobs.keys() | grouped.keys() | last_rec.keys():
        own = grouped.get(ref, [])
        own.sort(key=lambda e: (e.start, e.end or dt.date.max))
        children[ref] = Child(
            ref=ref,
            dob=dobs.get(ref),
            periods=_periods(own, short_break_ends.get(ref, set())),
            last_rec=last_rec[ref][1] if ref in last_rec else "",
        )
    return children
