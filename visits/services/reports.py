"""Writing a visit report: saved as a draft, submitted (both opinions required; likely personal details
flagged, and kept only with the visitor's reason), acknowledged by the home's manager. Changing a submitted
report needs a reason, which its history keeps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from cpboard.accounts.models import User
from cpboard.core import personal_details
from cpboard.core.locking import StaleEdit, lock, save_audited
from visits.models import Visit, field_label

DRAFT_SAVED = "Report saved as a draft"
SUBMITTED = "Report submitted"
AMENDED = "Submitted report changed (reason recorded on the report)"
ACKNOWLEDGED = "Report acknowledged by the home's manager"

FREE_TEXT = [
    "accompanied_by",
    "staff_spoken_to",
    "premises",
    "records_notes",
    "children_said",
    "staff_said",
    "opinion_notes",
    "strengths",
    "concerns",
    "recommendations",
]


@dataclass(frozen=True)
class FieldFlags:
    name: str
    label: str
    flags: list[personal_details.Flag]
    html: str


def privacy_flags(visit: Visit, data: dict) -> list[FieldFlags]:
    """The free-text answers in which the check finds likely names, dates of birth or contact details."""
    found = []
    for name in FREE_TEXT:
        text = data.get(name) or ""
        flags = personal_details.find(text)
        if flags:
            label = field_label(Visit, name)
            found.append(FieldFlags(name, label, flags, personal_details.highlighted(text, flags)))
    return found


def submission_problems(visit: Visit) -> dict[str, str]:
    """Field name -> what is missing before the report can be submitted."""
    problems = {}
    if visit.visited_on is None:
        problems["visited_on"] = "Enter the date of the visit before submitting the report."
    if not visit.safeguarded:
        problems["safeguarded"] = "Say whether you think children are effectively safeguarded."
    if not visit.wellbeing:
        problems["wellbeing"] = "Say whether you think the home's conduct promotes children's well-being."
    return problems


def save_report(visit: Visit, *, by: User | None, submit: bool, amending: bool) -> Visit:
    """Save a validated, version-checked report (the form saved the fields)."""
    if submit and not visit.has_report:
        visit.status = Visit.Status.SUBMITTED
        visit.submitted_on = timezone.localdate()
        visit.submitted_by = by
        reason = SUBMITTED
    elif amending:
        reason = AMENDED
    else:
        if visit.status == Visit.Status.PLANNED:
            visit.status = Visit.Status.DRAFT
        reason = DRAFT_SAVED
    return save_audited(visit, by=by, reason=reason, locked=True)


def acknowledge(visit: Visit, *, by: User, shown_version: int | None) -> Visit:
    current = lock(visit)
    if shown_version != current.version:
        raise StaleEdit(current=current)
    current.status = Visit.Status.ACKNOWLEDGED
    current.acknowledged_on = timezone.localdate()
    current.acknowledged_by = by
    return save_audited(current, by=by, reason=ACKNOWLEDGED, locked=True)
