"""Thistledon's board year: six meetings every two months on Wednesday afternoons, from 11/02/2026 to
09/12/2026, with agendas, attendance, minutes, decisions and questions, the work programme for 2026/27, and a
published pack for the last meeting.

The story at 02/12/2026: five meetings have been held (11/02, 15/04, 10/06, 12/08 and 14/10/2026); the next,
on Wednesday 09/12/2026 at 14:00, has its agenda published. Members asked about care leavers' education and
work, late health assessments, placement stability and return interviews, and had answers; the question they
asked in October about Hollins Lodge's overdue Regulation 45 review is still open, so it comes back under
matters arising on 09/12/2026. In August the board asked for a housing protocol for care leavers, which went
into the action plan. The members are the demo people directory's board members (from the training demo),
with the chair and a councillor on the board signing in as `chair` and `member`.

Runs once: it adds nothing when the board has meetings. The pack step is separate, and skipped when the last
meeting already has a published pack (building it takes a few seconds, so `make run` stays quick)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from cpboard.accounts.models import Appointment, Person, User
from cpboard.actions.models import Action, Objective
from cpboard.board.models import (
    AgendaItem,
    Attendance,
    Board,
    Decision,
    Meeting,
    Membership,
    PackBuild,
    PackVersion,
    Question,
    Section,
    WorkProgrammeItem,
)
from cpboard.board.services.build_worker import READY_STAGE
from cpboard.board.services.decisions import create_action
from cpboard.board.services.meetings import create_meeting, current_board
from cpboard.board.services.packs import build_pack, publish
from cpboard.core.locking import save_audited
from pledge.models import Survey

DEMO_REASON = "Demo council"
D = dt.date
LONDON = ZoneInfo("Europe/London")
PLACE = "Committee Room 1, Thistledon Civic Centre"

# Six meetings, every two months; the last is still to come.
MEETING_DAYS = [
    D(2026, 2, 11),
    D(2026, 4, 15),
    D(2026, 6, 10),
    D(2026, 8, 12),
    D(2026, 10, 14),
    D(2026, 12, 9),
]
UPCOMING = MEETING_DAYS[-1]

TERMS = """Purpose
The Corporate Parenting Board makes sure that Thistledon Council and its partners act together as a good parent to every child in their care and every young person leaving care. It oversees the corporate parenting strategy and action plan, and holds the services that carry them out to account.

What the board does
- Listens to children in care and care leavers, and gives them a way to shape policy, services and practice.
- Hears from the Children in Care Council at every meeting, as a standing item.
- Looks at performance every quarter across the outcome areas in the pledge, and challenges where it falls short.
- Receives six-monthly reports on Regulation 33/44 visits to children's homes, and on adoption and fostering.
- Is consulted on new plans, policies and services that affect children in care before they are agreed.
- Checks that council departments and partner agencies work well together for children in care.
- Takes account of reports to the Children and Young People's Overview and Scrutiny Committee about children in care.

Membership
Chair: the Cabinet Member for Children and Families. Vice-chair: a councillor on the board. Councillors drawn from every party. A young person from the Children in Care Council. Partners from health and other agencies. Officers report to the board as asked.

How it works
The board meets every two months to a yearly work programme. A meeting is quorate when three voting members are present. The scrutiny officer supports the board and keeps the log of questions and the decisions it makes.

