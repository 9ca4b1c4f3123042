"""The demo council's people directory and member training: Thistledon's 45 councillors, 15 officers,
partners and visitors, a course catalogue, and three municipal years of sessions (2024/25 to 2026/27) on
top of the records from earlier years. Every date and name comes from a fixed recipe, so running it again
gives the same data; it adds nothing once the catalogue exists.

The story at 01/12/2026: most councillors hold corporate parenting training; a handful have let their
refresher lapse and have had no training in the last three municipal years; two councillors elected at
by-elections in 2026 are not yet inducted (one past the three-month deadline); some Regulation 33/44
visitors' training ran out in the autumn; several refreshers fall due within 90 days.
"""

from __future__ import annotations

import datetime as dt
import random

from cpboard.accounts.models import Appointment, Person, User
from cpboard.core.locking import create_many_audited, save_audited
from training.models import Course, Session, TrainingRecord

DEMO_REASON = "Demo council"
D = dt.date

WARDS = [
    "Abbey", "Brackenfield", "Castle", "Dunmere", "Eastgate", "Fernhill", "Glebe", "Harbour",
    "Ironbridge", "Kingsmead", "Longacre", "Millbrook", "Northfield", "Oakridge", "Riverside",
]  # fmt: skip
PARTIES = ["Labour", "Conservative", "Liberal Democrat", "Green", "Independent"]
FIRST = [
    "Aled", "Bethan", "Carys", "Declan", "Eleri", "Fraser", "Gwen", "Hamza", "Isla", "Joel", "Kirsty",
    "Lewis", "Maya", "Niall", "Orla", "Pavel", "Rhian", "Sunil", "Tegan", "Usman", "Vera", "Wyn",
    "Yasmin", "Zac", "Anwen", "Bryn", "Ceri", "Dafydd", "Ffion", "Gethin", "Hana", "Idris", "Jess",
    "Kai", "Lowri", "Marek", "Nia", "Osian", "Priti", "Rhys", "Sian", "Tariq", "Ursula", "Vikram",
    "Will", "Bronwen", "Colm", "Delyth", "Emyr", "Fatima",
]  # fmt: skip
LAST = [
    "Ashworth", "Bevan", "Carrick", "Dalton", "Ellwood", "Fairley", "Garside", "Holroyd", "Ingram",
    "Jowett", "Kendrick", "Lister", "Marsden", "Nuttall", "Ormerod", "Pickles", "Quarmby", "Rushworth",
    "Sutcliffe", "Thwaite", "Uttley", "Varley", "Whiteley", "Yeadon", "Ackroyd", "Barraclough",
    "Crowther", "Denby", "Eastwood", "Firth", "Greenwood", "Haigh", "Illingworth", "Jagger", "Kitson",
    "Lumb", "Mitchell", "Naylor", "Oldroyd", "Priestley", "Ramsden", "Shackleton", "Tattersall",
    "Wadsworth", "Binns", "Clegg", "Dyson", "Exley", "Fletcher", "Gaunt",
]  # fmt: skip

ELECTED_2016, ELECTED_2020, ELECTED_2024 = D(2016, 5, 9), D(2020, 5, 11), D(2024, 5, 6)
TERM_ENDS = D(2028, 5, 8)
BY_ELECTIONS = [D(2026, 8, 6), D(2026, 10, 22)]

