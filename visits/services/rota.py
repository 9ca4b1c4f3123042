"""The rota: who visits which home in which period. A visitor must hold valid Regulation 33/44 visitor
training on the visit date (the training app's rule decides), and an officer who assigns someone whose
latest independence declaration conflicts must record why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from cpboard.accounts.models import Person, User
from cpboard.core.locking import StaleEdit, delete_audited, save_audited
from training.models import Course
from training.services.rule import holds_valid
from visits.models import VISITOR_COURSE_CODE, Assignment, Declaration, Home, Visit

SCHEDULED = "Added to the rota"
RESCHEDULED = "Rota changed"
ASSIGNED = "Visitor assigned"
UNASSIGNED = "Visitor taken off the visit"

NO_COURSE = (
    "The training catalogue has no Regulation 33/44 visitor course (code “reg-visitor”), so nobody's "
    "visitor training can be checked and nobody can be assigned. Ask the member development officer to add it."
)


def visitor_course() -> Course | None:
    return Course.objects.filter(code=VISITOR_COURSE_CODE).first()


@dataclass
class Checked:
    refusals: list[str] = field(default_factory=list)  # each stops the assignment
    conflicts: list[str] = field(default_factory=list)  # each needs a recorded reason


def check_visitors(people: list[Person], home: Home, day: dt.date) -> Checked:
    """What stops, or needs a reason for, each person visiting `home` on `day`."""
    result = Checked()
    course = visitor_course()
    if course is None:
        result.refusals.append(NO_COURSE)
        return result
    for person in people:
        check = holds_valid(person, course, on=day)
        if not check.ok:
            result.refusals.append(
                f"{person} cannot visit on {day:%d/%m/%Y}: their {course.name} — {check.reason}."
            )
        declaration = (
            Declaration.objects.filter(person=person, made_on__lte=day).prefetch_related("homes").first()
        )
        if declaration is not None and (found := declaration.conflicts_with(home)):
            result.conflicts.append(
                f"{person}'s declaration of {declaration.made_on:%d/%m/%Y} says: " + "; ".join(found) + "."
            )
    return result


@transaction.atomic
def save_rota_entry(
    *, visit: Visit, people: list[Person], override_reason: str, by: User | None, created: bool
) -> Visit:
    """Save the visit (already validated) and make its visitors exactly `people`."""
    visit = save_audited(visit, by=by, reason=SCHEDULED if created else RESCHEDULED)
    current = {a.person_id: a for a in Assignment.objects.filter(visit=visit)}
    wanted = {p.pk for p in people}
    for person_id, assignment in current.items():
        if person_id not in wanted:
            delete_audited(assignment, by=by, reason=UNASSIGNED)
    for person in people:
        if person.pk not in current:
            try:
                save_audited(
                    Assignment(visit=visit, person=person, override_reason=override_reason),
                    by=by,
                    reason=ASSIGNED,
                )
            except StaleEdit:  # assigned by someone else a moment ago: that is what was wanted
                continue
    return visit
