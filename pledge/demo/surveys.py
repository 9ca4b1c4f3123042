"""The demo council's two pledge surveys: 2025 (closed) and 2026 (open until 31/12/2026).

Each is built from the pledge that was current that year, as an officer would build it, then its questions are
worded for children, a few of the council's own questions are added, and it is marked ready. The 2026 survey's
8 to 11 and 11 to 17 versions are translated into Arabic (awaiting review by a fluent speaker), and it has a
batch of codes. Surveys are keyed by year: running the seed again adds nothing."""

from __future__ import annotations

import datetime as dt

from cpboard.core.locking import save_audited
from pledge.models import AgeBand, CodeBatch, PledgeVersion, Question, Survey, SurveyVersion, Translation
from pledge.services import codes, surveys

DEMO_REASON = "Demo council"
ALL, OLDER = surveys.ALL_BANDS, surveys.OLDER_BANDS
TEENS_AND_LEAVERS = [AgeBand.OLDER.value, AgeBand.CARE_LEAVERS.value]
SCALE, YES_NO, CHOOSE, FREE = (
    Question.Kind.SCALE,
    Question.Kind.YES_NO,
    Question.Kind.CHOOSE_ONE,
    Question.Kind.FREE_TEXT,
)

# year: (title, opens, closes, pledge version number)
SURVEYS = {
    2025: ("Pledge survey 2025", dt.date(2025, 10, 1), dt.date(2025, 11, 30), 1),
    2026: ("Pledge survey 2026", dt.date(2026, 11, 1), dt.date(2026, 12, 31), 2),
}

# Questions about the pledge's promises, by promise key: (words, bands, Arabic). A promise not listed keeps the
# question the survey was built with.
PROMISE_QUESTIONS = {
    "social-worker": (
        "I know who my social worker is and how to get hold of them.",
        ALL,
        "أعرف من هو الأخصائي الاجتماعي الخاص بي وكيف أتواصل معه.",
    ),
    "have-a-say": (
        "Adults listen to me when they make plans about my life.",
        ALL,
        "يستمع إليّ الكبار عندما يضعون خططًا تخص حياتي.",
    ),
    "a-good-home": (
        "I feel safe and settled where I live.",
        ALL,
        "أشعر بالأمان والاستقرار في المكان الذي أعيش فيه.",
    ),
    "care-plan": (
        "I know what my plan says and I helped to make it.",
        OLDER,
        "أعرف ما تقوله خطتي وقد ساعدت في وضعها.",
    ),
    "family-and-friends": (
        "I see my family and friends as much as I want to, when it is safe.",
        OLDER,
        "أرى عائلتي وأصدقائي بقدر ما أريد، عندما يكون ذلك آمنًا.",
    ),
    "school": (
        "I get the help I need with school or college.",
        OLDER,
        "أحصل على المساعدة التي أحتاجها في المدرسة أو الكلية.",
    ),
    "hobbies": (
        "I can do the hobbies and activities I enjoy.",
        OLDER,
        "أستطيع ممارسة الهوايات والأنشطة التي أحبها.",
    ),
    "health": (
        "I get help to stay healthy, like seeing a doctor or a dentist.",
        OLDER,
        "أحصل على مساعدة لأبقى بصحة جيدة، مثل زيارة الطبيب أو طبيب الأسنان.",
    ),
    "leaving-care": (
        "I am getting the help I need to get ready for living on my own.",
        TEENS_AND_LEAVERS,
        "أحصل على المساعدة التي أحتاجها لأستعد للعيش وحدي.",
    ),
    "worries": (
        "I know who to talk to if I am worried or unhappy.",
        ALL,
        "أعرف مع من أتحدث إذا كنت قلقًا أو غير سعيد.",
    ),
}
CORE_KEYS = {"social-worker", "have-a-say", "a-good-home"}
HINT_AR = "إلى أي مدى هذا صحيح بالنسبة لك؟"