Accountability
The chair reports to the Leader of the Council. Each year the board gives the Overview and Scrutiny Committee its annual evaluation."""

# (title, theme, section, options key, presenter key, meeting day or None, planned month)
WORK_PROGRAMME = {
    2025: [
        ("Performance report: 2025-26 quarter 3", "Performance", Section.SCORECARD, "scorecard", "senior", D(2026, 2, 11)),
        ("Health of children in care: annual report", "Being healthy", "", "", "partner", D(2026, 2, 11)),
        ("Regulation 33/44 visits: six-monthly report", "Staying safe", Section.VISITS_COMPLIANCE, "", "senior", D(2026, 4, 15)),
        ("Virtual School: annual report", "Enjoying and achieving", "", "", "Lucy Penhale", D(2026, 4, 15)),
    ],
    2026: [
        ("Performance report: 2025-26 year end", "Performance", Section.SCORECARD, "scorecard", "senior", D(2026, 6, 10)),
        ("Adoption and fostering: six-monthly report", "Stability and permanence", "", "", "Marcus Oyelaran", D(2026, 6, 10)),
        ("Annual board evaluation 2025/26 for the Overview and Scrutiny Committee", "Governance", "", "", "scrutiny", D(2026, 6, 10)),
        ("Performance report: 2026-27 quarter 1", "Performance", Section.SCORECARD, "scorecard", "senior", D(2026, 8, 12)),
        ("Care leavers: housing and the local offer", "Leaving care", "", "", "Claire Winstanley", D(2026, 8, 12)),
        ("Member training compliance", "Governance", Section.TRAINING, "", "scrutiny", D(2026, 8, 12)),
        ("Regulation 33/44 visits: six-monthly report", "Staying safe", Section.VISITS_COMPLIANCE, "", "senior", D(2026, 10, 14)),
        ("Pledge survey 2026: what children told us", "Voice of the child", Section.SURVEY_RESULTS, "survey", "Nathan Oduya", D(2026, 10, 14)),
        ("Placement sufficiency strategy: consultation", "Stability and permanence", "", "", "Marcus Oyelaran", D(2026, 10, 14)),
        ("Performance report: 2026-27 quarter 2", "Performance", Section.SCORECARD, "scorecard", "senior", D(2026, 12, 9)),
        ("Adoption and fostering: six-monthly report", "Stability and permanence", "", "", "Marcus Oyelaran", D(2026, 12, 9)),
        ("Scrutiny recommendations: progress", "Governance", Section.RECOMMENDATIONS, "", "scrutiny", D(2026, 12, 9)),
        ("Performance report: 2026-27 quarter 3", "Performance", Section.SCORECARD, "scorecard", "senior", D(2027, 2, 1)),
        ("Virtual School: annual report", "Enjoying and achieving", "", "", "Lucy Penhale", D(2027, 2, 1)),
        ("Regulation 33/44 visits: six-monthly report", "Staying safe", Section.VISITS_COMPLIANCE, "", "senior", D(2027, 4, 1)),
        ("Work programme 2027/28", "Governance", "", "", "scrutiny", D(2027, 4, 1)),
    ],
}  # fmt: skip

# What was said under each report, by meeting day and title (the minutes of the item).
REPORT_MINUTES = {
    "Performance report": "The head of service took the board through the scorecard. Members noted that health checks and reviews remain strong and that placement stability and care leavers' education, training and work have slipped.",
    "Health of children in care": "The designated nurse reported that most initial health assessments are done within 20 working days; delays are mostly where consent forms arrive late.",
    "Regulation 33/44 visits": "Members noted the visits done on time, the one missed visit and the late reports, and the actions homes are taking in response.",
    "Virtual School": "The Virtual School Head set out attainment at key stages 2 and 4 and the use of pupil premium plus; members asked for more on attendance of children placed out of area.",
    "Adoption and fostering": "The head of fostering and adoption reported on recruitment of foster carers, approvals and children placed for adoption in the half-year.",
    "Annual board evaluation": "The board agreed its evaluation of 2025/26 to send to the Overview and Scrutiny Committee.",
    "Care leavers": "The leaving care team manager described the housing options for care leavers and the gaps where young people wait longest for a tenancy.",
    "Member training compliance": "The scrutiny officer reported councillors' corporate parenting training; members agreed to chase those whose refresher has lapsed.",
    "Pledge survey 2026": "The participation officer presented what children said in the 2026 pledge survey, with young people from the Children in Care Council.",
    "Placement sufficiency strategy": "Members commented on the draft strategy, asking that it says how many local foster homes the council needs each year.",
}  # fmt: skip

# (meeting day, question, who must answer (directory name or demo username), answer by (day), answer or "")
QUESTIONS = [
    (D(2026, 2, 11), "Why are fewer care leavers in education, employment or training than a year ago?", "Claire Winstanley", D(2026, 4, 15), "Fewer apprenticeships were offered locally this year. The leaving care team now meets each care leaver not in work or study every month, and the council has set aside ten apprenticeships for care leavers from September."),
    (D(2026, 4, 15), "How many initial health assessments were late because consent forms arrived late, and what is being done about it?", "partner", D(2026, 6, 10), "Most of the late assessments waited for consent. Social workers now send the consent form on the day a child comes into care, and the health team checks each week for any that are missing."),
    (D(2026, 6, 10), "Why is long-term placement stability below our statistical neighbours?", "Marcus Oyelaran", D(2026, 10, 14), "More older children came into care in the year, and they move more often. The service is recruiting carers for teenagers and reviews every placement at risk of ending."),
    (D(2026, 8, 12), "Are return interviews offered to every child in care who goes missing, including children placed out of area?", "senior", D(2026, 10, 14), "Interviews are offered to every child; children placed out of area are now offered one by video by a worker they know when a local one is not possible."),
    (D(2026, 10, 14), "What is holding up Hollins Lodge's Regulation 45 review, and when will it be done?", "senior", UPCOMING, ""),
]  # fmt: skip

# Decisions (meeting day, decision text, make an action in the plan)
DECISIONS = [
    (D(2026, 2, 11), "The board noted the health report and asked for an update on late assessments at its April meeting.", False),
    (D(2026, 4, 15), "The board noted the visits report and asked the head of service to report on the missed March visit to Brookside House.", False),
    (D(2026, 6, 10), "The board agreed its annual evaluation of 2025/26 and asked the scrutiny officer to send it to the Overview and Scrutiny Committee.", False),
    (D(2026, 8, 12), "The board asked the leaving care team manager and housing to agree a housing protocol for care leavers, and added it to the action plan.", True),
    (D(2026, 10, 14), "The board supported the draft placement sufficiency strategy, subject to a yearly target for local foster homes.", False),
]  # fmt: skip

PLAN_ACTION_TEXT = "Agree a housing protocol for care leavers with the council's housing service"
PLAN_ACTION_OUTCOME = "Care leavers move into their own tenancy without long waits"
PLAN_ACTION_MEASURE = "Care leavers waiting more than three months for a tenancy"
PLAN_ACTION_DUE = D(2027, 3, 1)

# Who attended: each held meeting, the people sending apologies (by directory name or demo username).
APOLOGIES = {
    D(2026, 2, 11): ["Helen Brightwell"],
    D(2026, 4, 15): ["member", "partner"],
    D(2026, 6, 10): ["young.person"],
    D(2026, 8, 12): ["vice"],
    D(2026, 10, 14): ["member"],
}
ABSENT = {D(2026, 4, 15): ["last-councillor"]}

CICC_UPDATES = {
    D(2026, 2, 11): "Young people from the Children in Care Council told the board about their work on the new welcome pack for children coming into care.",
    D(2026, 4, 15): "The Children in Care Council shared what they had heard from younger children about contact with brothers and sisters.",
    D(2026, 6, 10): "The Children in Care Council reported on their residential weekend and their ideas for the pledge survey questions.",
    D(2026, 8, 12): "Young people described the summer activities they helped plan and asked for more help with travel costs for college.",
    D(2026, 10, 14): "The Children in Care Council presented the awards evening they are organising and asked councillors to come.",
    D(2026, 12, 9): "Young people from the Children in Care Council will tell the board about the awards evening and their plans for 2027.",
}  # fmt: skip


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(14, 0), tzinfo=LONDON)


def _board(by: User | None) -> Board:
    board = current_board(by=by)
    if not board.terms_of_reference:
        board.terms_of_reference = TERMS
        board.terms_agreed_on = D(2025, 5, 21)
        board.terms_review_due_on = D(2027, 5, 19)
        board.quorum = 3
        board = save_audited(board, by=by, reason=DEMO_REASON)
    return board


def _people(people: dict[str, User]) -> dict[str, Person]:
    """The board's people from the directory: by demo username, by name, and the board's councillors."""
    found: dict[str, Person] = {}
    for username, user in people.items():
        person = Person.objects.filter(user=user).first()
        if person is not None:
            found[username] = person
    for person in Person.objects.filter(kind=Person.Kind.OFFICER, user__isnull=True):
        found[person.display_name] = person
    linked = {person.pk for key in ("chair", "member") if (person := found.get(key)) is not None}
    councillors = [
        a.person
        for a in Appointment.objects.on(D(2026, 1, 1))
        .filter(kind=Appointment.Kind.BOARD_MEMBER, person__kind=Person.Kind.COUNCILLOR)
        .select_related("person")
        .order_by("person__sort_name", "pk")
        if a.person_id not in linked
    ]
    if councillors:
        found["vice"] = councillors[0]
        found["last-councillor"] = councillors[-1]
    found.update({f"councillor-{n}": person for n, person in enumerate(councillors)})
    return found


def _memberships(found: dict[str, Person], by: User | None) -> list[Membership]:
    R = Membership.Role
    rows = [("chair", R.CHAIR, ""), ("vice", R.VICE_CHAIR, ""), ("member", R.MEMBER, "")]
    rows += [
        (key, R.MEMBER, "")
        for key in found
        if key.startswith("councillor-") and found[key] != found.get("vice")
    ]
    rows += [
        ("young.person", R.YOUNG_PERSON, "Thistledon Children in Care Council"),
        ("partner", R.PARTNER, "Thistledon and District NHS Trust"),
        ("senior", R.REPORTING_OFFICER, "Children in care service"),
        ("Helen Brightwell", R.REPORTING_OFFICER, "Children's Services"),
        ("Marcus Oyelaran", R.REPORTING_OFFICER, "Fostering and adoption"),
        ("Lucy Penhale", R.REPORTING_OFFICER, "Virtual School"),
        ("Claire Winstanley", R.REPORTING_OFFICER, "Leaving care"),
    ]
    made: list[Membership] = []
    seen: set[int] = set()
    for key, role, represents in rows:
        person = found.get(key)
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        started = D(2025, 10, 15) if role == R.YOUNG_PERSON else D(2025, 5, 21)
        membership = Membership(person=person, role=role, represents=represents, started_on=started)
        made.append(save_audited(membership, by=by, reason=DEMO_REASON))
    return made


def _work_programme(found: dict[str, Person], by: User | None) -> None:
    survey = Survey.objects.filter(year=2026).order_by("pk").first()
    options = {"scorecard": {"area": ""}, "survey": {"survey": survey.pk} if survey else {}, "": {}}
    for year, rows in WORK_PROGRAMME.items():
        for title, theme, section, option_key, presenter, day in rows:
            if section == Section.SURVEY_RESULTS and survey is None:
                section = ""
            item = WorkProgrammeItem(
                municipal_year=year,
                planned_month=day.replace(day=1),
                title=title,
                theme=theme,
                section=section,
                section_options=options[option_key] if section else {},
                presenter=found.get(presenter),
            )
            save_audited(item, by=by, reason=DEMO_REASON)


def _minutes(meeting: Meeting, previous: Meeting | None, by: User | None) -> None:
    day = timezone.localdate(meeting.starts_at)
    for item in meeting.items.all():
        if item.kind == AgendaItem.Kind.APOLOGIES:
            item.minutes = "Apologies were received as recorded in the attendance."
        elif item.kind == AgendaItem.Kind.MINUTES:
            item.minutes = (
                f"The minutes of the meeting on {previous.starts_at:%d/%m/%Y} were agreed as a true record."
                if previous
                else "The minutes of the last meeting of 2025 were agreed as a true record."
            )
        elif item.kind == AgendaItem.Kind.MATTERS_ARISING:
            item.minutes = "The board went through the questions still open from earlier meetings."
        elif item.kind == AgendaItem.Kind.CICC:
            item.narrative = CICC_UPDATES[day]
            item.minutes = "The board thanked the young people and agreed to respond to their points at the next meeting."
        elif item.kind == AgendaItem.Kind.PLAN:
            item.minutes = (
                "Members noted the actions completed since the last meeting and challenged those overdue."
            )
        else:
            item.minutes = next(
                (text for start, text in REPORT_MINUTES.items() if item.title.startswith(start)), ""
            )
        save_audited(item, by=by, reason=DEMO_REASON)
    if previous is not None:
        previous.minutes_approved_at = meeting
        save_audited(previous, by=by, reason=DEMO_REASON)


def _attendance(
    meeting: Meeting, members: list[Membership], by: User | None, found: dict[str, Person]
) -> None:
    day = timezone.localdate(meeting.starts_at)
    sent = {found[key].pk for key in APOLOGIES.get(day, []) if key in found}
    away = {found[key].pk for key in ABSENT.get(day, []) if key in found}
    for membership in members:
        if not membership.held_on(day):
            continue
        if membership.role == Membership.Role.REPORTING_OFFICER and membership.person.display_name not in (
            "Helen Brightwell",
            "Dan Morgan",
        ):
            continue  # officers come when they present
        status = (
            Attendance.Status.APOLOGIES
            if membership.person_id in sent
            else Attendance.Status.ABSENT
            if membership.person_id in away
            else Attendance.Status.PRESENT
        )
        save_audited(
            Attendance(meeting=meeting, person=membership.person, status=status), by=by, reason=DEMO_REASON
        )
    for item in meeting.items.exclude(presenter=None).select_related("presenter"):
        if not meeting.attendance.filter(person=item.presenter).exists():
            attendance = Attendance(meeting=meeting, person=item.presenter, status=Attendance.Status.PRESENT)
            save_audited(attendance, by=by, reason=DEMO_REASON)


def _plan_action(decision: Decision, found: dict[str, Person], by: User | None) -> None:
    """The decision's action in the plan, made by the decisions service, dated the day of the meeting."""
    objective = Objective.objects.filter(reference="E1").first() or Objective.objects.order_by("pk").first()
    if objective is None or by is None:
        return
    action = create_action(
        decision,
        objective=objective,
        text=PLAN_ACTION_TEXT,
        due_on=PLAN_ACTION_DUE,
        owner=found.get("Claire Winstanley"),
        version=None,
        by=by,
    )
    action.reference = f"{objective.reference}.{action.position}"
    action.outcome, action.measure = PLAN_ACTION_OUTCOME, PLAN_ACTION_MEASURE
    action.added_on = timezone.localdate(decision.meeting.starts_at)
    action.status = Action.Status.ON_TRACK
    save_audited(action, by=by, reason=DEMO_REASON)


