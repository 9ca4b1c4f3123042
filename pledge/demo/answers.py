"""The demo children's answers: about 60 children for each of the two surveys, across the age bands, with
the kind of answers a council hears (most children know their social worker; fewer know how to get an
advocate or feel listened to at reviews; things a little better in 2026 than in 2025), and free-text
messages in children's own words, written for this demo. The 2025 messages have all been checked by an
officer (most approved, some with a name or place taken out, two withheld); in 2026 some still wait.

Every choice comes from a random generator seeded by the survey's year, so the same answers are made every
time, and nothing is added to a survey that already has its demo answers (seed_demo can run twice).
No answer names a child: they come in through single-use codes, written with no person in the history."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from cpboard.core.locking import create_many_audited
from pledge.models import AccessCode, AgeBand, Answer, CodeBatch, Message, Question, Survey, SurveyResponse
from pledge.services import moderation

DEMO_LABEL = "Demo answers (participation sessions)"
RECORDED = "Demo answers"
MESSAGE_WAITING = "Message waiting to be checked"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CHILDREN_PER_BAND = {AgeBand.YOUNGEST: 10, AgeBand.YOUNGER: 16, AgeBand.OLDER: 22, AgeBand.CARE_LEAVERS: 12}

# Each message: the child's words, and, where they name someone or somewhere, the words the officer approved.
MESSAGES: list[tuple[str, str]] = [
    ("My foster family are kind and they always make time for me after school.", ""),
    ("I like my new home because I have my own room and a dog to walk.", ""),
    ("I have had three social workers this year and I have to tell my story again every time.", ""),
    ("Please can I see my little brother more than once a month.", ""),
    (
        "My worker Kerry always rings me back the same day, she is the best.",
        "My worker always rings me back the same day, she is the best.",
    ),
    ("I did not know I could have an advocate until my friend told me.", ""),
    ("My review was all grown ups talking. I want to say things before they decide.", ""),
    ("Thank you for the bike. I ride it every weekend.", ""),
    (
        "I am happy at Larch House but it is far from my school.",
        "I am happy where I live but it is far from my school.",
    ),
    ("The leisure pass is really good, I go swimming with it.", ""),
    ("I wish someone explained why I had to move so fast.", ""),
    ("Sometimes I feel like a case not a person.", ""),
    ("I love my foster family <3 they are my family now", ""),
    ("Can the pathway plan be in normal words please, I did not understand it.", ""),
    ("When I turned 18 the flat was sorted on time and that helped a lot.", ""),
    ("I want help with driving lessons like my mates get from their parents.", ""),
    (
        "My teacher Mr Hollis at Brookside Academy helps me with my homework at lunch.",
        "My teacher helps me with my homework at lunch.",
    ),
    ("Nobody told me my social worker was leaving. I just got a new one.", ""),
    ("I like it when the council people come to see us and actually listen.", ""),
    ("More trips in the holidays please!", ""),
    ("I get scared at night sometimes and I have told my carer.", ""),
    ("I didn't get my birthday money on time this year.", ""),
    ("The Children in Care Council is fun and I feel listened to there.", ""),
    ("I want to stay with my carers after I am 18.", ""),
    ("Please make the survey shorter next time lol", ""),
    ("My mum's phone number is 07700 900461, please can I ring her more.", "Please can I ring my mum more."),
    ("I feel safe where I live now.", ""),
    ("I would like to learn to cook before I move out.", ""),
    ("Not everyone knocks before coming in my room.", ""),
    ("It's ok here. Better than before.", ""),
]
# Two messages the officer withholds, with the reason officers read: never shown to the board.
WITHHELD = [
    (
        "I don't want to say this in the survey but something happened at contact and I am upset about it.",
        "The child asked for help: passed to their social worker the same day, not for the board.",
    ),
    (
        "this survey is rubbish and so are you all",
        "Nothing in it for the board to act on; the feeling is counted in the answers.",
    ),
]

# How children tend to answer each kind of question: weights for "5" down to "1", and for yes, no, not sure.
# A promise that is harder to keep (advocates, being listened to at reviews, moving on) leans lower.
STRONG = [40, 33, 15, 7, 5]
MIDDLING = [22, 28, 25, 15, 10]
WEAK = [10, 18, 30, 24, 18]
HARD_WORDS = ("advocate", "listen", "review", "explain", "move", "leav", "plan", "told", "choice", "say")


@dataclass
class Child:
    band: str
    answers: dict[int, tuple[str, str]]  # question id -> (value, text)


def _code(rng: random.Random, year: int, taken: set[str]) -> str:
    while True:
        code = f"D{year % 100}-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def record_children(
    survey: Survey, children: list[Child], *, label: str, rng: random.Random, submitted_on: dt.date
) -> list[SurveyResponse]:
    """Record each child's sent answers through a single-use code of a new batch `label`; free-text answers
    become messages waiting to be checked. Returns the responses. (Also used by tests and bench/.)"""
    versions = {v.age_band: v for v in survey.versions.all()}
    questions = {q.pk: q for q in survey.questions.all()}
    batch = CodeBatch(survey=survey, label=label)
    create_many_audited(CodeBatch, [batch], by=None, reason=RECORDED)
    batch = CodeBatch.objects.get(survey=survey, label=label)
    taken = set(
        AccessCode.objects.filter(code__startswith=f"D{survey.year % 100}-").values_list("code", flat=True)
    )
    codes = create_many_audited(
        AccessCode,
        [
            AccessCode(batch=batch, code=_code(rng, survey.year, taken), status=AccessCode.Status.SUBMITTED)
            for _ in children
        ],
        by=None,
        reason=RECORDED,
    )
    codes = list(AccessCode.objects.filter(batch=batch).order_by("pk"))
    create_many_audited(
        SurveyResponse,
        [
            SurveyResponse(
                survey=survey,
                survey_version=versions[child.band],
                access_code=code,
                submitted_on=submitted_on,
            )
            for child, code in zip(children, codes, strict=True)
        ],
        by=None,
        reason=RECORDED,
    )
    responses = list(SurveyResponse.objects.filter(access_code__batch=batch).order_by("access_code_id"))
    answers = [
        Answer(
            response=response,
            question_id=question_id,
            wording_version=questions[question_id].wording_version,
            value=value,
            text=text,
        )
        for child, response in zip(children, responses, strict=True)
        for question_id, (value, text) in child.answers.items()
    ]
    create_many_audited(Answer, answers, by=None, reason=RECORDED)
    written = Answer.objects.filter(response__in=responses, question__kind=Question.Kind.FREE_TEXT).exclude(
        text=""
    )
    create_many_audited(Message, [Message(answer=a) for a in written], by=None, reason=MESSAGE_WAITING)
    return responses


def _weights(question: Question, year: int) -> list[int]:
    words = f"{question.key} {question.text}".lower()
    base = (
        WEAK
        if any(w in words for w in HARD_WORDS)
        else STRONG
        if sum(map(ord, question.key)) % 3
        else MIDDLING
    )
    if year >= 2026:  # a little better in the second year: the board acted on the first
        return [base[0] + 4, base[1] + 3, base[2], max(base[3] - 4, 1), max(base[4] - 3, 1)]
    return base


def _answer(question: Question, rng: random.Random, year: int, messages: list[str]) -> tuple[str, str] | None:
    if question.kind == Question.Kind.SCALE:
        if rng.random() < 0.04:
            return None  # skipped
        return rng.choices(["5", "4", "3", "2", "1"], weights=_weights(question, year))[0], ""
    if question.kind == Question.Kind.YES_NO:
        if rng.random() < 0.04:
            return None
        w = _weights(question, year)
        return rng.choices(["yes", "no", "not-sure"], weights=[w[0] + w[1], w[3] + w[4], w[2]])[0], ""
    if question.kind == Question.Kind.CHOOSE_ONE:
        if not question.choices or rng.random() < 0.06:
            return None
        return str(rng.randrange(len(question.choices))), ""
    if messages and rng.random() < 0.45:
        return "", messages.pop()
    return None


def seed(out, *, people) -> None:
    officer = people.get("officer")
    surveys = list(Survey.objects.filter(year__in=[2025, 2026]).order_by("year"))
    if not surveys:
        out.write("  pledge answers: no demo surveys to answer yet")
        return
    for survey in surveys:
        if CodeBatch.objects.filter(survey=survey, label=DEMO_LABEL).exists():
            continue
        rng = random.Random(f"thistledon-pledge-{survey.year}")
        versions = {v.age_band for v in survey.versions.all()}
        questions = list(survey.questions.filter(retired=False).order_by("order", "pk"))
        pool = [text for text, _ in MESSAGES]
        rng.shuffle(pool)
        pool += [text for text, _ in WITHHELD] if survey.year == 2025 else []
        children = []
        for band, count in CHILDREN_PER_BAND.items():
            if band not in versions:
                continue
            for _ in range(count):
                answers = {}
                for question in questions:
                    if band in question.age_bands:
                        given = _answer(question, rng, survey.year, pool)
                        if given is not None:
                            answers[question.pk] = given
                children.append(Child(band, answers))
        if not children:
            continue
        sent = _sent_on(survey)
        record_children(survey, children, label=DEMO_LABEL, rng=rng, submitted_on=sent)
        _moderate(survey, officer)
        written = Message.objects.filter(answer__response__survey=survey).count()
        out.write(f"  pledge answers: {len(children)} children answered {survey.title}, {written} messages")


def _sent_on(survey: Survey) -> dt.date:
    """The day the demo answers were sent: the last day of a closed survey, else 20 November of its year;
    never after today, nor before the survey opened."""
    day = survey.closes_on if survey.closes_on and survey.year == 2025 else dt.date(survey.year, 11, 20)
    day = min(day, timezone.localdate())
    return max(day, survey.opens_on) if survey.opens_on else day


def _moderate(survey: Survey, officer) -> None:
    """2025: every message checked. 2026: the first half checked, the rest waiting for the officer."""
    edits = {text: edited for text, edited in MESSAGES if edited}
    reasons = dict(WITHHELD)
    messages = list(
        Message.objects.filter(answer__response__survey=survey).select_related("answer").order_by("pk")
    )
    checked = messages if survey.year == 2025 else messages[: len(messages) // 2]
    for message in checked:
        text = message.answer.text
        if text in reasons:
            moderation.withhold(message, reason=reasons[text], version=message.version, by=officer)
        else:
            moderation.approve(message, shown_text=edits.get(text, text), version=message.version, by=officer)