# The council's own questions: (key, kind, words, hint, choices, bands, Arabic words, Arabic hint, Arabic choices)
OWN_QUESTIONS = [
    (
        "advocate",
        YES_NO,
        "Do you know what an advocate is and how to get one?",
        "An advocate is someone who helps you say what you want and makes sure you are heard.",
        [],
        OLDER,
        "هل تعرف ما هو المناصر وكيف تحصل على واحد؟",
        "المناصر شخص يساعدك على قول ما تريده ويتأكد من أن صوتك مسموع.",
        [],
    ),
    (
        "first-person-to-tell",
        CHOOSE,
        "If something was wrong, who would you tell first?",
        "",
        ["My carer", "My social worker", "A teacher", "A friend", "Someone else", "I would not tell anyone"],
        [AgeBand.YOUNGER.value, AgeBand.OLDER.value],
        "إذا كان هناك شيء خاطئ، لمن ستقول أولًا؟",
        "",
        ["الشخص الذي يرعاني", "الأخصائي الاجتماعي", "معلّم", "صديق", "شخص آخر", "لن أخبر أحدًا"],
    ),
    (
        "personal-adviser",
        YES_NO,
        "Can you get hold of your personal adviser when you need them?",
        "Your personal adviser helps you after you leave care.",
        [],
        [AgeBand.CARE_LEAVERS.value],
        "",
        "",
        [],
    ),
]
CLOSING_AR = ("هل هناك شيء آخر تريد أن تخبرنا به؟", "يمكنك أن تخبرنا عن شيء جيد، أو عن شيء يجب أن نغيّره.")
WELCOME_AR = {
    AgeBand.YOUNGER.value: "شكرًا لمساعدتنا. أخبرنا كيف هي الحياة فعلًا بالنسبة لك. لا توجد إجابات خاطئة.",
    AgeBand.OLDER.value: (
        "لقد قطعنا وعودًا لكل طفل في رعايتنا. أخبرنا بصدق إلى أي مدى نفي بها، حتى نتمكن من إصلاح ما يحتاج إلى إصلاح."
    ),
}
TRANSLATED_BANDS = (AgeBand.YOUNGER.value, AgeBand.OLDER.value)
DEMO_CODES = 40


def seed(out, *, people) -> None:
    officer = people.get("officer")
    made = []
    for year, (title, opens, closes, number) in SURVEYS.items():
        if Survey.objects.filter(year=year).exists():
            continue
        pledge = PledgeVersion.objects.filter(number=number).first() or PledgeVersion.objects.current()
        if pledge is None:
            continue  # no pledge to build from (the pledge part did not run)
        survey = surveys.create_from_pledge(
            title=title, year=year, opens_on=opens, closes_on=closes, by=officer, pledge=pledge
        )
        _word_questions(survey, officer)
        survey.is_ready = True
        save_audited(survey, by=officer, reason=DEMO_REASON)
        if year == max(SURVEYS):
            _translate(survey, officer)
            if not CodeBatch.objects.filter(survey=survey).exists():
                codes.make_batch(survey, label="Participation day", count=DEMO_CODES, by=officer)
        made.append(title)
    if made:
        out.write(f"  Pledge surveys: {', '.join(made)}")


def _word_questions(survey: Survey, officer) -> None:
    order = 0
    for question in survey.questions.filter(is_closing=False).select_related("promise").order_by("order"):
        words = PROMISE_QUESTIONS.get(question.key)
        order += 10
        question.order = order
        if words is not None:
            question.text, question.age_bands = words[0], list(words[1])
            question.is_core = question.key in CORE_KEYS
        save_audited(question, by=officer, reason=DEMO_REASON)
    for key, kind, text, hint, choices, bands, *_arabic in OWN_QUESTIONS:
        order += 10
        save_audited(
            Question(
                survey=survey,
                order=order,
                key=key,
                kind=kind,
                text=text,
                hint=hint,
                choices=choices,
                age_bands=list(bands),
            ),
            by=officer,
            reason=DEMO_REASON,
        )


def _translate(survey: Survey, officer) -> None:
    own = {q[0]: q for q in OWN_QUESTIONS}
    for question in survey.questions.all():
        if not set(question.age_bands) & set(TRANSLATED_BANDS):
            continue
        if question.is_closing:
            text, hint, choices = CLOSING_AR[0], CLOSING_AR[1], []
        elif question.key in own and own[question.key][6]:
            text, hint, choices = own[question.key][6], own[question.key][7], own[question.key][8]
        elif question.key in PROMISE_QUESTIONS and question.text == PROMISE_QUESTIONS[question.key][0]:
            text, hint, choices = PROMISE_QUESTIONS[question.key][2], HINT_AR, []
        else:
            continue
        save_audited(
            Translation(
                question=question,
                language="ar",
                text=text,
                hint=hint,
                choices=choices,
                wording_version=question.wording_version,
            ),
            by=officer,
            reason=DEMO_REASON,
        )
    for version in SurveyVersion.objects.filter(survey=survey, age_band__in=TRANSLATED_BANDS):
        save_audited(
            Translation(survey_version=version, language="ar", text=WELCOME_AR[version.age_band]),
            by=officer,
            reason=DEMO_REASON,
        )