def _decisions_and_questions(
    meetings: dict[dt.date, Meeting], found: dict[str, Person], by: User | None
) -> None:
    for day, text, makes_action in DECISIONS:
        meeting = meetings[day]
        item = meeting.items.filter(kind=AgendaItem.Kind.REPORT).last()
        decision = save_audited(Decision(meeting=meeting, item=item, text=text), by=by, reason=DEMO_REASON)
        if makes_action:
            _plan_action(decision, found, by)
    chair = found.get("chair")
    askers = [found.get(key) for key in ("member", "vice", "chair", "young.person", "member")]
    for (day, text, to, answer_by, answer), asker in zip(QUESTIONS, askers, strict=True):
        meeting = meetings[day]
        answerer = found.get(to) or chair
        if answerer is None:
            continue
        question = Question(
            meeting=meeting,
            item=meeting.items.filter(kind=AgendaItem.Kind.REPORT).first(),
            asked_by=asker,
            text=text,
            to_answer=answerer,
            answer_by=meetings[answer_by],
        )
        if answer:
            question.status = Question.Status.ANSWERED
            question.answer = answer
            question.answered_on = answer_by
            question.answered_at = meetings[answer_by]
        save_audited(question, by=by, reason=DEMO_REASON)


def _seed_year(board: Board, people: dict[str, User], by: User | None) -> dict[dt.date, Meeting]:
    found = _people(people)
    members = _memberships(found, by)
    _work_programme(found, by)
    meetings: dict[dt.date, Meeting] = {}
    previous = None
    for day in MEETING_DAYS:
        meeting = create_meeting(board, starts_at=_at(day), place=PLACE, by=by)
        meetings[day] = meeting
        if day == UPCOMING:
            meeting.status = Meeting.Status.AGENDA_PUBLISHED
            item = meeting.items.get(kind=AgendaItem.Kind.CICC)
            item.narrative = CICC_UPDATES[day]
            save_audited(item, by=by, reason=DEMO_REASON)
        else:
            meeting.status = Meeting.Status.HELD
            _minutes(meeting, previous, by)
            _attendance(meeting, members, by, found)
            previous = meeting
        save_audited(meeting, by=by, reason=DEMO_REASON)
    _decisions_and_questions(meetings, found, by)
    return meetings


