"""The demo council's Regulation 33/44 visits: three council-run Thistledon homes (one for short breaks), a
year of rota and reports from December 2025 to December 2026, actions with the homes' responses, visitors'
declarations and the homes' Regulation 45 reviews. Every name is invented; no report names a child.

The story at 01/12/2026: Brookside House's March visit was missed; Hollins Lodge was visited late in July and
its November report is still a draft (so late); Larkspur Court's October report came in late; some actions
are overdue; Hollins Lodge's Regulation 45 review is overdue. December's visits are on the rota, one of them
unannounced. Each visitor is chosen by the training rule itself, so everyone on the rota held valid visitor
training on the day. Runs once: it adds nothing when the homes exist.
"""

from __future__ import annotations

import datetime as dt
import random

from cpboard.accounts.models import Appointment, Person, User
from cpboard.core.locking import save_audited
from training.models import Course, TrainingRecord, add_months
from training.services.rule import holds_valid
from visits.models import (
    VISITOR_COURSE_CODE,
    Action,
    ActionUpdate,
    Assignment,
    Declaration,
    Home,
    QualityReview,
    Visit,
)

DEMO_REASON = "Demo council"
D = dt.date
FIRST_MONTH, LAST_MONTH = D(2025, 12, 1), D(2026, 12, 1)

HOMES = [  # name, URN, kind, places, rating, inspected, manager, account
    ("Hollins Lodge", "SC482911", Home.Kind.RESIDENTIAL, 5, Home.Rating.GOOD, D(2026, 3, 17), "Lena Marwood", "home.manager"),
    ("Brookside House", "SC519034", Home.Kind.SHORT_BREAKS, 6, Home.Rating.REQUIRES_IMPROVEMENT, D(2026, 7, 8), "Dev Okafor", None),
    ("Larkspur Court", "SC603377", Home.Kind.RESIDENTIAL, 4, Home.Rating.OUTSTANDING, D(2025, 11, 20), "Carla Fenwick", None),
]  # fmt: skip

MISSED = {("Brookside House", D(2026, 3, 1))}
VISITED_LATE = {("Hollins Lodge", D(2026, 7, 1)): D(2026, 8, 4)}
REPORT_LATE = {("Larkspur Court", D(2026, 10, 1)): D(2026, 11, 9)}
STILL_DRAFT = {("Hollins Lodge", D(2026, 11, 1))}

CHILDREN_SAID = [
    "Two of the young people showed me their rooms, which they had chosen the colours for. One said the food "
    "was much better since the new cook started and that they now help plan the menu on Sundays.",
    "The older young person said staff listen but that it takes too long to get permission for sleepovers "
    "with friends. Another said they felt safe and liked the Friday film nights.",
    "A group of three talked to me in the lounge. They wanted more say in trips during the holidays and "
    "asked why the wifi goes off at ten. All three said they would talk to their key worker if worried.",
    "One young person said they were nervous about moving on next year and did not yet know where they "
    "would live. They were positive about college and their part-time job.",
    "The children on this short break were busy with a baking session and happy to show me what they had "
    "made. Parents collecting one child said the home communicates well.",
]
SPOKEN_TO = dict(
    zip(
        CHILDREN_SAID,
        [(2, "individually"), (2, "individually"), (3, "group"), (1, "individually"), (3, "group")],
        strict=True,
    )
)
STAFF_SAID = [
    "The deputy manager said two posts are vacant and agency staff cover some nights; they are recruiting.",
    "Staff described recent training on de-escalation and said physical intervention has fallen this quarter.",
    "The shift leader said contact with social workers is good but reviews are sometimes rearranged at short "
    "notice, which unsettles the young people.",
    "A residential worker said the new key-work sessions are working and young people fill in their own "
    "section of the plan.",
]
STRENGTHS = [
    "Warm, relaxed atmosphere; staff clearly know the young people well.",
    "Records were up to date and the manager's monthly analysis of incidents was thorough.",
    "Good links with the virtual school: every young person of school age is in full-time education.",
    "Young people's views are recorded at house meetings and changes follow.",
]
CONCERNS = [
    "",
    "Reliance on agency staff at night means young people do not always know who is on shift.",
    "Two episodes of a young person missing overnight this month; return interviews were not all held within "
    "72 hours.",
    "The garden fence is damaged and the side gate does not lock.",
    "Reviews rearranged at short notice; one young person has not seen their social worker for seven weeks.",
]
ACTIONS = [
    ("Hold return-home interviews within 72 hours for every missing episode and record when they happen.",
     "Registered manager", Visit.Theme.MISSING),
    ("Repair the garden fence and the side gate lock.", "Council property services", Visit.Theme.PREMISES),
    ("Agree a consistent core night team so young people know who is on shift.", "Registered manager",
     Visit.Theme.STAFFING),
    ("Raise the cancelled reviews with the head of service and report back at the next visit.",
     "Independent reviewing service", Visit.Theme.SAFEGUARDING),
    ("Start a moving-on plan with the young person leaving next year, with the leaving care team.",
     "Leaving care team manager", Visit.Theme.LEAVING_CARE),
]  # fmt: skip


