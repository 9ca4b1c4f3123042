"""A survey's results as one person may see them: per question and per promise, counts and percentages, the
"agree" share, the change since the previous survey, age bands where every group is big enough, which
wording was answered, and the children's approved messages.

Every figure goes through the core disclosure rule (`cpboard.core.disclosure`): a count of 1 to 4 reads
"fewer than 5", and no percentage rests on a small group. Two more steps keep hidden figures hidden:

* **within a question**, if only one answer's count is hidden, the next smallest is hidden too, so nobody
  can take the others from the total to find it;
* **age bands** are shown for everyone or for no one: if any group that answered is small (its count, or its
  "agree" share), the breakdown is not shown at all, since the other groups and the total would give it away.

Only answers that were sent count (a half-finished survey is not counted). The whole page costs a fixed
number of queries however many children answered (tests/pledge/test_results.py, bench/pledge_results.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from cpboard.core import disclosure
from pledge.models import AgeBand, Answer, Message, Promise, Question, Survey, SurveyResponse
from pledge.services.answering import SCALE, YES_NO  # the words children chose from, in one place

# What each stored value means, in the words the child chose from (the survey's own scale and yes/no).
# The answers that count as agreeing: "always" or "mostly true", and "yes".
AGREE: dict[str, set[str]] = {Question.Kind.SCALE: {"5", "4"}, Question.Kind.YES_NO: {"yes"}}
AGREE_WORDS: dict[str, str] = {
    Question.Kind.SCALE: "said \u201calways true\u201d or \u201cmostly true\u201d",
    Question.Kind.YES_NO: "said \u201cyes\u201d",
}
BANDS = [band.value for band in AgeBand]
BAND_LABELS = dict(AgeBand.choices)


@dataclass
class Figure:
    """A number out of a total, as this person may see it: `count_text` ("12", "fewer than 5") and
    `percent_text` ("40%", or why it is not shown); `percent` is None whenever it is hidden."""

    count: int
    total: int
    count_text: str
    percent: int | None
    percent_text: str

    @property
    def hidden(self) -> bool:
        return self.percent is None and self.total > 0

    @property
    def short_text(self) -> tuple[str, str]:
        """For a narrow table cell: what to show, and the rest of the words (for screen readers only, the
        page's note saying why): ("not shown", ": fewer than 5 children")."""
        head, colon, rest = self.percent_text.partition(":")
        return (head, colon + rest) if self.hidden and colon else (self.percent_text, "")


def _percent(count: int, total: int) -> int:
    return int((Decimal(count) * 100 / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def figure(count: int, total: int, user, *, hide: bool = False) -> Figure:
    """`count` of `total` for `user`: hidden as the disclosure rule says (or when `hide` says so)."""
    count_hidden = hide or disclosure.hides_count(count, user)
    count_text = disclosure.count_text() if count_hidden else f"{count:,}"
    if total == 0:
        return Figure(count, total, count_text, None, "no answers")
    if hide or disclosure.hides_proportion(count, total, user):
        return Figure(count, total, count_text, None, disclosure.proportion_text())
    percent = _percent(count, total)
    return Figure(count, total, count_text, percent, f"{percent}%")


@dataclass
class Change:
    """How the "agree" share moved since the previous survey, in percentage points and words."""

    points: int | None
    text: str

    @property
    def arrow(self) -> str:
        if not self.points:
            return ""
        return "\u2191" if self.points > 0 else "\u2193"


def change(now: Figure | None, before: Figure | None, year: int | None) -> Change | None:
    if now is None or before is None or year is None:
        return None
    if now.percent is None or before.percent is None:
        return Change(None, "cannot be compared: one of the figures is not shown")
    points = now.percent - before.percent
    if points == 0:
        return Change(0, f"the same as in {year}")
    unit = "point" if abs(points) == 1 else "points"
    return Change(points, f"{abs(points)} {unit} {'higher' if points > 0 else 'lower'} than in {year}")


@dataclass
class Option:
    value: str
    label: str
    figure: Figure


@dataclass
class BandRow:
    band: str
    label: str
    answered: str
    agree: Figure | None


@dataclass
class Wording:
    version: int
    text: str
    answered: str
    is_current: bool


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int
    answered_text: str
    options: list[Option] = field(default_factory=list)
    agree: Figure | None = None
    agree_words: str = ""
    previous_agree: Figure | None = None
    change: Change | None = None
    bands: list[BandRow] = field(default_factory=list)
    bands_note: str = ""
    wordings: list[Wording] = field(default_factory=list)
    messages_written: str = ""

    @property
    def is_free_text(self) -> bool:
        return self.question.kind == Question.Kind.FREE_TEXT

    @property
    def anchor(self) -> str:
        return f"question-{self.question.key}"


@dataclass
class PromiseResult:
    promise: Promise
    questions: list[QuestionResult]
    children: str
    agree: Figure | None
    previous_agree: Figure | None
    change: Change | None


@dataclass
class SurveyResults:
    survey: Survey
    previous: Survey | None
    respondents: int
    respondents_text: str
    bands: list[tuple[str, str]]  # (label, count as shown); empty when not shown
    bands_note: str
    questions: list[QuestionResult]
    promises: list[PromiseResult]
    unlinked: list[QuestionResult]  # questions not about a promise
    messages: list[Message]
    waiting: int | None  # messages still to check, for officers who check them

    @property
    def is_open(self) -> bool:
        """Still taking answers: ready, and today is on or before its last day."""
        from django.utils import timezone

        survey = self.survey
        return bool(survey.is_ready and survey.closes_on and timezone.localdate() <= survey.closes_on)

    @property
    def chartable(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.agree is not None]

    @property
    def has_hidden(self) -> bool:
        return any(
            (q.agree is not None and q.agree.hidden)
            or any(o.figure.hidden for o in q.options)
            or q.bands_note
            for q in self.questions
        ) or bool(self.bands_note)


def option_labels(question: Question) -> list[tuple[str, str]]:
    if question.kind == Question.Kind.SCALE:
        return [(value, str(label)) for value, label in SCALE]
    if question.kind == Question.Kind.YES_NO:
        return [(value, str(label)) for value, label in YES_NO]
    if question.kind == Question.Kind.CHOOSE_ONE:
        return [(str(i), choice) for i, choice in enumerate(question.choices)]
    return []


def _options(question: Question, counts: dict[str, int], answered: int, user) -> list[Option]:
    labels = option_labels(question)
    known = {value for value, _ in labels}
    extra = sorted(v for v in counts if v not in known)  # a choice since removed from the question
    labels = labels + [(v, "An answer no longer offered") for v in extra]
    hide = {v for v, _ in labels if disclosure.hides_count(counts.get(v, 0), user)}
    if len(hide) == 1:  # one hidden count is the total less the others: hide the next smallest too
        others = sorted(
            (counts.get(v, 0), i) for i, (v, _) in enumerate(labels) if v not in hide and counts.get(v, 0)
        )
        if others:
            hide.add(labels[others[0][1]][0])
    return [
        Option(value, label, figure(counts.get(value, 0), answered, user, hide=value in hide))
        for value, label in labels
    ]


def _bands(question: Question, by_band: dict[str, dict[str, int]], user) -> tuple[list[BandRow], str]:
    answered = {band: sum(values.values()) for band, values in by_band.items() if sum(values.values())}
    if len(answered) < 2:
        return [], ""
    agree_values = AGREE.get(question.kind)
    rows = []
    small = False
    for band in BANDS:
        if band not in answered:
            continue
        agree = None
        if agree_values:
            agreed = sum(n for v, n in by_band[band].items() if v in agree_values)
            agree = figure(agreed, answered[band], user)
            small = small or disclosure.proportion_is_small(agreed, answered[band])
        small = small or disclosure.is_small(answered[band])
        rows.append(BandRow(band, BAND_LABELS[band], f"{answered[band]:,}", agree))
    if small and not disclosure.can_see_small_numbers(user):
        return (
            [],
            "Not shown by age band: at least one age group is too small to show without identifying children.",
        )
    note = "At least one age group is small: board members do not see this breakdown." if small else ""
    return rows, note


def _wordings(
    question: Question, by_wording: dict[int, int], texts: dict[tuple[int, int], str], user
) -> list[Wording]:
    if set(by_wording) <= {question.wording_version}:
        return []
    return [
        Wording(
            version,
            question.text if version == question.wording_version else texts.get((question.pk, version), ""),
            disclosure.disclosed_count(by_wording[version], user),
            version == question.wording_version,
        )
        for version in sorted(by_wording)
    ]


def _previous_survey(survey: Survey) -> Survey | None:
    if survey.previous_id:
        return Survey.objects.filter(pk=survey.previous_id).first()
    return Survey.objects.filter(year__lt=survey.year).order_by("-year", "-pk").first()


def _sent(survey_id) -> dict:
    return {"response__survey_id": survey_id, "response__submitted_on__isnull": False}


def build_results(survey: Survey, user) -> SurveyResults:
    """Everything the results page, its downloads and the board pack show, for `user`."""
    questions = list(survey.questions.select_related("promise__outcome_area").order_by("order", "pk"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_band: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    by_wording: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Answer.objects.filter(**_sent(survey.pk))
        .exclude(question__kind=Question.Kind.FREE_TEXT)
        .exclude(value="")
        .values("question_id", "value", "response__survey_version__age_band", "wording_version")
        .annotate(n=Count("id"))
        .order_by()
    ):
        q, v, n = row["question_id"], row["value"], row["n"]
        counts[q][v] += n
        by_band[q][row["response__survey_version__age_band"]][v] += n
        by_wording[q][row["wording_version"]] += n
    written: dict[int, int] = {}
    for row in (
        Answer.objects.filter(**_sent(survey.pk), question__kind=Question.Kind.FREE_TEXT)
        .exclude(text="")
        .values("question_id", "wording_version")
        .annotate(n=Count("id"))
        .order_by()
    ):
        written[row["question_id"]] = written.get(row["question_id"], 0) + row["n"]
        by_wording[row["question_id"]][row["wording_version"]] += row["n"]
    children_per_promise = {
        row["question__promise_id"]: row["n"]
        for row in Answer.objects.filter(**_sent(survey.pk), question__promise__isnull=False)
        .exclude(question__kind=Question.Kind.FREE_TEXT)
        .exclude(value="")
        .values("question__promise_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    }
    respondents_by_band = {
        row["survey_version__age_band"]: row["n"]
        for row in SurveyResponse.objects.filter(survey=survey, submitted_on__isnull=False)
        .values("survey_version__age_band")
        .annotate(n=Count("id"))
        .order_by()
    }
    texts: dict[tuple[int, int], str] = {}
    for row in (
        Question.history.filter(id__in=[q.pk for q in questions])
        .values("id", "wording_version", "text")
        .order_by("history_date", "history_id")
    ):
        texts[(row["id"], row["wording_version"])] = row["text"]  # the last text each wording had

    previous = _previous_survey(survey)
    before: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    before_kind: dict[str, str] = {}
    before_promise: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    before_promise_children: dict[str, int] = {}
    if previous is not None:
        for row in (
            Answer.objects.filter(**_sent(previous.pk))
            .exclude(question__kind=Question.Kind.FREE_TEXT)
            .exclude(value="")
            .values("question__key", "question__kind", "question__promise__key", "value")
            .annotate(n=Count("id"))
            .order_by()
        ):
            before[row["question__key"]][row["value"]] += row["n"]
            before_kind[row["question__key"]] = row["question__kind"]
            agree_values = AGREE.get(row["question__kind"])
            if row["question__promise__key"] and agree_values:
                pool = before_promise[row["question__promise__key"]]
                pool["answered"] += row["n"]
                pool["agreed"] += row["n"] if row["value"] in agree_values else 0
        before_promise_children = {
            row["question__promise__key"]: row["n"]
            for row in Answer.objects.filter(**_sent(previous.pk), question__promise__isnull=False)
            .exclude(question__kind=Question.Kind.FREE_TEXT)
            .exclude(value="")
            .values("question__promise__key")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        }

    results: list[QuestionResult] = []
    for number, question in enumerate(questions, start=1):
        values = counts.get(question.pk, {})
        answered = sum(values.values())
        result = QuestionResult(
            question,
            number,
            answered,
            disclosure.disclosed_count(answered, user),
            wordings=_wordings(question, by_wording.get(question.pk, {}), texts, user),
        )
        if question.kind == Question.Kind.FREE_TEXT:
            result.answered = written.get(question.pk, 0)
            result.answered_text = disclosure.disclosed_count(result.answered, user)
            result.messages_written = result.answered_text
        else:
            result.options = _options(question, values, answered, user)
            result.bands, result.bands_note = _bands(question, by_band.get(question.pk, {}), user)
        agree_values = AGREE.get(question.kind)
        if agree_values:
            result.agree = figure(sum(n for v, n in values.items() if v in agree_values), answered, user)
            result.agree_words = AGREE_WORDS[question.kind]
            old = before.get(question.key)
            if previous is not None and old and before_kind.get(question.key) == question.kind:
                old_total = sum(old.values())
                result.previous_agree = figure(
                    sum(n for v, n in old.items() if v in agree_values), old_total, user
                )
                result.change = change(result.agree, result.previous_agree, previous.year)
        results.append(result)

    promises: dict[int, PromiseResult] = {}
    for result in results:
        promise = result.question.promise
        if promise is None:
            continue
        if promise.pk not in promises:
            promises[promise.pk] = PromiseResult(promise, [], "", None, None, None)
        promises[promise.pk].questions.append(result)
    for pr in promises.values():
        agreeing = [q for q in pr.questions if q.agree is not None]
        children = children_per_promise.get(pr.promise.pk, 0)
        pr.children = disclosure.disclosed_count(children, user)
        if agreeing:
            agreed = sum(q.agree.count for q in agreeing if q.agree)
            total = sum(q.agree.total for q in agreeing if q.agree)
            pr.agree = figure(agreed, total, user, hide=disclosure.hides_count(children, user))
            pool = before_promise.get(pr.promise.key, {})
            if previous is not None and pool.get("answered"):
                old_children = before_promise_children.get(pr.promise.key, 0)
                pr.previous_agree = figure(
                    pool["agreed"], pool["answered"], user, hide=disclosure.hides_count(old_children, user)
                )
                pr.change = change(pr.agree, pr.previous_agree, previous.year)

    respondents = sum(respondents_by_band.values())
    band_counts = [(band, respondents_by_band[band]) for band in BANDS if respondents_by_band.get(band)]
    bands_note = ""
    if any(disclosure.hides_count(n, user) for _, n in band_counts):
        shown_bands: list[tuple[str, str]] = []
        bands_note = (
            "Not shown by age band: at least one age group is too small to show without identifying children."
        )
    else:
        shown_bands = [(BAND_LABELS[band], f"{n:,}") for band, n in band_counts]

    messages = list(
        Message.objects.approved()
        .filter(answer__response__survey=survey, answer__response__submitted_on__isnull=False)
        .select_related("answer__question")
        .order_by("answer__question__order", "answer__question_id", "pk")
    )
    waiting = None
    if user.has_perm("pledge.moderate_message"):
        waiting = Message.objects.filter(
            answer__response__survey=survey, status=Message.Status.WAITING
        ).count()
    return SurveyResults(
        survey=survey,
        previous=previous,
        respondents=respondents,
        respondents_text=disclosure.disclosed_count(respondents, user),
        bands=shown_bands,
        bands_note=bands_note,
        questions=results,
        promises=list(promises.values()),
        unlinked=[r for r in results if r.question.promise_id is None],
        messages=messages,
        waiting=waiting,
    )
