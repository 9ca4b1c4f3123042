"""When an action is due, and when it counts as overdue, for each way a plan writes its timescale.

Plans write timescales five ways, and each has its own rule for "overdue" on a given day:

* a date ("by 30/06/2014"): overdue the day after it;
* a month ("June 2014"): due by the month's last day, overdue from the 1st of the next month;
* recurring ("June 2014 and annually"): due at the end of the first month and again every period after
  it. It is overdue once a due point has passed with no progress update since the due point before it
  (for the first due point: no update at all), so each round needs its own report;
* ongoing ("Ongoing", or "July 2014 and ongoing" with a start month): never finishes, but goes overdue when
  nobody has reported progress for six months (counted from the start month's end, or from when the action
  was added to the plan);
* conditional ("Subject to Future Council"): not overdue while the condition is unmet; once it is met, the
  action has until its due date (if one is given) as a date would.

A closed action (complete or dropped) is never overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt

STALE_AFTER_DAYS = 183  # ongoing work: about six months without a progress update


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_text(day: dt.date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def recurring_points(first: dt.date, months: int, until: dt.date) -> list[dt.date]:
    """Every due point of a recurring action from its first (a month's end) up to and including `until`."""
    points: list[dt.date] = []
    index = 0
    while True:
        point = month_end(add_months(first.replace(day=1), months * index))
        if point > until:
            return points
        points.append(point)
        index += 1