def _person(name: str, **fields) -> Person:
    person = Person.objects.filter(display_name=name).first()
    return person or save_audited(Person(display_name=name, **fields), by=None, reason=DEMO_REASON)


def _link(person: Person, user: User | None) -> None:
    if user is not None and person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        save_audited(person, by=None, reason=DEMO_REASON)


def _visitors_pool(independent: Person | None) -> list[Person]:
    rows = Appointment.objects.filter(kind=Appointment.Kind.VISITOR).select_related("person")
    return [a.person for a in rows.order_by("person__sort_name") if a.person != independent]


def _pick(pool: list[Person], course: Course | None, day: dt.date, start: int) -> Person | None:
    """The first person in the pool, from `start`, who holds valid visitor training on `day`."""
    if course is None:
        return None
    for step in range(len(pool)):
        person = pool[(start + step) % len(pool)]
        if holds_valid(person, course, on=day).ok:
            return person
    return None


def _report(visit: Visit, rng: random.Random, visited: dt.date, submitted: dt.date | None) -> None:
    visit.visited_on = visited
    visit.arrived_at = dt.time(16 + rng.randrange(2), rng.choice([0, 15, 30]))
    visit.left_at = dt.time(visit.arrived_at.hour + 2, visit.arrived_at.minute)
    said = rng.choice(CHILDREN_SAID)
    visit.children_spoken_to, visit.children_spoken_how = SPOKEN_TO[said]
    visit.children_consented = True
    visit.parents_spoken_to = rng.randrange(0, 2)
    visit.staff_spoken_to = rng.choice(
        [
            "Deputy manager and 2 residential workers",
            "Shift leader",
            "Registered manager and a residential worker",
        ]
    )
    visit.premises = rng.choice([
        "Communal areas clean and homely. Bedrooms personalised. Kitchen well stocked.",
        "Generally good. Damaged fence in the garden; the side gate does not lock.",
        "Recently redecorated lounge; the bathroom extractor fan is not working.",
    ])  # fmt: skip
    for name in ("records_complaints", "records_incidents", "records_restraint", "records_missing"):
        setattr(visit, name, True)
    visit.records_allegations = rng.random() < 0.5
    visit.records_sanctions = rng.random() < 0.5
    visit.records_notes = rng.choice([
        "One complaint this month, resolved within timescales. Incident log complete; no restraint recorded.",
        "Two incidents of physical intervention, both reviewed by the manager with the young person afterwards.",
        "One missing episode; police informed promptly; return interview held the next day.",
    ])  # fmt: skip
    visit.children_said = said
    visit.staff_said = rng.choice(STAFF_SAID)
    concern = rng.choice(CONCERNS)
    visit.safeguarded = (
        Visit.Opinion.YES if not concern else rng.choice([Visit.Opinion.YES, Visit.Opinion.PARTLY])
    )
    visit.wellbeing = Visit.Opinion.YES
    visit.opinion_notes = "Based on what I saw and heard, and on the records checked."
    visit.strengths = rng.choice(STRENGTHS)
    visit.concerns = concern
    visit.recommendations = "Follow up the actions below before the next visit." if concern else ""
    themes = {rng.choice([Visit.Theme.PARTICIPATION, Visit.Theme.EDUCATION, Visit.Theme.HEALTH])}
    if "missing" in concern:
        themes.add(Visit.Theme.MISSING)
    if "agency" in concern:
        themes.add(Visit.Theme.STAFFING)
    if "fence" in concern:
        themes.add(Visit.Theme.PREMISES)
    if "social worker" in concern:
        themes.add(Visit.Theme.SAFEGUARDING)
    visit.themes = sorted(themes)
    if submitted:
        visit.status = Visit.Status.SUBMITTED
        visit.submitted_on = submitted
        if submitted + dt.timedelta(days=10) < D(2026, 12, 1):
            visit.status = Visit.Status.ACKNOWLEDGED
            visit.acknowledged_on = submitted + dt.timedelta(days=rng.randrange(2, 8))
    else:
        visit.status = Visit.Status.DRAFT


