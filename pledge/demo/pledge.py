"""Thistledon's pledge to children in care: two versions, in the spirit of the Sefton pledge (our own words).

Version 1 was published in April 2024; version 2, published in April 2026 after the Children in Care Council
asked for it, adds a promise about sorting out worries and makes some promises easier to check."""

from __future__ import annotations

import datetime as dt

from cpboard.core.locking import save_audited
from performance.models import OutcomeArea
from pledge.models import Commitment, PledgeVersion, Principle, Promise

DEMO_REASON = "Demo council"
LAW, LOCAL = Commitment.Kind.STATUTORY, Commitment.Kind.LOCAL
P = Principle

INTRODUCTION = (
    "This is our promise to every child in our care and every young person leaving care. "
    "The Children in Care Council helped us write it. Tell us if we do not keep it."
)

# (key, outcome area slug, child's words, plain English, principles, [(commitment, kind, measure)])
PROMISES = [
    (
        "social-worker",
        "staying-safe",
        "We promise you will know your social worker and how to reach them.",
        "Every child has a named, qualified social worker whose contact details they hold, who visits at least "
        "as often as the law requires and who is changed only when it cannot be avoided.",
        [P.SERVICES, P.SAFETY],
        [
            ("You will have your social worker's phone number and email.", LOCAL, ""),
            (
                "If you leave a message, someone will ring you back.",
                LOCAL,
                "By the end of the next working day.",
            ),
            ("Your social worker will come to see you.", LAW, "At least every six weeks."),
            ("We will only change your social worker if we really have to.", LOCAL, ""),
        ],
    ),
    (
        "care-plan",
        "staying-safe",
        "We promise your plan will be up to date and right for you.",
        "Each child's care plan is reviewed on time by an Independent Reviewing Officer, covers their cultural, "
        "religious and identity needs, and is shared with them in a form they can read.",
        [P.BEST_INTERESTS, P.SAFETY],
        [
            ("You will get your own copy of your plan.", LOCAL, ""),
            ("Your plan will be checked with you.", LAW, "At least every six months."),
            ("You will know your Independent Reviewing Officer and how to talk to them.", LAW, ""),
        ],
    ),
    (
        "a-good-home",
        "staying-safe",
        "We promise to find you a home where you feel safe and cared for.",
        "Placements are matched to the child's needs, close to home where safe, with the child told about a "
        "move beforehand except in an emergency.",
        [P.SAFETY, P.BEST_INTERESTS],
        [
            ("We will tell you about a new home before you move, unless it is an emergency.", LOCAL, ""),
            ("We will try to keep you near your school and friends.", LOCAL, ""),
        ],
    ),
    (
        "family-and-friends",
        "staying-safe",
        "We promise to help you keep in touch with your family and friends.",
        "Contact with family and friends is supported where it is safe, children's views shape the "
        "arrangements, and they are told why when contact is not possible.",
        [P.VIEWS, P.SAFETY],
        [
            ("We will ask you who matters to you.", LOCAL, ""),
            ("If you cannot see someone, your social worker will tell you why.", LOCAL, ""),
            ("We will pay for trips to see the people in your plan.", LOCAL, ""),
        ],
    ),
    (
        "worries",
        "staying-safe",
        "We promise to help you sort out your worries.",
        "Children know how to reach an independent advocate and how to complain, and complaints are answered "
        "within the statutory time.",
        [P.VIEWS, P.SERVICES, P.SAFETY],
        [
            (
                "You will know how to get an advocate. An advocate is on your side and helps you speak up.",
                LAW,
                "",
            ),
            ("You will know how to make a complaint.", LAW, ""),
            ("We will answer your complaint quickly.", LAW, "Within 10 working days."),
        ],
    ),
    (
        "have-a-say",
        "positive-contribution",
        "We promise to listen to you when we make plans about your life.",
        "Children's wishes and feelings are sought and recorded before decisions about them, and they are told "
        "the reasons when a decision goes against what they asked for.",
        [P.VIEWS, P.BEST_INTERESTS],
        [
            ("We will ask what you think before we decide.", LAW, ""),
            (
                "If we cannot do what you ask, we will tell you why.",
                LOCAL,
                "Within two weeks of the decision.",
            ),
            ("You can come to your own review meetings.", LOCAL, ""),
        ],
    ),
    (
        "hobbies",
        "positive-contribution",
        "We promise to help you enjoy your hobbies and try new things.",
        "Every child in care receives a free leisure card, and the council celebrates children's achievements "
        "each year.",
        [P.ASPIRATIONS, P.SERVICES],
        [
            (
                "You will get a free leisure card for pools and sports centres.",
                LOCAL,
                "Within a month of coming into care.",
            ),
            ("We will celebrate what you do well at our awards night.", LOCAL, "Every year."),
        ],
    ),
    (
        "school",
        "enjoying-achieving",
        "We promise to help you do your best at school.",
        "The Virtual School and designated teachers support every child's education; Personal Education Plans "
        "are written with the child; school moves are avoided, above all in Years 10 and 11.",
        [P.ASPIRATIONS, P.SERVICES],
        [
            ("You will help write your Personal Education Plan and get a copy.", LAW, ""),
            ("If you fall behind, we will get you extra help.", LOCAL, ""),
            (
                "If you move home, we will try hard to keep you at the same school.",
                LOCAL,
                "No school moves in Years 10 and 11 unless there is no other way.",
            ),
        ],
    ),
    (
        "health",
        "being-healthy",
        "We promise to help you stay healthy.",
        "Health assessments and dental checks are done on time, and each child can see the nurse for children "
        "in care in confidence.",
        [P.BEST_INTERESTS, P.SERVICES],
        [
            ("You will have a health check.", LAW, "Every year, or every six months if you are under five."),
            ("You will see a dentist.", LOCAL, "Every year."),
            ("You can talk to the nurse for children in care in private.", LOCAL, ""),
        ],
    ),
    (
        "leaving-care",
        "economic-wellbeing",
        "We promise to help you get ready for life after care.",
        "Young people are not moved on before 18, have a pathway plan they helped write, a personal adviser "
        "until 25 if they want one, and help to find a safe home.",
        [P.ADULTHOOD, P.ASPIRATIONS],
        [
            ("You will not have to leave care before you are 18.", LOCAL, ""),
            ("You will help write your pathway plan and get a copy.", LAW, ""),
            ("We will stay in touch with you if you want us to.", LAW, "Until you are 25."),
            ("We will help you find a safe place to live.", LOCAL, ""),
        ],
    ),
]

