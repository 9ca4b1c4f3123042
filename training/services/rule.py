"""The rule other apps use: does this person hold valid training in this course on this date?

    from training.services.rule import holds_valid
    check = holds_valid(person, course, on=visit_date)
    if not check.ok:
        form.add_error("visitor", f"{person} cannot visit: {check.reason}.")

A refresher (a course that `renews` another) renews the course it refreshes, for that course's validity
period, so a person who did the induction in 2021 and the refresher in 2024 holds the induction until 2027.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from cpboard.accounts.models import Person
from training.models import Course, TrainingRecord


@dataclass(frozen=True)
class TrainingCheck:
    """The answer: `ok`, and a reason a person can read ("refresher expired on 14/03/2026")."""

    ok: bool
    reason: str
    completed_on: dt.date | None = None
    completed_course: str = ""
    valid_until: dt.date | None = None  # None with ok: never expires
    ever_done: bool = False


def counting_courses(course: Course, courses: Iterable[Course]) -> set[int]:
    """The ids of `course` and of every course whose completion renews it (refreshers, and theirs)."""
    ids = {course.pk}
    by_id = {c.pk: c for c in courses}
    for candidate in by_id.values():
        seen = {candidate.pk}
        current = by_id.get(candidate.renews_id) if candidate.renews_id else None
        while current is not None and current.pk not in seen:
            if current.pk == course.pk:
                ids.add(candidate.pk)
                break
            seen.add(current.pk)
            current = by_id.get(current.renews_id) if current.renews_id else None
    return ids


def evaluate(
    course: Course,
    completions: Iterable[tuple[dt.date, str]],
    *,
    on: dt.date,
    later: dt.date | None = None,
) -> TrainingCheck:
    """The check from a person's completions (date, course name) of the courses that count for `course`,
    all on or before `on`; `later` is their first completion after `on`, if any."""
    latest = max(completions, default=None)
    if latest is None:
        if later is not None:
            return TrainingCheck(False, f"not done by {on:%d/%m/%Y} (first completed on {later:%d/%m/%Y})")
        return TrainingCheck(False, "never done")
    done_on, done_name = latest
    expires = course.expires_on(done_on)
    if expires is None:
        reason = f"completed on {done_on:%d/%m/%Y}; does not expire"
        return TrainingCheck(True, reason, done_on, done_name, None, True)
    if expires >= on:
        return TrainingCheck(True, f"valid until {expires:%d/%m/%Y}", done_on, done_name, expires, True)
    name = done_name[:1].upper() + done_name[1:]
    return TrainingCheck(False, f"{name} expired on {expires:%d/%m/%Y}", done_on, done_name, expires, True)


def holds_valid(person: Person, course: Course, *, on: dt.date | None = None) -> TrainingCheck:
    """Whether `person` holds valid training in `course` on `on` (today if not given). Three queries."""
    on = on or timezone.localdate()
    if on < person.started_on:
        return TrainingCheck(False, f"not yet started (their start date is {person.started_on:%d/%m/%Y})")
    if person.left_on is not None and person.left_on <= on:
        return TrainingCheck(False, f"left on {person.left_on:%d/%m/%Y}")
    ids = counting_courses(course, Course.objects.all())
    records = TrainingRecord.objects.filter(person=person, course_id__in=ids).select_related("course")
    done = [(r.completed_on, r.course.name) for r in records if r.completed_on <= on]
    later = min((r.completed_on for r in records if r.completed_on > on), default=None)
    return evaluate(course, done, on=on, later=later)