def seed_visits(out, *, people: dict[str, User]) -> None:
    if Home.objects.filter(urn=HOMES[0][1]).exists():
        return
    rng = random.Random(44)
    course = Course.objects.filter(code=VISITOR_COURSE_CODE).first()
    if course is None:
        out.write(
            "Visits: the training catalogue has no Regulation 33/44 visitor course (reg-visitor), so no visitor "
            "can be checked: the rota is left empty."
        )
    independent = Person.objects.filter(
        kind=Person.Kind.INDEPENDENT_VISITOR, display_name="Pat Ellison"
    ).first()
    if independent is None:
        independent = _person(
            "Pat Ellison",
            kind=Person.Kind.INDEPENDENT_VISITOR,
            organisation="Independent",
            started_on=D(2022, 3, 1),
        )
        save_audited(
            Appointment(person=independent, kind=Appointment.Kind.VISITOR, started_on=D(2024, 6, 1)),
            by=None,
            reason=DEMO_REASON,
        )
    _link(independent, people.get("independent.visitor"))
    if (
        course is not None
        and not TrainingRecord.objects.filter(
            person=independent, course=course, completed_on=D(2026, 9, 3)
        ).exists()
    ):
        save_audited(
            TrainingRecord(
                person=independent,
                course=course,
                completed_on=D(2026, 9, 3),
                evidence="Regulation 44 visitor refresher run by a neighbouring council; certificate seen.",
            ),
            by=None,
            reason=DEMO_REASON,
        )
    homes = []
    for name, urn, kind, places, rating, inspected, manager_name, account in HOMES:
        manager = _person(
            manager_name,
            kind=Person.Kind.OFFICER,
            job_title=f"Registered manager, {name}",
            organisation="Thistledon Council",
            started_on=D(2019, 4, 1),
        )
        if account:
            _link(manager, people.get(account))
        homes.append(
            save_audited(
                Home(
                    name=name,
                    urn=urn,
                    ownership=Home.Ownership.COUNCIL,
                    kind=kind,
                    places=places,
                    manager=manager,
                    ofsted_rating=rating,
                    inspected_on=inspected,
                    visits_from=D(2019, 4, 1),
                ),
                by=None,
                reason=DEMO_REASON,
            )
        )
    pool = _visitors_pool(independent)
    visits = actions = 0
    month, turn = FIRST_MONTH, 0
    while month <= LAST_MONTH:
        for home in homes:
            key = (home.name, month)
            planned = month.replace(day=8 + 5 * homes.index(home) + rng.randrange(4))
            visited = VISITED_LATE.get(key, planned)
            person = None
            if (
                home.name == "Larkspur Court"
                and month.month % 2 == 0
                and course
                and holds_valid(independent, course, on=visited).ok
            ):
                person = independent
            person = person or _pick(pool, course, visited, turn)
            turn += 1
            visit = Visit(
                home=home,
                period_start=month,
                regulation=44,
                planned_on=planned,
                announced=not (month == LAST_MONTH and home.name == "Brookside House")
                and rng.random() < 0.75,
            )
            if month < LAST_MONTH and key not in MISSED:
                if key in STILL_DRAFT:
                    submitted = None
                else:
                    submitted = REPORT_LATE.get(
                        key,
                        min(
                            visited + dt.timedelta(days=rng.randrange(3, 12)),
                            add_months(month, 1) - dt.timedelta(days=1),
                        ),
                    )
                    submitted = max(submitted, visited)
                _report(visit, rng, visited, submitted)
            visit = save_audited(visit, by=None, reason=DEMO_REASON)
            visits += 1
            if person is not None:
                save_audited(Assignment(visit=visit, person=person), by=None, reason=DEMO_REASON)
            if visit.concerns and visit.visited_on:
                actions += _actions_for(visit, rng)
        month = add_months(month, 1)
    _declarations(independent, pool, homes)
    _reviews(homes)
    out.write(f"Regulation 33/44 visits: {len(homes)} homes, {visits} visits on the rota, {actions} actions.")


