"""The demo council's action plan: Thistledon's corporate parenting action plan 2025-2027, laid out the way
councils lay theirs out (themes, objectives, several owned actions each, with progress to date), and the
scrutiny review of outcomes for children in care whose twelve recommendations most objectives answer.

The story at 01/12/2026: most actions are on track or done; a few are overdue (a month deadline that passed
in the autumn, an annual action whose 2026 round nobody reported, ongoing work with no update since the
spring); one is off track and one was dropped. Two recommendations are due for revisit. Every date and
text is fixed, so running it again changes nothing; it adds nothing once the review exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cpboard.accounts.models import Person, User
from cpboard.actions.models import (
    Action,
    ActionOwner,
    ActionSource,
    Objective,
    ObjectiveRecommendation,
    ProgressUpdate,
    Recommendation,
    RecommendationProgress,
    Review,
    Theme,
)
from cpboard.actions.sources import content_type_for
from cpboard.core.locking import save_audited

DEMO_REASON = "Demo council"
D = dt.date
T = Action.Timescale
S = Action.Status

REVIEW = {
    "title": "Outcomes for children in care",
    "committee": "Children and Young People Scrutiny Panel",
    "reported_on": D(2025, 3, 18),
    "reference": "CYPSP/2025/02",
}
# number, text, addressee, response, response date, revisit date, status
RECOMMENDATIONS = [
    ("1", "Put the views of children in care at the centre of how the board sets its priorities, and show each year what changed as a result.", "Director of Children's Services", "accepted", D(2025, 5, 20), D(2026, 5, 20), "in_progress"),
    ("2", "Tie foster carers' fee payments to completing the training expected of them, after consulting carers.", "Head of Fostering and Adoption", "partly", D(2025, 5, 20), D(2026, 10, 15), "in_progress"),
    ("3", "Give foster carers a mentoring scheme run by experienced carers, alongside the existing support groups.", "Head of Fostering and Adoption", "accepted", D(2025, 5, 20), D(2026, 5, 20), "implemented"),
    ("4", "Make sure every child in care and care leaver gets clear, up-to-date information about the money and support they are entitled to.", "Leaving care team manager", "accepted", D(2025, 5, 20), D(2026, 11, 3), "in_progress"),
    ("5", "Keep changes of social worker for children in care to a minimum when teams are reorganised.", "Assistant Director, Safeguarding", "partly", D(2025, 5, 20), D(2027, 1, 19), "in_progress"),
    ("6", "Refresh the website and text service for children in care so that they can give feedback easily.", "Participation officer", "accepted", D(2025, 5, 20), D(2026, 5, 20), "in_progress"),
    ("7", "Extend the 'staying put' arrangements so more young people can stay with their foster carers after 18.", "Leaving care team manager", "accepted", D(2025, 5, 20), D(2026, 9, 22), "in_progress"),
    ("8", "Complete every initial and review health assessment within the statutory timescales, and check their quality.", "Designated nurse for children in care", "accepted", D(2025, 5, 20), D(2026, 5, 20), "in_progress"),
    ("9", "Offer every child in care a strengths and difficulties questionnaire six months after they come into care.", "Designated nurse for children in care", "accepted", D(2025, 5, 20), D(2027, 3, 16), "open"),
    ("10", "Give children in care priority for work experience and apprenticeships with the council and its partners.", "Head of Education (Virtual School Head)", "accepted", D(2025, 5, 20), D(2027, 1, 19), "in_progress"),
    ("11", "Provide a dedicated psychologist for each of the council's children's homes.", "Director of Children's Services", "rejected", D(2025, 5, 20), None, "closed"),
    ("12", "That the panel revisits this review twelve months after the cabinet response.", "Children and Young People Scrutiny Panel", "accepted", D(2025, 5, 20), D(2026, 5, 20), "implemented"),
]  # fmt: skip
# recommendation number, date, commentary
COMMENTARY = [
    ("1", D(2026, 5, 20), "The children in care council now sets two of the board's four priorities for the year; the first 'you said, we did' report went to the board in April."),
    ("3", D(2026, 5, 20), "Six experienced carers trained as mentors; twenty-two newer carers matched with one. Panel agreed this one is complete."),
    ("6", D(2026, 5, 20), "New website launched in February. Text service delayed by the supplier; now expected in the new year."),
    ("8", D(2026, 5, 20), "Initial assessments on time rose from 61% to 78% over the year. Review assessments steady at 85%."),
    ("12", D(2026, 5, 20), "The panel met on 20/05/2026 to revisit the review; this tracker records what it found."),
    ("2", D(2025, 11, 4), "Consultation with carers finished. Carers asked for training at weekends before any link to fees."),
]  # fmt: skip

# theme, objective reference, objective, recommendation numbers,
#   [(action reference, action, owners, timescale, due, every, condition, outcome, measure, priority, status)]
OWNER_OFFICER = "@officer"  # the demo officer's entry in the directory
PLAN: list[Any] = [
    ("Listen to children and young people and show we have acted", [
        ("A1", "Put the wishes and feelings of children in care at the heart of the board's decisions", ["1"], [
            ("A1.1", "Refresh the Thistledon Promise with the children in care council and build it into service planning", ["Children in Care Service"], T.RECURRING, D(2025, 6, 1), 12, "", "Services reflect what children in care tell us matters to them", "The Promise is reviewed each June and each commitment has an owner", "high", S.ON_TRACK),
            ("A1.2", "Train members of the children in care council to sit on interview panels for social workers", ["Participation officer", OWNER_OFFICER], T.MONTH, D(2025, 9, 1), None, "", "Young people help choose the staff who work with them", "Number of interview panels with a young person on them", "medium", S.COMPLETE),
            ("A1.3", "Hold a take-over day where young people shadow councillors and senior officers", ["Participation officer"], T.MONTH, D(2026, 11, 1), None, "", "Young people see how decisions are made and raise their aspirations", "Feedback from young people taking part", "medium", S.ON_TRACK),
            ("A1.4", "Publish a 'you said, we did' summary after each pledge survey", [OWNER_OFFICER], T.DATE, D(2026, 12, 31), None, "", "Children can see what changed because of what they said", "Summary published within two months of the survey closing", "high", S.AT_RISK),
        ]),
        ("A2", "Make it easier for children in care to get information and give feedback online", ["6"], [
            ("A2.1", "Relaunch the children in care website and add a text feedback service", ["Participation officer", "Digital Services Manager"], T.MONTH, D(2026, 3, 1), None, "", "More ways to share information with children and hear from them", "Visits to the site and feedback messages received each quarter", "medium", S.OFF_TRACK),
        ]),
    ]),
    ("Support corporate parents in their role", [
        ("B1", "Corporate parents know their training needs and take part in training", [], [
            ("B1.1", "Agree a training programme for board members each municipal year", ["Member development officer"], T.RECURRING, D(2025, 7, 1), 12, "", "Members are equipped to hold officers to account", "Attendance recorded against the programme", "medium", S.ON_TRACK),
        ]),
        ("B2", "The board challenges officers on performance", [], [
            ("B2.1", "Invite a service lead to present their performance to each board meeting", ["Democratic services officer"], T.ONGOING, None, None, "", "Officers show how their service improves outcomes", "A service report at every meeting", "medium", S.ON_TRACK),
        ]),
    ]),
    ("Engage the whole council in corporate parenting", [
        ("C1", "Every part of the council understands its corporate parenting responsibilities", [], [
            ("C1.1", "Hold a corporate parenting conference for staff, partners and councillors", ["Director of Children's Services", "Heads of Service"], T.MONTH, D(2026, 9, 1), None, "", "Services across the council join up their support for care leavers", "Number attending and follow-up commitments made", "medium", S.NOT_STARTED),
            ("C1.2", "Add a corporate parenting module to the council's mandatory e-learning", ["Head of Organisational Development"], T.DATE, D(2027, 3, 31), None, "", "All staff know what being a corporate parent means", "Completion rate of the module", "low", S.NOT_STARTED),
        ]),
    ]),
    ("Being healthy", [
        ("D1", "Find and meet the health and emotional needs of children in care early", ["8", "9"], [
            ("D1.1", "Complete initial and review health assessments within statutory timescales and audit their quality", ["Designated nurse for children in care", "Designated doctor for children in care"], T.ONGOING, D(2025, 6, 1), None, "", "More assessments on time; needs identified and met", "Proportion of assessments on time, each quarter", "high", S.ON_TRACK),
            ("D1.2", "Introduce the strengths and difficulties questionnaire six months after a child comes into care", ["Designated nurse for children in care"], T.MONTH, D(2027, 4, 1), None, "", "Emotional and behavioural needs spotted sooner", "Questionnaires completed within seven months of entry to care", "medium", S.NOT_STARTED),
        ]),
        ("D2", "Improve health outcomes for children in foster care and care leavers", [], [
            ("D2.1", "Train foster carers in the healthy homes standards and check them at carer reviews", ["Head of Fostering and Adoption"], T.MONTH, D(2027, 3, 1), None, "", "Clear health standards in every foster home", "Carers trained; standards checked at annual review", "medium", S.ON_TRACK),
            ("D2.2", "Agree with health partners how to support care leavers aged 18 to 21 with their health", ["Leaving care team manager", "Designated nurse for children in care"], T.ONGOING, D(2025, 9, 1), None, "", "Care leavers get lifestyle advice and health support", "Care leavers with a health passport", "medium", S.ON_TRACK),
        ]),
    ]),
    ("Staying safe", [
        ("E1", "Support young people who have been in care after their 18th birthday", ["7"], [
            ("E1.1", "Run a twelve-month staying put pilot", ["Leaving care team manager"], T.MONTH, D(2026, 3, 1), None, "", "More young people stay with their foster carers after 18", "Young people staying put at 19", "high", S.COMPLETE),
            ("E1.2", "Open weekly drop-in sessions for care leavers", ["Leaving care team manager"], T.ONGOING, D(2025, 7, 1), None, "", "Care leavers have somewhere to go for help", "Attendance at drop-ins", "medium", S.ON_TRACK),
        ]),
        ("E2", "Foster carers are trained and supported to meet every child's needs", ["2", "3"], [
            ("E2.1", "Agree with carers how fees will be linked to completing training", ["Fostering Service Team Leader"], T.MONTH, D(2027, 6, 1), None, "", "Carers keep their skills up to date", "Carers meeting their training requirement", "medium", S.AT_RISK),
            ("E2.2", "Start a mentoring scheme in which experienced carers support newer ones", ["Fostering Service Team Leader"], T.MONTH, D(2025, 12, 1), None, "", "Better support leads to more stable placements", "Carers with a mentor; placement moves", "medium", S.COMPLETE),
            ("E2.3", "Offer training at evenings and weekends, with childcare, to help carers attend", ["Fostering Service Team Leader", OWNER_OFFICER], T.MONTH, D(2027, 1, 1), None, "", "More carers attend training", "Carers attending each term", "medium", S.NOT_STARTED),
        ]),
        ("E3", "Children in care keep the same social worker wherever possible", ["5"], [
            ("E3.1", "Redesign social work teams to cut case transfers", ["Assistant Director, Safeguarding"], T.CONDITIONAL, D(2027, 3, 1), None, "the council's budget decisions for 2027-28", "Fewer changes of social worker", "Children with more than one social worker in a year", "high", S.NOT_STARTED),
        ]),
        ("E4", "Children in care and care leavers know what money and support they are entitled to", ["4"], [
            ("E4.1", "Write a plain-language guide to entitlements with the children in care council", ["Leaving care team manager", "Participation officer"], T.MONTH, D(2026, 12, 1), None, "", "Young people can ask for the support they are entitled to", "Guide published in young-people-friendly versions", "medium", S.ON_TRACK),
        ]),
    ]),
    ("Enjoying and achieving economic well-being", [
        ("F1", "Children in care are ready for education, training or work when they leave care", ["10"], [
            ("F1.1", "Recruit a peer mentor and an apprentice to the employability team", ["Head of Education (Virtual School Head)"], T.MONTH, D(2026, 1, 1), None, "", "More young people get work experience", "Care leavers in education, employment or training", "high", S.COMPLETE),
            ("F1.2", "Ask the council's main contractors to offer work experience to care leavers", ["Head of Education (Virtual School Head)", "Head of Procurement"], T.DATE, D(2027, 6, 30), None, "", "More employers open doors to care leavers", "Placements offered by contractors", "medium", S.ON_TRACK),
            ("F1.3", "Arrange visits to universities and colleges for young people in care", ["14-19 Team"], T.RECURRING, D(2025, 10, 1), 12, "", "Young people aim higher", "How many go on to further or higher education", "medium", S.NOT_STARTED),
        ]),
        ("F2", "Provide psychological support within the council's children's homes", ["11"], [
            ("F2.1", "Fund a psychologist post for each children's home", ["Director of Children's Services"], T.DATE, D(2026, 3, 31), None, "", "Children in the homes get help quickly", "Psychologist sessions held", "low", S.DROPPED),
        ]),
    ]),
]  # fmt: skip

# action reference, date, text, status after (or "")
UPDATES = [
    ("A1.1", D(2025, 6, 24), "Promise refreshed with the children in care council; each commitment now has a named owner.", S.ON_TRACK),
    ("A1.2", D(2025, 9, 18), "Eight young people trained; the first panel with a young member sat on 11/09/2025. Closing: done.", S.COMPLETE),
    ("A1.3", D(2026, 9, 2), "Date set for 21/11/2026; six councillors and four senior officers signed up to host.", S.ON_TRACK),
    ("A1.3", D(2026, 11, 24), "Take-over day held on 21/11/2026 with fourteen young people; their ideas go to the January board.", S.COMPLETE),
    ("A1.4", D(2026, 10, 6), "Survey closed late, so the summary is behind. Draft with the children in care council.", S.AT_RISK),
    ("A2.1", D(2026, 2, 12), "Website relaunched.", ""),
    ("A2.1", D(2026, 4, 28), "Text service supplier has missed two deadlines; looking at alternatives.", S.OFF_TRACK),
    ("B1.1", D(2025, 7, 15), "2025/26 programme agreed by the board.", S.ON_TRACK),
    ("B1.1", D(2026, 7, 8), "2026/27 programme agreed, with two sessions led by young people.", ""),
    ("B2.1", D(2026, 10, 14), "Fostering presented in October; leaving care booked for January.", S.ON_TRACK),
    ("D1.1", D(2025, 12, 3), "Initial improvements in timescales; the process with health partners is being rewritten.", S.ON_TRACK),
    ("D1.1", D(2026, 9, 30), "Quality audits of assessments started and continuing each quarter.", ""),
    ("D2.1", D(2026, 9, 20), "Forty carers trained so far; standards added to the review form.", S.ON_TRACK),
    ("D2.2", D(2026, 3, 10), "First meeting with the clinical commissioning team held.", S.ON_TRACK),
    ("E1.1", D(2026, 3, 27), "Pilot finished: nine young people stayed put at 19, up from three. Now part of normal practice.", S.COMPLETE),
    ("E1.2", D(2026, 11, 2), "Drop-ins running every Wednesday; about a dozen young people a week.", S.ON_TRACK),
    ("E2.1", D(2026, 2, 2), "Carers want weekend training before any link to fees; proposal being reworked.", S.AT_RISK),
    ("E2.2", D(2025, 12, 15), "Six mentors trained and twenty-two carers matched. Done.", S.COMPLETE),
    ("E4.1", D(2026, 10, 29), "Guide drafted; the children in care council is checking the wording.", S.ON_TRACK),
    ("F1.1", D(2026, 1, 20), "Peer mentor and apprentice both in post.", S.COMPLETE),
    ("F1.2", D(2026, 11, 12), "Three contractors have agreed so far.", S.ON_TRACK),
    ("F1.3", D(2025, 10, 20), "Visits to two universities and the further education college; 31 young people went.", S.ON_TRACK),
    ("F1.3", D(2026, 10, 16), "This year's visits done, with a residential summer school added.", ""),
    ("F2.1", D(2025, 6, 3), "Dropped: cabinet rejected recommendation 11; the homes use the CAMHS in-reach service instead.", S.DROPPED),
]  # fmt: skip


def _owners(made: Action, owners: list[str], officer: Person | None) -> None:
    for position, owner in enumerate(owners):
        if owner == OWNER_OFFICER:
            if officer is None:
                continue
            row = ActionOwner(action=made, person=officer, position=position)
        else:
            row = ActionOwner(action=made, post=owner, position=position)
        save_audited(row, by=None, reason=DEMO_REASON)


def seed_actions(out, *, people: dict[str, User]) -> None:
    if Review.objects.filter(title=REVIEW["title"]).exists():
        return
    author = people.get("officer")
    scrutiny = people.get("scrutiny") or author
    officer = Person.objects.filter(user=author).first() if author else None
    review = save_audited(Review(**REVIEW), by=scrutiny, reason=DEMO_REASON)
    recommendations = {}
    for position, (number, text, to, response, response_on, revisit_on, status) in enumerate(
        RECOMMENDATIONS, 1
    ):
        recommendations[number] = save_audited(
            Recommendation(
                review=review,
                number=number,
                position=position,
                text=text,
                addressee=to,
                response=response,
                response_on=response_on,
                revisit_on=revisit_on,
                status=status,
            ),
            by=scrutiny,
            reason=DEMO_REASON,
        )
    for number, day, text in COMMENTARY:
        save_audited(
            RecommendationProgress(
                recommendation=recommendations[number], written_on=day, text=text, author=scrutiny
            ),
            by=scrutiny,
            reason=DEMO_REASON,
        )
    actions = {}
    for theme_position, (theme_name, objectives) in enumerate(PLAN, 1):
        theme = Theme.objects.filter(name=theme_name).first() or save_audited(
            Theme(name=theme_name, position=theme_position), by=author, reason=DEMO_REASON
        )
        for objective_position, (reference, text, numbers, rows) in enumerate(objectives, 1):
            objective = save_audited(
                Objective(theme=theme, reference=reference, text=text, position=objective_position),
                by=author,
                reason=DEMO_REASON,
            )
            for number in numbers:
                save_audited(
                    ObjectiveRecommendation(objective=objective, recommendation=recommendations[number]),
                    by=scrutiny,
                    reason=DEMO_REASON,
                )
            for position, row in enumerate(rows, 1):
                ref, action_text, owners, kind, due, every, condition, outcome, measure, priority, _status = (
                    row
                )
                made = save_audited(
                    Action(
                        objective=objective,
                        reference=ref,
                        text=action_text,
                        outcome=outcome,
                        measure=measure,
                        priority=priority,
                        timescale=kind,
                        due_on=due,
                        every=every,
                        condition=condition,
                        position=position,
                        added_on=D(2025, 5, 20),
                    ),
                    by=author,
                    reason=DEMO_REASON,
                )
                _owners(made, owners, officer)
                actions[ref] = made
    for ref, day, text, status in UPDATES:
        action = actions[ref]
        save_audited(
            ProgressUpdate(action=action, written_on=day, text=text, status=status, author=author),
            by=author,
            reason=DEMO_REASON,
        )
        if status:
            action.status = status
            action.closed_on = day if status in Action.CLOSED else None
            action.dropped_reason = text if status == S.DROPPED else ""
            save_audited(action, by=author, reason=DEMO_REASON)
    # A source that is not a recommendation: the inspection finding behind the health assessment work.
    save_audited(
        ActionSource(
            action=actions["D1.1"],
            kind=ActionSource.Kind.INSPECTION,
            description="Ofsted inspection of children's services, January 2025: timeliness of health assessments",
        ),
        by=author,
        reason=DEMO_REASON,
    )
    save_audited(
        ActionSource(
            action=actions["A1.4"],
            kind=ActionSource.Kind.RECOMMENDATION,
            source_type=content_type_for(ActionSource.Kind.RECOMMENDATION),
            source_id=recommendations["1"].pk,
        ),
        by=author,
        reason=DEMO_REASON,
    )
    out.write(
        f"Action plan: {len(actions)} actions under {len(PLAN)} themes, and a scrutiny review with "
        f"{len(recommendations)} recommendations."
    )