# Demo sign-in accounts and who they are in the directory.
LINKED = {
    "chair": dict(kind=Person.Kind.COUNCILLOR, ward="Castle", party="Labour", started_on=ELECTED_2016),
    "member": dict(
        kind=Person.Kind.COUNCILLOR, ward="Harbour", party="Liberal Democrat", started_on=ELECTED_2020
    ),
    "partner": dict(kind=Person.Kind.PARTNER, started_on=D(2021, 9, 1)),
    "officer": dict(kind=Person.Kind.OFFICER, started_on=D(2019, 3, 4)),
    "senior": dict(kind=Person.Kind.OFFICER, is_senior_officer=True, started_on=D(2022, 1, 10)),
    "scrutiny": dict(kind=Person.Kind.OFFICER, started_on=D(2018, 6, 1)),
    "admin": dict(kind=Person.Kind.OFFICER, started_on=D(2017, 11, 20)),
    "young.person": dict(kind=Person.Kind.YOUNG_PERSON, started_on=D(2025, 9, 15)),
}
OFFICERS = [  # name, job title, senior, start
    ("Helen Brightwell", "Director of Children's Services", True, D(2019, 4, 1)),
    ("Marcus Oyelaran", "Head of Fostering and Adoption", True, D(2020, 2, 3)),
    ("Lucy Penhale", "Head of Education (Virtual School Head)", True, D(2021, 9, 1)),
    ("Owen Tresidder", "Assistant Director, Safeguarding", True, D(2026, 9, 1)),
    ("Sarah Kinloch", "Member development officer", False, D(2015, 1, 5)),
    ("Imran Qureshi", "Independent reviewing officer", False, D(2016, 7, 11)),
    ("Beth Calloway", "Children's homes manager", False, D(2018, 2, 19)),
    ("Nathan Oduya", "Participation officer", False, D(2020, 10, 5)),
    ("Claire Winstanley", "Leaving care team manager", False, D(2017, 5, 22)),
    ("Rob Hennessy", "Democratic services officer", False, D(2014, 9, 1)),
    ("Joanne Pemberton", "Social work practice lead", False, D(2023, 4, 17)),
]
COURSES = [  # code, name, validity, renews, audiences, delivery, within, offered from
    ("cp-induction", "Corporate parenting induction", 36, None, ("for_councillors", "for_senior_officers"), "in_person", 3, D(2012, 5, 1)),
    ("cp-refresher", "Corporate parenting refresher", 36, "cp-induction", (), "young_people", None, D(2013, 5, 1)),
    ("reg-visitor", "Regulation 33/44 visitor training", 24, None, ("for_visitors",), "young_people", 2, D(2014, 1, 1)),
    ("safeguarding", "Safeguarding children for board members", 36, None, ("for_board_members",), "online", 6, D(2014, 1, 1)),
    ("fostering-panel", "Fostering and adoption panel training", None, None, (), "in_person", None, D(2015, 1, 1)),
    ("my-child", "“If this were my child” briefing", None, None, (), "in_person", None, D(2012, 5, 1)),
]  # fmt: skip
SESSIONS = [  # course, date, trainer, with young people
    ("cp-induction", D(2024, 6, 18), "Helen Brightwell (DCS)", True),
    ("cp-induction", D(2024, 7, 16), "Helen Brightwell (DCS)", True),
    ("reg-visitor", D(2024, 9, 12), "Nathan Oduya with Children in Care Council members", True),
    ("cp-refresher", D(2024, 10, 8), "Children in Care Council members", True),
    ("safeguarding", D(2025, 1, 21), "Thistledon Safeguarding Partnership", False),
    ("cp-refresher", D(2025, 3, 11), "Children in Care Council members", True),
    ("cp-induction", D(2025, 6, 24), "Marcus Oyelaran", False),
    ("cp-refresher", D(2025, 11, 4), "Children in Care Council members", True),
    ("safeguarding", D(2026, 1, 20), "Thistledon Safeguarding Partnership", False),
    ("reg-visitor", D(2026, 2, 10), "Nathan Oduya with Children in Care Council members", True),
    ("cp-refresher", D(2026, 6, 16), "Children in Care Council members", True),
    ("fostering-panel", D(2026, 9, 29), "Thistledon Fostering Service", False),
]