# Version 1 had no promise about worries, and fewer measures; version 2 added them.
FIRST_VERSION_LEAVES_OUT = {"worries"}


def _version(
    number: int, status: str, published_on: dt.date, review_by: dt.date | None, *, by
) -> PledgeVersion:
    version = PledgeVersion(
        number=number,
        title="Our promise to you",
        introduction=INTRODUCTION,
        status=status,
        published_on=published_on,
        review_by=review_by,
    )
    return save_audited(version, by=by, reason=DEMO_REASON)


def _promises(version: PledgeVersion, *, first: bool, by) -> int:
    areas = {area.slug: area for area in OutcomeArea.objects.all()}
    count = 0
    for order, (key, area, child, plain, principles, commitments) in enumerate(PROMISES, start=1):
        if first and key in FIRST_VERSION_LEAVES_OUT:
            continue
        promise = Promise(
            pledge_version=version,
            order=order,
            key=key,
            outcome_area=areas[area],
            child_text=child,
            plain_text=plain,
            principles=[p.value for p in principles],
        )
        save_audited(promise, by=by, reason=DEMO_REASON)
        count += 1
        for position, (text, kind, measure) in enumerate(commitments, start=1):
            save_audited(
                Commitment(
                    promise=promise, order=position, text=text, kind=kind, measure="" if first else measure
                ),
                by=by,
                reason=DEMO_REASON,
            )
    return count


def seed(out, *, people) -> None:
    """Version 1 (April 2024, replaced) and version 2 (the current pledge, April 2026). Idempotent."""
    if PledgeVersion.objects.exists():
        return
    officer = people["officer"]
    first = _version(1, PledgeVersion.Status.SUPERSEDED, dt.date(2024, 4, 1), None, by=officer)
    _promises(first, first=True, by=officer)
    current = _version(
        2, PledgeVersion.Status.PUBLISHED, dt.date(2026, 4, 1), dt.date(2027, 3, 31), by=officer
    )
    count = _promises(current, first=False, by=officer)
    out.write(f"Pledge: version 2 ({count} promises) is current; version 1 (April 2024) stays readable.")