def _published_pack(meeting: Meeting, by: User | None, out) -> None:
    """Build the last meeting's pack (a few seconds, in this process: seed_demo runs in one transaction, which a
    worker could not see) and publish it to members. Skipped when it already has a published pack."""
    if by is None or meeting.packs.filter(status=PackVersion.Status.PUBLISHED).exists():
        return
    now = timezone.now()
    build = PackBuild(
        meeting=meeting, requested_by=by, status=PackBuild.Status.RUNNING, attempts=1, started_at=now
    )
    build = save_audited(build, by=by, reason=DEMO_REASON)
    version = build_pack(build, progress=lambda percent, stage: None)
    build.status, build.progress, build.stage = PackBuild.Status.DONE, 100, READY_STAGE
    build.result, build.finished_at = version, timezone.now()
    save_audited(build, by=by, reason=DEMO_REASON)
    version = publish(version, by=by)
    out.write(
        f"Board pack for {timezone.localtime(meeting.starts_at):%d/%m/%Y}: version {version.number}, {version.pages} pages, published."
    )


def seed_board(out, *, people) -> None:
    by = people.get("scrutiny")
    board = _board(by)
    if not board.meetings.exists():
        meetings = _seed_year(board, people, by)
        out.write(
            f"Board: {len(meetings)} meetings from {MEETING_DAYS[0]:%d/%m/%Y} to {UPCOMING:%d/%m/%Y}, "
            f"{Membership.objects.count()} members, {Question.objects.count()} questions."
        )
    last = board.meetings.filter(starts_at__date=UPCOMING).first()
    if last is not None:
        _published_pack(last, by, out)
