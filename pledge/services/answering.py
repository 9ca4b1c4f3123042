"""A child answering a survey: starting (with a code or an account), saving each answer as it is given,
resuming, and sending the answers once.

Nothing written here names the child: every write is made with `by=None`, so the history has no person
either, and a Children in Care Council member's account is kept only as a keyed digest of their id and the
survey (`account_key`), which lets them resume and stops a second set of answers, but cannot be turned back
into who they are without the server's secret key.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cpboard.core.locking import delete_audited, lock, save_audited
from pledge.models import AccessCode, Answer, Message, Question, Survey, SurveyResponse, SurveyVersion
from pledge.services import surveys

STARTED = "Survey started"
ANSWERED = "Answer saved"
CHANGED = "Answer changed"
SKIPPED = "Question skipped"
SUBMITTED = "Answers sent"
CODE_STARTED = "Code used to start the survey"
CODE_SUBMITTED = "Code used to send answers"
MESSAGE_WAITING = "Message waiting to be checked"

TEXT_LIMIT = 1000  # characters in a free-text answer (Answer.text's max_length)

# The stored values, and the words a child reads. The "agree" share counts 4 and 5.
SCALE = [
    ("5", _("Always true")),
    ("4", _("Mostly true")),
    ("3", _("Sometimes true")),
    ("2", _("Not often true")),
    ("1", _("Never true")),
]
FACES = {"5": "very-happy", "4": "happy", "3": "in-between", "2": "sad", "1": "very-sad"}
FACE_WORDS = {
    "very-happy": _("A face with a big smile"),
    "happy": _("A smiling face"),
    "in-between": _("A face with a straight mouth"),
    "sad": _("A frowning face"),
    "very-sad": _("A face with a big frown"),
}
YES_NO = [("yes", _("Yes")), ("no", _("No")), ("not-sure", _("Not sure"))]
LANGUAGES = {"en": "English", "ar": "العربية"}
ENGLISH_NAMES = {"en": "English", "ar": "Arabic"}
RIGHT_TO_LEFT = {"ar"}
AWAITING_REVIEW = {"ar"}  # translations not yet checked by a fluent speaker


@dataclass(frozen=True)
class Wording:
    text: str
    hint: str
    choices: list[str]
    translated: bool


def wording(question: Question, language: str) -> Wording:
    """The question in the child's language, if a translation of its current wording exists; else English."""
    if language != "en":
        for translation in question.translations.all():
            if translation.language == language and translation.wording_version == question.wording_version:
                choices = translation.choices if len(translation.choices) == len(question.choices) else []
                return Wording(translation.text, translation.hint, choices or list(question.choices), True)
    return Wording(question.text, question.hint, list(question.choices), False)


def welcome(version: SurveyVersion, language: str) -> str:
    if language != "en":
        for translation in version.translations.all():
            if translation.language == language:
                return translation.text
    return version.welcome


def options(question: Question, language: str) -> list[tuple[str, str, str]]:
    """(value, words, face) for each answer a child can choose; face is "" when none is shown."""
    if question.kind == Question.Kind.SCALE:
        return [(value, str(words), FACES[value] if question.show_faces else "") for value, words in SCALE]
    if question.kind == Question.Kind.YES_NO:
        return [(value, str(words), "") for value, words in YES_NO]
    if question.kind == Question.Kind.CHOOSE_ONE:
        return [(str(i), words, "") for i, words in enumerate(wording(question, language).choices)]
    return []


def answer_words(question: Question, answer: Answer | None, language: str) -> str:
    """What the child's answer was, in their words, for the check-your-answers page ("" when skipped)."""
    if answer is None:
        return ""
    if question.kind == Question.Kind.FREE_TEXT:
        return answer.text
    return next((words for value, words, _face in options(question, language) if value == answer.value), "")


def account_key(user, survey: Survey) -> str:
    """A keyed digest of the person and the survey: the same for them each time, meaningless to anyone else."""
    return salted_hmac("pledge.survey-account", f"{user.pk}:{survey.pk}", algorithm="sha256").hexdigest()


def response_for_account(user, survey: Survey) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, account_key=account_key(user, survey)).first()


@transaction.atomic
def start(
    version: SurveyVersion, *, language: str, code: AccessCode | None = None, user=None
) -> SurveyResponse:
    """A new set of answers for a code or an account (exactly one of them)."""
    if (code is None) == (user is None):
        raise ValueError("A survey is started with a code or with an account, not both.")
    if code is not None:
        locked = lock(code)
        if locked.status != AccessCode.Status.UNUSED:
            existing = SurveyResponse.objects.filter(access_code=locked).first()
            if existing is not None:
                return existing
            raise ValueError("This code cannot be used.")
        response = save_audited(
            SurveyResponse(
                survey=version.survey, survey_version=version, access_code=locked, language=language
            ),
            by=None,
            reason=STARTED,
        )
        locked.status = AccessCode.Status.STARTED
        save_audited(locked, by=None, reason=CODE_STARTED, locked=True)
        return response
    return save_audited(
        SurveyResponse(
            survey=version.survey,
            survey_version=version,
            account_key=account_key(user, version.survey),
            language=language,
        ),
        by=None,
        reason=STARTED,
    )


def answers_by_question(response: SurveyResponse) -> dict[int, Answer]:
    return {a.question_id: a for a in response.answers.all()}


@transaction.atomic
def save_answer(response: SurveyResponse, question: Question, *, value: str = "", text: str = "") -> Answer:
    """Keep one answer straight away, so nothing is lost if the child stops or the connection drops."""
    if response.is_submitted:
        raise ValueError("These answers have already been sent.")
    answer = Answer.objects.select_for_update().filter(response=response, question=question).first()
    if answer is None:
        answer = Answer(response=response, question=question)
        reason = ANSWERED
    else:
        reason = CHANGED
    answer.value, answer.text, answer.wording_version = value, text, question.wording_version
    return save_audited(answer, by=None, reason=reason)


@transaction.atomic
def skip(response: SurveyResponse, question: Question) -> None:
    if response.is_submitted:
        raise ValueError("These answers have already been sent.")
    answer = Answer.objects.filter(response=response, question=question).first()
    if answer is not None:
        delete_audited(answer, by=None, reason=SKIPPED)


@transaction.atomic
def submit(response: SurveyResponse) -> SurveyResponse:
    """Send the answers: once only. Free-text answers wait for an officer to check them before the board sees
    them."""
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if locked.is_submitted:
        raise ValueError("These answers have already been sent.")
    locked.submitted_on = timezone.localdate()
    save_audited(locked, by=None, reason=SUBMITTED)
    if locked.access_code is not None:
        code = lock(locked.access_code)
        code.status = AccessCode.Status.SUBMITTED
        save_audited(code, by=None, reason=CODE_SUBMITTED, locked=True)
    for answer in locked.answers.filter(question__kind=Question.Kind.FREE_TEXT).exclude(text=""):
        if not Message.objects.filter(answer=answer).exists():
            save_audited(Message(answer=answer), by=None, reason=MESSAGE_WAITING)
    return locked


def resume_at(response: SurveyResponse, questions: list[Question]) -> int | None:
    """Where to carry on (a question number from 1): the question after the last one answered (skipped ones
    stay skipped), or None when the child had reached the end."""
    answered = set(response.answers.values_list("question_id", flat=True))
    reached = max((n for n, q in enumerate(questions, start=1) if q.pk in answered), default=0)
    return reached + 1 if reached < len(questions) else None


def is_open(survey: Survey) -> bool:
    return surveys.status(survey) == surveys.Status.OPEN