def _actions_for(visit: Visit, rng: random.Random) -> int:
    matching = [a for a in ACTIONS if a[2] in visit.themes] or [ACTIONS[rng.randrange(len(ACTIONS))]]
    count = 0
    visited = visit.visited_on or visit.period_start
    for what, owner, _theme in matching[:2]:
        due = visited + dt.timedelta(days=rng.choice([14, 28, 42]))
        done = due < D(2026, 9, 1) and rng.random() < 0.8
        action = Action(
            visit=visit,
            what=what,
            owner=owner,
            due_on=due,
            status=Action.Status.DONE
            if done
            else rng.choice([Action.Status.OPEN, Action.Status.IN_PROGRESS]),
        )
        if visit.acknowledged_on:
            action.manager_response = rng.choice([
                "Agreed. This is on the agenda for the next staff meeting and I will confirm when it is done.",
                "Work requested the day after the visit; the contractor is booked.",
                "We have started this and will share progress with the next visitor.",
            ])  # fmt: skip
            action.responded_on = visit.acknowledged_on
        action = save_audited(action, by=None, reason=DEMO_REASON)
        if action.status != Action.Status.OPEN:
            save_audited(
                ActionUpdate(
                    action=action,
                    written_on=min(due, D(2026, 11, 30)),
                    text="Checked with the home: done and seen on the following visit."
                    if done
                    else "Started; the home expects to finish it within the month.",
                ),
                by=None,
                reason=DEMO_REASON,
            )
        count += 1
    return count


def _declarations(independent: Person, pool: list[Person], homes: list[Home]) -> None:
    save_audited(Declaration(person=independent, made_on=D(2026, 4, 1)), by=None, reason=DEMO_REASON)
    for person in pool:
        declaration = Declaration(person=person, made_on=D(2025, 6, 2))
        if person.display_name == pool[len(pool) // 2].display_name:
            declaration.commissions_or_funds = True
            declaration.notes = "Sits on the short breaks commissioning panel."
        declaration = save_audited(declaration, by=None, reason=DEMO_REASON)
        if declaration.commissions_or_funds:
            declaration.homes.set([h for h in homes if h.kind == Home.Kind.SHORT_BREAKS])


def _reviews(homes: list[Home]) -> None:
    dates = {"Hollins Lodge": [D(2025, 11, 10), D(2026, 5, 12)], "Brookside House": [D(2026, 2, 18), D(2026, 8, 20)],
             "Larkspur Court": [D(2026, 1, 6), D(2026, 7, 1)]}  # fmt: skip
    for home in homes:
        for day in dates[home.name]:
            save_audited(
                QualityReview(
                    home=home,
                    completed_on=day,
                    author=f"{home.manager}, registered manager",
                    summary="Children's views gathered through key-work sessions and a survey; records, "
                    "incidents and staffing reviewed. Quality of care judged good overall, with the staffing "
                    "and missing-from-home points carried into the home's development plan.",
                ),
                by=None,
                reason=DEMO_REASON,
            )
