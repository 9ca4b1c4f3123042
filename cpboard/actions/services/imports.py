"""Importing an existing action plan from a spreadsheet (CSV or XLSX), whole-file and all-or-nothing.

Each row is one action, with its theme and objective written out (as the seeds' plans are laid out: theme,
objective, responsibility, timescale, action, outcome, progress). Every row is checked first; any problem
and nothing is saved, with each problem listed by row and column. A clean file is applied in one
transaction: themes and objectives are found by name (or reference) or added, actions are found by their
objective and reference (or wording) and updated only where the file differs, and a progress note is added
only if that note is not already recorded. Importing the same file twice therefore changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cpboard.accounts.models import Person, normalised_name
from cpboard.actions.models import (
    Action,
    ActionOwner,
    Objective,
    ObjectiveRecommendation,
    Priority,
    ProgressUpdate,
    Recommendation,
    Review,
    Theme,
)
from cpboard.actions.services.plan import owners_set
from cpboard.core.locking import lock, save_audited
from cpboard.core.tabular import ImportReport, Problem, missing_columns, read_rows
from cpboard.core.uploads import store_upload

PURPOSE = "action-plan-import"
IMPORTED = "Imported from an action plan spreadsheet"

COLUMNS = [
    "theme",
    "objective_reference",
    "objective",
    "review",
    "recommendations",
    "action_reference",
    "action",
    "responsibility",
    "timescale",
    "priority",
    "outcome",
    "measure",
    "status",
    "progress",
    "progress_date",
]
REQUIRED = ["theme", "objective", "action", "responsibility", "timescale"]
COLUMN_NOTES = {
    "theme": "Required. The heading the objective comes under, for example Being healthy.",
    "objective_reference": "Optional. A short label for the objective, for example D1.",
    "objective": "Required. The objective, written the same way on each of its actions’ rows.",
    "review": "Needed if recommendations are given and there is more than one review: the scrutiny review’s "
    "title or report reference.",
    "recommendations": "Optional. The numbers of the recommendations the objective answers, for example "
    "23, 24, 25 or 14 & 16. They must already be recorded.",
    "action_reference": "Optional. A short label for the action, for example D1.2.",
    "action": "Required. What will be done.",
    "responsibility": "Required. Who owns it: posts or teams, or names from the people directory, separated "
    "by semicolons, for example Fostering Service Team Leader; Alys Hughes.",
    "timescale": "Required. One of: a date (30/06/2026), a month (June 2026), a recurring month (June 2026 "
    "and annually, or quarterly, monthly, every six months), Ongoing, July 2026 and ongoing, or Subject to "
    "something (Subject to Future Council).",
    "priority": "Optional. High, Medium or Low (Medium if blank).",
    "outcome": "Optional. The expected outcome.",
    "measure": "Optional. How success will be measured.",
    "status": "Optional. Not started, On track, At risk, Off track, Complete or Dropped. Complete and "
    "Dropped need a progress note (the final update).",
    "progress": "Optional. Progress to date, added as a dated update unless already recorded.",
    "progress_date": "Needed with progress: the date of the progress note, written like 14/03/2026.",
}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
EVERY = {
    "annually": Action.Every.YEAR,
    "yearly": Action.Every.YEAR,
    "every year": Action.Every.YEAR,
    "quarterly": Action.Every.QUARTER,
    "monthly": Action.Every.MONTH,
    "every six months": Action.Every.HALF_YEAR,
    "six monthly": Action.Every.HALF_YEAR,
}
TIMESCALE_HELP = (
    "Write it like 30/06/2026, June 2026, June 2026 and annually, Ongoing, July 2026 and ongoing, or Subject "
    "to Future Council."
)


def parse_date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date. Write it like 14/03/2026.")


def _month(text: str) -> dt.date | None:
    match = re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text.strip().lower())
    if match and match.group(1) in MONTHS:
        return dt.date(int(match.group(2)), MONTHS[match.group(1)], 1)
    return None


@dataclass(frozen=True)
class Timescale:
    kind: str
    due_on: dt.date | None = None
    every: int | None = None
    condition: str = ""


def parse_timescale(text: str) -> Timescale:
    """ "June 2014 and annually" -> recurring from June 2014, every 12 months; and the other four kinds."""
    words = " ".join(text.split())
    lower = words.lower()
    if lower == "ongoing":
        return Timescale(Action.Timescale.ONGOING)
    if lower.startswith("subject to "):
        condition, _, then = words[len("subject to ") :].partition(", then by ")
        due = _month(then) if then else None
        if then and due is None:
            raise ValueError(f"“{then}” is not a month. Write it like June 2026.")
        return Timescale(Action.Timescale.CONDITIONAL, due_on=due, condition=condition.strip())
    first, _, rest = lower.partition(" and ")
    if rest:
        month = _month(first)
        if month is None:
            raise ValueError(f"“{words}” does not start with a month. {TIMESCALE_HELP}")
        if rest == "ongoing":
            return Timescale(Action.Timescale.ONGOING, due_on=month)
        if rest in EVERY:
            return Timescale(Action.Timescale.RECURRING, due_on=month, every=EVERY[rest])
        raise ValueError(f"“{words}”: say how often, such as and annually or and quarterly. {TIMESCALE_HELP}")
    if (month := _month(lower)) is not None:
        return Timescale(Action.Timescale.MONTH, due_on=month)
    try:
        return Timescale(Action.Timescale.DATE, due_on=parse_date(words))
    except ValueError:
        raise ValueError(f"“{words}” is not a timescale this plan understands. {TIMESCALE_HELP}") from None


def _choice(text: str, choices) -> str | None:
    wanted = text.strip().lower()
    for value, label in choices:
        if wanted in (value.lower(), label.lower(), value.replace("_", " ")):
            return value
    return None


@dataclass
class Entry:
    row: int
    theme: str
    objective_reference: str
    objective: str
    recommendations: list[Recommendation]
    action_reference: str
    action: str
    owners: list[Person | str]
    timescale: Timescale
    priority: str
    outcome: str
    measure: str
    status: str
    progress: str
    progress_date: dt.date | None
    extra: dict = field(default_factory=dict)


def _people_by_name() -> dict[str, list[Person]]:
    people: dict[str, list[Person]] = {}
    for person in Person.objects.all():
        people.setdefault(normalised_name(person.display_name).lower(), []).append(person)
    return people


def _review_for(text: str, reviews: list[Review]) -> Review | None:
    wanted = text.strip().lower()
    if not wanted:
        return reviews[0] if len(reviews) == 1 else None
    for review in reviews:
        if wanted in (review.title.lower(), review.reference.lower()):
            return review
    return None


def _check_row(number: int, cells: dict[str, str], people, reviews) -> tuple[list[Problem], Entry | None]:
    problems: list[Problem] = []

    def cell(name: str) -> str:
        return cells.get(name, "").strip()

    for name in REQUIRED:
        if not cell(name):
            what = {"responsibility": "Say who owns the action", "timescale": "Give the action’s timescale"}
            problems.append(
                Problem(number, name, f"{what.get(name, 'This is required')}: the cell is empty.")
            )
    owners: list[Person | str] = []
    for part in (p.strip() for p in cell("responsibility").split(";")):
        if not part:
            continue
        matches = people.get(normalised_name(part).lower(), [])
        owners.append(matches[0] if len(matches) == 1 else part)
    timescale = None
    if cell("timescale"):
        try:
            timescale = parse_timescale(cell("timescale"))
        except ValueError as error:
            problems.append(Problem(number, "timescale", str(error)))
    priority = Priority.MEDIUM.value
    if cell("priority") and (priority := _choice(cell("priority"), Priority.choices) or "") == "":
        problems.append(
            Problem(number, "priority", f"“{cell('priority')}” is not a priority. Use High, Medium or Low.")
        )
    status = ""
    if cell("status") and (status := _choice(cell("status"), Action.Status.choices) or "") == "":
        problems.append(
            Problem(
                number,
                "status",
                f"“{cell('status')}” is not a status. Use Not started, On track, At risk, Off track, Complete or Dropped.",
            )
        )
    progress_date = None
    if cell("progress_date"):
        try:
            progress_date = parse_date(cell("progress_date"))
        except ValueError as error:
            problems.append(Problem(number, "progress_date", str(error)))
        else:
            if progress_date > timezone.localdate():
                problems.append(Problem(number, "progress_date", "The progress date is in the future."))
    if cell("progress") and not cell("progress_date"):
        problems.append(
            Problem(number, "progress_date", "Give the date of the progress note, like 14/03/2026.")
        )
    if status in Action.CLOSED and not cell("progress"):
        problems.append(
            Problem(
                number, "progress", "A complete or dropped action needs a final progress note saying why."
            )
        )
    recommendations: list[Recommendation] = []
    numbers = [n for n in re.split(r"[,&;/]|\band\b", cell("recommendations")) if n.strip()]
    if numbers:
        review = _review_for(cell("review"), reviews)
        if review is None:
            problems.append(
                Problem(
                    number, "review", "Name the scrutiny review these recommendations come from (its title)."
                )
            )
        else:
            known = {r.number.lower(): r for r in review.recommendations.all()}
            for text in (n.strip() for n in numbers):
                if text.lower() in known:
                    recommendations.append(known[text.lower()])
                else:
                    problems.append(
                        Problem(
                            number,
                            "recommendations",
                            f"{review.title} has no recommendation {text}. Record it first.",
                        )
                    )
    if problems or timescale is None:
        return problems, None
    return problems, Entry(
        row=number,
        theme=cell("theme"),
        objective_reference=cell("objective_reference"),
        objective=cell("objective"),
        recommendations=recommendations,
        action_reference=cell("action_reference"),
        action=cell("action"),
        owners=owners,
        timescale=timescale,
        priority=priority,
        outcome=cell("outcome"),
        measure=cell("measure"),
        status=status,
        progress=cell("progress"),
        progress_date=progress_date,
    )


def check_rows(rows) -> tuple[list[Problem], list[Entry]]:
    people = _people_by_name()
    reviews = list(Review.objects.prefetch_related("recommendations"))
    problems: list[Problem] = []
    entries: list[Entry] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in rows:
        row_problems, entry = _check_row(number, cells, people, reviews)
        problems.extend(row_problems)
        if entry is None:
            continue
        key = (entry.theme.lower(), entry.objective.lower(), (entry.action_reference or entry.action).lower())
        if key in seen:
            problems.append(
                Problem(
                    number,
                    "action",
                    f"This action is also on row {seen[key]} under the same objective. Remove one.",
                )
            )
            continue
        seen[key] = number
        entries.append(entry)
    return problems, entries


def plan_import(*, data: bytes, kind: str, name: str, by) -> ImportReport:
    """Check the whole file; save nothing unless every row is right."""
    header, rows = read_rows(data, kind)
    report = ImportReport(problems=missing_columns(header, REQUIRED))
    if not report.ok:
        return report
    if not rows:
        report.problems.append(
            Problem(2, "", "The file has no rows under its header. Add the plan and try again.")
        )
        return report
    problems, entries = check_rows(rows)
    report.problems.extend(problems)
    if not report.ok:
        return report
    with transaction.atomic():
        changed = sum(_apply(entry, by=by) for entry in entries)
        report.changed = changed
        report.unchanged = len(entries) - changed
        if changed:
            store_upload(data, name=name, kind=kind, purpose=PURPOSE, by=by)
    return report


def _theme(name: str, by) -> tuple[Theme, bool]:
    theme = Theme.objects.filter(name__iexact=name).first()
    if theme:
        return theme, False
    position = (Theme.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    return save_audited(Theme(name=name, position=position), by=by, reason=IMPORTED), True


def _objective(entry: Entry, theme: Theme, by) -> tuple[Objective, bool]:
    objectives = Objective.objects.filter(theme=theme)
    found = (
        objectives.filter(reference__iexact=entry.objective_reference).first()
        if entry.objective_reference
        else None
    ) or objectives.filter(text__iexact=entry.objective).first()
    if found:
        if found.text != entry.objective or found.reference != entry.objective_reference:
            found = lock(found)
            found.text, found.reference = entry.objective, entry.objective_reference or found.reference
            return save_audited(found, by=by, reason=IMPORTED, locked=True), True
        return found, False
    position = objectives.count() + 1
    objective = Objective(
        theme=theme, reference=entry.objective_reference, text=entry.objective, position=position
    )
    return save_audited(objective, by=by, reason=IMPORTED), True


def _apply(entry: Entry, *, by) -> bool:
    """Apply one checked row; True if anything changed."""
    theme, changed = _theme(entry.theme, by)
    objective, objective_changed = _objective(entry, theme, by)
    changed |= objective_changed
    for recommendation in entry.recommendations:
        if not ObjectiveRecommendation.objects.filter(
            objective=objective, recommendation=recommendation
        ).exists():
            save_audited(
                ObjectiveRecommendation(objective=objective, recommendation=recommendation),
                by=by,
                reason=IMPORTED,
            )
            changed = True
    actions = Action.objects.filter(objective=objective)
    action = (
        actions.filter(reference__iexact=entry.action_reference).first() if entry.action_reference else None
    ) or actions.filter(text__iexact=entry.action).first()
    values = {
        "reference": entry.action_reference,
        "text": entry.action,
        "outcome": entry.outcome,
        "measure": entry.measure,
        "priority": entry.priority,
        "timescale": entry.timescale.kind,
        "due_on": entry.timescale.due_on,
        "every": entry.timescale.every,
        "condition": entry.timescale.condition,
    }
    if action is None:
        action = save_audited(
            Action(objective=objective, position=actions.count() + 1, **values), by=by, reason=IMPORTED
        )
        changed = True
    elif any(getattr(action, name) != value for name, value in values.items()):
        action = lock(action)
        for name, value in values.items():
            setattr(action, name, value)
        save_audited(action, by=by, reason=IMPORTED, locked=True)
        changed = True
    wanted = [(o.pk, "") if isinstance(o, Person) else (None, o) for o in entry.owners]
    have = [
        (o.person_id, o.post) for o in ActionOwner.objects.filter(action=action).order_by("position", "pk")
    ]
    if wanted != have:
        owners_set(action=action, owners=entry.owners, by=by)
        changed = True
    if entry.progress and entry.progress_date:
        recorded = ProgressUpdate.objects.filter(
            action=action, written_on=entry.progress_date, text=entry.progress
        ).exists()
        if not recorded:
            status = entry.status if entry.status and entry.status != action.status else ""
            save_audited(
                ProgressUpdate(
                    action=action,
                    written_on=entry.progress_date,
                    text=entry.progress,
                    status=status,
                    author=by,
                ),
                by=by,
                reason=IMPORTED,
            )
            changed = True
    if entry.status and entry.status != action.status:
        action = lock(action)
        action.status = entry.status
        action.closed_on = entry.progress_date if entry.status in Action.CLOSED else None
        action.dropped_reason = entry.progress if entry.status == Action.Status.DROPPED else ""
        save_audited(action, by=by, reason=IMPORTED, locked=True)
        changed = True
    return changed
