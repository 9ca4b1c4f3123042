"""Survey results as board members and officers see them: counts, percentages, the agree share, last year,
age bands, wordings and small numbers hidden through the disclosure rule."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpboard.core.locking import save_audited
from pledge.models import AgeBand, Answer, Message, Question
from pledge.reporting.results import build_results
from tests.pledge.results_data import answer, make_survey, many, promise, question

pytestmark = pytest.mark.django_db

YOUNGER, OLDER, LEAVERS = AgeBand.YOUNGER.value, AgeBand.OLDER.value, AgeBand.CARE_LEAVERS.value


def _option(result, label):
    return next(o.figure for o in result.options if o.label == label)


def _page(client, survey) -> str:
    response = client.get(reverse("pledge:results", args=[survey.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def survey():
    return make_survey(2026)


def test_counts_percentages_and_the_agree_share(survey, officer):
    q = question(survey, "social-worker", text="I know who my social worker is.")
    # 20 children: 8 "always", 6 "mostly", 4 "sometimes", 2 "never"
    answer(survey, {YOUNGER: many({q: ["5"] * 8 + ["4"] * 6 + ["3"] * 4 + ["1"] * 2}, 20)})
    result = build_results(survey, officer).questions[0]
    assert result.answered == 20
    assert (_option(result, "Always true").count_text, _option(result, "Always true").percent_text) == (
        "8",
        "40%",
    )
    assert _option(result, "Mostly true").percent_text == "30%"
    assert _option(result, "Not often true").percent_text == "0%"
    assert result.agree.percent_text == "70%"


def test_answers_not_yet_sent_are_not_counted(survey, officer):
    q = question(survey, "home")
    responses = answer(survey, {YOUNGER: many({q: ["5"]}, 6)})
    unsent = responses[0]
    unsent.submitted_on = None
    save_audited(unsent, by=None, reason="test")
    results = build_results(survey, officer)
    assert results.respondents == 5
    assert results.questions[0].answered == 5


def test_a_board_member_sees_small_counts_as_fewer_than_5_and_no_percentage_from_them(survey, board_member):
    q = question(survey, "advocate", kind=Question.Kind.YES_NO, text="Do you know how to get an advocate?")
    # 12 yes, 10 no, 2 not sure: the 2 is hidden, and so is the next smallest (10), so 24 - 12 cannot give it
    answer(survey, {OLDER: many({q: ["yes"] * 12 + ["no"] * 10 + ["not-sure"] * 2}, 24)})
    result = build_results(survey, board_member).questions[0]
    not_sure, no, yes = _option(result, "Not sure"), _option(result, "No"), _option(result, "Yes")
    assert (not_sure.count_text, not_sure.percent_text) == (
        "fewer than 5",
        "not shown: fewer than 5 children",
    )
    assert (no.count_text, no.percent) == ("fewer than 5", None)
    assert (yes.count_text, yes.percent_text) == ("12", "50%")
    assert result.agree.percent_text == "50%"


def test_an_officer_sees_every_figure(survey, officer):
    q = question(survey, "advocate", kind=Question.Kind.YES_NO)
    answer(survey, {OLDER: many({q: ["yes"] * 12 + ["no"] * 10 + ["not-sure"] * 2}, 24)})
    result = build_results(survey, officer).questions[0]
    assert [o.figure.count_text for o in result.options] == ["12", "10", "2"]


def test_an_agree_share_with_few_disagreeing_is_hidden_from_the_board(survey, board_member, client_as):
    q = question(survey, "safe", text="I feel safe where I live.")
    answer(survey, {YOUNGER: many({q: ["5"] * 9 + ["2"]}, 10)})  # 9 of 10: one child left out
    result = build_results(survey, board_member).questions[0]
    assert result.agree.percent is None
    html = _page(client_as(board_member), survey)
    assert "90%" not in html
    assert "not shown: fewer than 5 children" in html


def test_comparison_with_the_previous_survey_by_question_key(board_member):
    before = make_survey(2025)
    old = question(before, "advocate", text="Do you know what an advocate does?")
    question(before, "dropped-question")
    answer(before, {OLDER: many({old: ["5"] * 5 + ["2"] * 15}, 20)})  # 25% agreed
    survey = make_survey(2026, previous=before)
    new = question(survey, "advocate", text="Do you know how to get an advocate?")
    fresh = question(survey, "brand-new")
    answer(survey, {OLDER: many({new: ["5"] * 10 + ["4"] * 2 + ["1"] * 8, fresh: ["4"]}, 20)})  # 60%
    results = build_results(survey, board_member)
    assert results.previous == before
    compared = results.questions[0]
    assert (compared.agree.percent_text, compared.previous_agree.percent_text) == ("60%", "25%")
    assert compared.change.text == "35 points higher than in 2025"
    assert results.questions[1].previous_agree is None  # not asked in 2025


def test_the_previous_survey_is_last_years_when_none_is_set(officer):
    before = make_survey(2025)
    survey = make_survey(2026)
    assert build_results(survey, officer).previous == before


def test_results_per_promise_take_its_questions_together_and_compare_by_promise_key(officer):
    before = make_survey(2025)
    p_old = promise("contact", "We promise to help you keep in touch with your family.", earlier=True)
    old = question(before, "see-family", promise=p_old)
    answer(before, {OLDER: many({old: ["5"] * 10 + ["1"] * 10}, 20)})  # 50%
    survey = make_survey(2026, previous=before)
    p = promise("contact")  # the same promise in the next version of the pledge keeps its key
    a = question(survey, "see-family", promise=p)
    b = question(survey, "phone-family", promise=p, kind=Question.Kind.YES_NO)
    answer(survey, {OLDER: many({a: ["5"] * 15 + ["1"] * 5, b: ["yes"] * 10 + ["no"] * 10}, 20)})
    results = build_results(survey, officer)
    [result] = results.promises
    assert result.children == "20"
    assert result.agree.percent_text == "63%"  # (15 + 10) of 40 answers
    assert result.previous_agree.percent_text == "50%"
    assert result.change.text == "13 points higher than in 2025"


def test_age_bands_are_shown_when_every_group_is_big_enough(survey, board_member):
    q = question(survey, "home")
    answer(
        survey, {YOUNGER: many({q: ["5"] * 6 + ["1"] * 6}, 12), OLDER: many({q: ["4"] * 9 + ["2"] * 6}, 15)}
    )
    result = build_results(survey, board_member).questions[0]
    assert [(b.band, b.answered, b.agree.percent_text) for b in result.bands] == [
        (YOUNGER, "12", "50%"),
        (OLDER, "15", "60%"),
    ]


def test_age_bands_are_not_shown_to_the_board_when_one_group_is_small(survey, board_member, officer):
    q = question(survey, "home", age_bands=[YOUNGER, OLDER, LEAVERS])
    answer(survey, {YOUNGER: many({q: ["5"] * 6 + ["1"] * 6}, 12), OLDER: many({q: ["4", "2"]}, 3)})
    result = build_results(survey, board_member).questions[0]
    assert result.bands == []
    assert result.bands_note.startswith("Not shown by age band")
    # an officer sees them, told that the board does not
    officers = build_results(survey, officer).questions[0]
    assert [b.answered for b in officers.bands] == ["12", "3"]
    assert "board members do not see" in officers.bands_note


def test_the_number_of_children_per_age_band_is_all_or_nothing(survey, board_member):
    q = question(survey, "home")
    answer(survey, {YOUNGER: many({q: ["5"]}, 12), OLDER: many({q: ["4"]}, 2)})
    results = build_results(survey, board_member)
    assert results.respondents_text == "14"
    assert results.bands == []
    assert results.bands_note


def test_results_say_which_wording_was_answered(survey, officer, client_as):
    q = question(survey, "reviews", text="Do you go to your reviews?")
    answer(survey, {YOUNGER: many({q: ["5", "4"]}, 6)}, label="first")
    q.text = "Do you have a say in your reviews?"
    q.wording_version = 2
    save_audited(q, by=officer, reason="Wording changed")
    answer(survey, {YOUNGER: many({q: ["3"]}, 7)}, label="second")
    result = build_results(survey, officer).questions[0]
    assert [(w.version, w.text, w.answered, w.is_current) for w in result.wordings] == [
        (1, "Do you go to your reviews?", "6", False),
        (2, "Do you have a say in your reviews?", "7", True),
    ]
    html = _page(client_as(officer), survey)
    assert "“Do you go to your reviews?” (wording 1): 6 answers" in html


def test_free_text_questions_count_who_wrote_and_show_only_approved_messages(survey, board_member, client_as):
    closing = question(survey, "anything-else", kind=Question.Kind.FREE_TEXT, is_closing=True)
    answer(
        survey,
        {
            YOUNGER: [
                {closing: "Approved words <script>alert('x')</script>"},
                {closing: "Still waiting to be checked"},
                {closing: "Withheld words"},
            ]
            + many({closing: ["More trips please"]}, 3)
        },
    )
    messages = {m.answer.text: m for m in Message.objects.select_related("answer")}
    first = messages["Approved words <script>alert('x')</script>"]
    first.status, first.shown_text = Message.Status.APPROVED, first.answer.text
    save_audited(first, by=None, reason="test")
    withheld = messages["Withheld words"]
    withheld.status = Message.Status.WITHHELD
    save_audited(withheld, by=None, reason="test")
    results = build_results(survey, board_member)
    assert results.questions[0].messages_written == "6"
    assert [m.shown_text for m in results.messages] == ["Approved words <script>alert('x')</script>"]
    html = _page(client_as(board_member), survey)
    assert "Approved words &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "Still waiting" not in html and "Withheld words" not in html


def test_officers_are_told_how_many_messages_wait(survey, officer, board_member, client_as):
    closing = question(survey, "anything-else", kind=Question.Kind.FREE_TEXT)
    answer(survey, {YOUNGER: [{closing: "one"}, {closing: "two"}]})
    assert build_results(survey, officer).waiting == 2
    assert build_results(survey, board_member).waiting is None
    assert "2 messages waiting to be checked" in _page(client_as(officer), survey)


def _big_survey(children: int, year: int):
    before = make_survey(year - 1)
    old = [question(before, f"q{i}", promise=promise(f"p{year}-{i}") if i < 4 else None) for i in range(8)]
    answer(before, {OLDER: many({q: ["5", "4", "2"] for q in old}, 40)}, label="before")
    survey = make_survey(year, previous=before, bands=(AgeBand.YOUNGER, AgeBand.OLDER, AgeBand.CARE_LEAVERS))
    questions = [
        question(
            survey,
            f"q{i}",
            kind=Question.Kind.YES_NO if i % 3 == 0 else Question.Kind.SCALE,
            age_bands=[YOUNGER, OLDER, LEAVERS],
            promise=old[i].promise,
        )
        for i in range(8)
    ]
    closing = question(survey, "closing", kind=Question.Kind.FREE_TEXT, age_bands=[YOUNGER, OLDER, LEAVERS])
    values = {
        q: (["yes", "no", "not-sure"] if q.kind == Question.Kind.YES_NO else ["5", "4", "3", "2", "1"])
        for q in questions
    }
    per_band = children // 3
    kids = many(values, per_band)
    for i, kid in enumerate(kids):
        if i % 4 == 0:
            kid[closing] = f"Message {i}"
    answer(survey, {YOUNGER: kids, OLDER: kids, LEAVERS: kids}, label="now")
    return survey


def _queries(survey, user) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh person: nothing cached from earlier calls
    with CaptureQueriesContext(connection) as captured:
        build_results(survey, user)
    return len(captured.captured_queries)


def test_results_for_2000_answers_run_a_fixed_number_of_queries(
    board_member, officer, django_assert_num_queries
):
    small = _big_survey(30, 2022)
    small_count = _queries(small, board_member)
    big = _big_survey(252, 2026)
    assert Answer.objects.filter(response__survey=big).count() >= 2000
    assert _queries(big, board_member) == small_count
    board = type(board_member).objects.get(pk=board_member.pk)
    board.has_perm("pledge.moderate_message")  # the permission cache, filled as a request's view does
    with django_assert_num_queries(10):
        build_results(big, board)
    # officers also count the messages waiting: one query more, whatever the size
    assert _queries(big, officer) == small_count + 1


def test_the_results_list_counts_children_who_answered(board_member, client_as):
    survey = make_survey(2026)
    q = question(survey, "home")
    answer(survey, {YOUNGER: many({q: ["5"]}, 3)})
    other = make_survey(2025)
    answer(other, {YOUNGER: many({question(other, "home"): ["5"]}, 8)})
    html = client_as(board_member).get(reverse("pledge:results-list")).content.decode()
    assert "Pledge survey 2026" in html and "fewer than 5" in html
    assert ">8<" in html


def test_the_spreadsheet_has_the_figures_as_shown(survey, board_member, client_as):
    q = question(survey, "advocate", kind=Question.Kind.YES_NO, text="Do you know how to get an advocate?")
    answer(survey, {OLDER: many({q: ["yes"] * 12 + ["no"] * 10 + ["not-sure"] * 2}, 24)})
    response = client_as(board_member).get(reverse("pledge:results-export", args=[survey.pk, "csv"]))
    assert response.status_code == 200
    assert 'filename="cpboard-pledge-survey-2026-results.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_answer = {row["Answer"]: row for row in rows}
    assert (by_answer["Yes"]["Children"], by_answer["Yes"]["Per cent"]) == ("12", "50")
    assert by_answer["Not sure"]["Children"] == "fewer than 5"
    assert by_answer["No"]["Per cent"] == "not shown: fewer than 5 children"
    assert by_answer["Yes"]["Agree share"] == "50"


def test_the_xlsx_download_works(survey, board_member, client_as):
    answer(survey, {OLDER: many({question(survey, "home"): ["5"]}, 6)})
    response = client_as(board_member).get(reverse("pledge:results-export", args=[survey.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_unknown_download_format_is_not_found(survey, board_member, client_as):
    response = client_as(board_member).get(reverse("pledge:results-export", args=[survey.pk, "pdf"]))
    assert response.status_code == 404


def test_an_open_survey_says_its_results_are_so_far(survey, board_member, client_as, time_machine):
    answer(survey, {YOUNGER: many({question(survey, "home"): ["5"]}, 6)})
    time_machine.move_to("2026-12-01 12:00")
    assert "these are the answers so far" in _page(client_as(board_member), survey)
    time_machine.move_to("2027-01-02 12:00")
    assert "these are the answers so far" not in _page(client_as(board_member), survey)
