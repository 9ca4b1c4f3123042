"""Which young people must have a care leaver (OC3) record in a return, worked out from its own episodes.

The DfE's *SSDA903 guide* asks for an OC3 record for each young person who qualifies as a care leaver (a
"relevant" or "former relevant" child under the Children (Leaving Care) Act 2000: looked after for at least
13 weeks in all after their 14th birthday, some of it after their 16th) and whose 17th, 18th, 19th, 20th or
21st birthday falls in the collection year (1 April to 31 March). For 17- and 18-year-olds it is wanted only
once they have left care: one still looked after on the birthday is not a care leaver yet. data-to-insight's
validator applies the same tests (its rules 1001, 1007 and 1016: 91 days of care after the 14th birthday,
short breaks left out, at least one day after the 16th, nothing for a young person who was adopted).

The data-quality report (quality.py, check "oc3_missing") lists the young people who must have a record and
have none, and the care-leaver figures (indicators.py) count the same group: so the report and the figures
never disagree about who the care leavers are. The rules cpboard chose, repeated in indicators.METHODS:

* **Only what the extract shows.** A young person is found only when the episodes the extract holds prove
  they qualify: 91 days or more after the 14th birthday, at least one day after the 16th. An extract holds
  the episodes open during its year, so a care leaver aged 19 to 21, who left care years before, usually has
  none in it and cannot be found this way: the council's own list of its care leavers is the check for
  them. Time before the extract's earliest episode is not counted, so the test can miss a young person but
  never names one who does not qualify.
* **Days** are counted as for every figure: from the day an episode began up to, not including, the day it
  ended. A young person whose care ended on their 17th or 18th birthday was not looked after that day, so
  they had left care by it and need a record. (The validator's rule 1016 treats ending on the birthday as
  still in care; cpboard keeps its one rule for days.)
* **Birthdays still to come**: in an in-year extract, a young person whose birthday in the year is after the
  extract's date does not need a record yet.
* **Left out**: a young person whose last episode ended in adoption (E11, E12), in death (E2), or with
  their care taken over by another council (E3: that council reports them), as the figures leave them out.
"""

from __future__ import annotations

import datetime as dt

from performance.ssda903.episodes import Child

THIRTEEN_WEEKS = 91  # days
AGE_GROUPS = {"17_18": (17, 18), "19_21": (19, 21)}
STILL_IN_CARE_AGES = (17, 18)  # ages at which a young person still looked after needs no record yet
ADOPTED = frozenset({"E11", "E12"})
DIED = "E2"
CARE_TAKEN_OVER = "E3"  # reason episode ceased: care taken over by another local authority
NOT_REPORTED_HERE = ADOPTED | {DIED, CARE_TAKEN_OVER}


def on_birthday(dob: dt.date, age: int) -> dt.date:
    """The day someone reaches `age`; a 29 February birthday falls on 1 March in other years."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 3, 1)


def birthday_in(dob: dt.date, year_start: dt.date) -> dt.date:
    """The birthday falling in the collection year beginning `year_start` (1 March for a 29 February birth)."""
    year = (
        year_start.year if (dob.month, dob.day) >= (year_start.month, year_start.day) else year_start.year + 1
    )
    return on_birthday(dob, year - dob.year)


def age_group(dob: dt.date, year_start: dt.date) -> tuple[str | None, dt.date]:
    """The care-leaver age group ("17_18", "19_21" or None) of the age reached on the birthday in the
    collection year, and that birthday."""
    birthday = birthday_in(dob, year_start)
    age = birthday.year - dob.year
    return next((name for name, (low, high) in AGE_GROUPS.items() if low <= age <= high), None), birthday


def _days_from(child: Child, first: dt.date, as_at: dt.date) -> int:
    """Days the child was looked after (short breaks left out) from `first` up to and including `as_at`."""
    total = 0
    for period in child.periods:
        end = period.end or as_at + dt.timedelta(days=1)
        total += max(0, (end - max(period.start, first)).days)
    return total


def qualifies(child: Child, as_at: dt.date) -> bool:
    """Looked after for 13 weeks or more after the 14th birthday, some of it after the 16th, in the extract."""
    if child.dob is None:
        return False
    return (
        _days_from(child, on_birthday(child.dob, 14), as_at) >= THIRTEEN_WEEKS
        and _days_from(child, on_birthday(child.dob, 16), as_at) >= 1
    )


def looked_after_on_or_after(child: Child, day: dt.date) -> bool:
    """Looked after (short breaks left out) on `day` or any day after it, as far as the extract shows."""
    return any(period.end is None or period.end > day for period in child.periods)


def still_in_care(child: Child, age: int, birthday: dt.date) -> bool:
    """A 17- or 18-year-old looked after on their birthday (or after it) is not a care leaver yet."""
    return age in STILL_IN_CARE_AGES and looked_after_on_or_after(child, birthday)


def must_have_oc3(children: dict[str, Child], *, year_start: dt.date, as_at: dt.date) -> dict[str, str]:
    """The young people whose own episodes in the extract show they must have an OC3 record by `as_at`,
    each with their age group ("17_18" or "19_21"). See the module for the rule."""
    due: dict[str, str] = {}
    for ref, child in children.items():
        if child.dob is None or not child.periods or child.last_rec in NOT_REPORTED_HERE:
            continue
        group, birthday = age_group(child.dob, year_start)
        if group is None or birthday > as_at:
            continue
        if still_in_care(child, birthday.year - child.dob.year, birthday) or not qualifies(child, as_at):
            continue
        due[ref] = group
    return due