def _councillors(rng: random.Random, users: dict[str, User]) -> list[dict]:
    """45 current councillors, three a ward, and six who stood down in May 2024."""
    names = [f"{first} {last}" for first, last in zip(FIRST, LAST, strict=True)]
    people = []
    for index in range(45):
        ward = WARDS[index // 3]
        if index == 6:
            user, name, party, started = users.get("chair"), "Alys Hughes", "Labour", ELECTED_2016
        elif index == 21:
            user, name, party, started = users.get("member"), "Tomasz Nowak", "Liberal Democrat", ELECTED_2020
        else:
            user, name, party = None, names[index], PARTIES[rng.randrange(len(PARTIES))]
            started = ELECTED_2016 if index < 20 else ELECTED_2020 if index < 33 else ELECTED_2024
            if index >= 43:
                started = BY_ELECTIONS[index - 43]
        people.append(dict(index=index, name=name, ward=ward, party=party, started_on=started, user=user))
    for extra in range(6):
        people.append(
            dict(
                index=100 + extra,
                name=names[45 + extra % 5] if extra < 5 else "Glenys Morrow",
                ward=WARDS[extra * 2],
                party=PARTIES[extra % 4],
                started_on=ELECTED_2016,
                user=None,
                left_on=ELECTED_2024,
            )
        )
    return people


def _person(name: str, **fields) -> Person:
    person = Person(display_name=name, **fields)
    return save_audited(person, by=None, reason=DEMO_REASON)


def seed_directory(out, *, people: dict[str, User]) -> dict[str, Person]:
    """The directory: councillors, officers, partners, visitors and young people (the demo users linked)."""
    rng = random.Random(11)
    made: dict[str, Person] = {}
    for row in _councillors(rng, people):
        made[f"cllr-{row['index']}"] = _person(
            row["name"],
            kind=Person.Kind.COUNCILLOR,
            ward=row["ward"],
            party=row["party"],
            started_on=row["started_on"],
            term_ends_on=row.get("left_on") or TERM_ENDS,
            left_on=row.get("left_on"),
            user=row["user"],
            email=f"cllr.{row['name'].split()[-1].lower()}@thistledon.example",
        )
    for username, fields in LINKED.items():
        user = people.get(username)
        if user is None or fields["kind"] == Person.Kind.COUNCILLOR:
            continue
        made[username] = _person(
            user.get_full_name() or user.username,
            job_title=user.job_title,
            organisation=user.organisation,
            user=user,
            **fields,
        )
    for number, (name, title, senior, started) in enumerate(OFFICERS):
        made[f"officer-{number}"] = _person(
            name,
            kind=Person.Kind.OFFICER,
            job_title=title,
            organisation="Thistledon Council",
            is_senior_officer=senior,
            started_on=started,
            email=f"{name.split()[0].lower()}.{name.split()[-1].lower()}@thistledon.example",
        )
    made["visitor"] = _person(
        "Pat Ellison",
        kind=Person.Kind.INDEPENDENT_VISITOR,
        organisation="Independent",
        started_on=D(2022, 3, 1),
    )
    out.write(
        f"People directory: {len(made)} people, {sum(1 for p in made.values() if p.user_id)} linked to sign-in accounts."
    )
    return made


def _appointments(made: dict[str, Person]) -> None:
    board = ["cllr-6", "cllr-21", "cllr-2", "cllr-10", "cllr-14", "cllr-22", "cllr-23", "cllr-34", "cllr-38"]
    board += ["partner", "senior", "officer-0"]
    visitors = ["cllr-2", "cllr-9", "cllr-15", "cllr-21", "cllr-27", "cllr-36", "cllr-40", "visitor"]
    rows = [
        Appointment(person=made[key], kind=Appointment.Kind.BOARD_MEMBER, started_on=D(2024, 5, 20))
        for key in board
    ]
    rows.append(
        Appointment(
            person=made["cllr-1"],
            kind=Appointment.Kind.BOARD_MEMBER,
            started_on=D(2020, 5, 18),
            ended_on=D(2024, 5, 19),
        )
    )
    rows += [
        Appointment(person=made[key], kind=Appointment.Kind.VISITOR, started_on=D(2024, 6, 1))
        for key in visitors
    ]
    create_many_audited(Appointment, rows, by=None, reason=DEMO_REASON)


def _history(made: dict[str, Person], courses: dict[str, Course]) -> list[TrainingRecord]:
    """Records from before the three municipal years of sessions, as an officer imported them."""
    rng = random.Random(33)
    records = []

    def add(key: str, code: str, day: dt.date) -> None:
        records.append(
            TrainingRecord(
                person=made[key],
                course=courses[code],
                completed_on=day,
                evidence="From the member development spreadsheet",
            )
        )

    for index in range(45):
        key = f"cllr-{index}"
        started = made[key].started_on
        if started == ELECTED_2016:
            add(key, "cp-induction", D(2016, 6, 14 + index % 10))
            add(key, "cp-refresher", D(2019, 5, 20 + index % 8))
            if index % 4 == 1:
                add(key, "cp-refresher", D(2024, 1, 9 + index % 10))  # due again early in 2027
            elif index != 6:
                add(key, "cp-refresher", D(2022, 4, 5 + index % 12))
            else:
                add(key, "cp-refresher", D(2023, 3, 14))
        elif started == ELECTED_2020:
            add(key, "cp-induction", D(2020, 6 + index % 2, 9 + index % 15))
        if index % 7 == 3:
            add(key, "my-child", D(2018 + rng.randrange(5), 10, 3))
    for extra in range(6):
        add(f"cllr-{100 + extra}", "cp-induction", D(2016, 6, 20))
    for key in ("senior", "officer-0", "officer-1", "officer-2"):
        add(key, "cp-induction", made[key].started_on + dt.timedelta(days=40))
    for key in ("officer-4", "officer-9"):
        add(key, "my-child", D(2021, 2, 2))
    return records


def _attendance(
    made: dict[str, Person], sessions: dict[tuple[str, dt.date], Session]
) -> list[TrainingRecord]:
    def at(code: str, day: dt.date, keys: list[str]) -> list[TrainingRecord]:
        session = sessions[(code, day)]
        return [
            TrainingRecord(person=made[k], course=session.course, completed_on=day, session=session)
            for k in keys
        ]

    new_2024 = [f"cllr-{i}" for i in range(33, 43)]
    refreshed_2016 = [f"cllr-{i}" for i in range(20) if i % 4 == 2 and i != 6]
    refreshed_2020 = [f"cllr-{i}" for i in range(20, 33) if i % 5 != 0]
    rows = []
    rows += at("cp-induction", D(2024, 6, 18), new_2024[:6])
    rows += at("cp-induction", D(2024, 7, 16), new_2024[6:9])
    rows += at("reg-visitor", D(2024, 9, 12), ["cllr-2", "cllr-9", "cllr-15", "cllr-21", "visitor"])
    rows += at("cp-refresher", D(2024, 10, 8), [*refreshed_2020[:6], "cllr-7", "cllr-11", "cllr-15"])
    rows += at(
        "safeguarding",
        D(2025, 1, 21),
        ["cllr-6", "cllr-21", "cllr-2", "cllr-10", "cllr-14", "partner", "senior"],
    )
    rows += at(
        "cp-refresher",
        D(2025, 3, 11),
        [*refreshed_2020[6:], "cllr-3", "senior", "officer-0", "officer-1", "officer-2"],
    )
    rows += at("cp-induction", D(2025, 6, 24), [new_2024[9], "young.person"])
    rows += at("cp-refresher", D(2025, 11, 4), refreshed_2016[:2] + ["cllr-6"])
    rows += at("safeguarding", D(2026, 1, 20), ["cllr-22", "cllr-23", "cllr-34", "officer-0"])
    rows += at("reg-visitor", D(2026, 2, 10), ["cllr-27", "cllr-36", "cllr-40", "cllr-15", "cllr-21"])
    rows += at("cp-refresher", D(2026, 6, 16), refreshed_2016[2:])
    rows += at("fostering-panel", D(2026, 9, 29), ["cllr-12", "cllr-30", "officer-1"])
    return rows


def seed_training(out, *, people: dict[str, User]) -> None:
    if Course.objects.filter(code="cp-induction").exists():
        return
    made = seed_directory(out, people=people)
    _appointments(made)
    courses: dict[str, Course] = {}
    for code, name, validity, renews, audiences, delivery, within, offered in COURSES:
        course = Course(
            code=code,
            name=name,
            validity_months=validity,
            renews=courses.get(renews) if renews else None,
            delivery=delivery,
            complete_within_months=within,
            offered_from=offered,
            **{audience: True for audience in audiences},
        )
        courses[code] = save_audited(course, by=None, reason=DEMO_REASON)
    sessions = {}
    for code, day, trainer, young in SESSIONS:
        session = Session(
            course=courses[code],
            held_on=day,
            trainer=trainer,
            with_young_people=young,
            venue="Thistledon Civic Centre",
        )
        sessions[(code, day)] = save_audited(session, by=None, reason=DEMO_REASON)
    records = _history(made, courses) + _attendance(made, sessions)
    create_many_audited(TrainingRecord, records, by=None, reason=DEMO_REASON)
    out.write(
        f"Member training: {len(courses)} courses, {len(sessions)} sessions, {len(records)} training records."
    )
