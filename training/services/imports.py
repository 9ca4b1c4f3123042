"""Importing an attendance spreadsheet (CSV or XLSX: name, course, date), whole-file and all-or-nothing.

Every row is checked first: the name must match exactly one person in the directory, the course one course
in the catalogue (by name or code), the date a real date that is not in the future, not before the course
was offered, and within the person's time as a councillor. Any problem and nothing is saved; each is listed
by row and column. A clean file is saved in one transaction. Rows already recorded are left alone, so
importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from cpboard.accounts.models import Person, normalised_name
from cpboard.core.locking import save_audited
from cpboard.core.tabular import ImportReport, Problem, missing_columns, read_rows
from cpboard.core.uploads import store_upload
from training.forms.records import attendance_problem, date_problem
from training.models import Course, TrainingRecord

PURPOSE = "training-import"
IMPORTED = "Imported from an attendance spreadsheet"
COLUMNS = ["name", "course", "date"]
COLUMN_NOTES = {
    "name": "Required. The person’s name exactly as in the people directory, for example Alys Hughes "
    "(“Cllr” in front is ignored).",
    "course": "Required. The course’s name or code as in the catalogue, for example cp-induction.",
    "date": "Required. The date they completed it, written like 14/03/2026.",
}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")


def parse_date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date. Write it like 14/03/2026.")


def _people_by_name() -> dict[str, list[Person]]:
    people: dict[str, list[Person]] = defaultdict(list)
    for person in Person.objects.all():
        people[normalised_name(person.display_name).lower()].append(person)
    return people


def _courses_by_name() -> dict[str, Course]:
    courses = {}
    for course in Course.objects.all():
        courses[course.name.lower()] = course
        courses[course.code.lower()] = course
    return courses


def check_rows(rows) -> tuple[list[Problem], list[tuple[Person, Course, dt.date]]]:
    people, courses = _people_by_name(), _courses_by_name()
    problems: list[Problem] = []
    entries: list[tuple[Person, Course, dt.date]] = []
    seen: dict[tuple[int, int, dt.date], int] = {}
    for number, cells in rows:
        row_problems: list[Problem] = []
        name, course_text, date_text = (cells.get(c, "").strip() for c in COLUMNS)
        person = course = day = None
        matches = people.get(normalised_name(name).lower(), []) if name else []
        if not name:
            row_problems.append(Problem(number, "name", "The name is missing."))
        elif not matches:
            row_problems.append(
                Problem(
                    number,
                    "name",
                    f"Nobody called “{name}” is in the people directory. Add them first, or correct the spelling.",
                )
            )
        elif len(matches) > 1:
            row_problems.append(
                Problem(
                    number,
                    "name",
                    f"{len(matches)} people in the directory are called “{name}”. Record this one on their page instead.",
                )
            )
        else:
            person = matches[0]
        if not course_text:
            row_problems.append(Problem(number, "course", "The course is missing."))
        elif (course := courses.get(course_text.lower())) is None:
            row_problems.append(
                Problem(
                    number,
                    "course",
                    f"No course in the catalogue is called “{course_text}”. Use its name or code.",
                )
            )
        if not date_text:
            row_problems.append(Problem(number, "date", "The date is missing."))
        else:
            try:
                day = parse_date(date_text)
            except ValueError as error:
                row_problems.append(Problem(number, "date", str(error)))
        if day:
            # A date that cannot be right for the course is reported before the person's dates.
            message = date_problem(course, day) or (attendance_problem(person, day) if person else "")
            if message:
                row_problems.append(Problem(number, "date", message))
        if person and course and day and not row_problems:
            key = (person.pk, course.pk, day)
            if key in seen:
                row_problems.append(
                    Problem(
                        number,
                        "name",
                        f"{person} is listed twice for {course} on {day:%d/%m/%Y} (rows {seen[key]} and {number}). Remove one.",
                    )
                )
            else:
                seen[key] = number
                entries.append((person, course, day))
        problems.extend(row_problems)
    return problems, entries


def attendance_import(*, data: bytes, kind: str, name: str, by) -> ImportReport:
    """Check the whole file; save nothing unless every row is right."""
    header, rows = read_rows(data, kind)
    report = ImportReport(problems=missing_columns(header, COLUMNS))
    if not report.ok:
        return report
    if not rows:
        report.problems.append(
            Problem(2, "", "The file has no rows under its header. Add the attendance and try again.")
        )
        return report
    problems, entries = check_rows(rows)
    report.problems.extend(problems)
    if not report.ok:
        return report
    with transaction.atomic():
        existing = set(
            TrainingRecord.objects.filter(person__in={p for p, _, _ in entries}).values_list(
                "person_id", "course_id", "completed_on"
            )
        )
        new = [(p, c, d) for p, c, d in entries if (p.pk, c.pk, d) not in existing]
        report.unchanged = len(entries) - len(new)
        if new:
            stored = store_upload(data, name=name, kind=kind, purpose=PURPOSE, by=by)
            for person, course, day in new:
                record = TrainingRecord(
                    person=person,
                    course=course,
                    completed_on=day,
                    evidence=f"Imported from {stored.original_name}",
                )
                save_audited(record, by=by, reason=IMPORTED)
        report.changed = len(new)
    return report
