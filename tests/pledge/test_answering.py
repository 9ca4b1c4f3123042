"""The child's survey through the test client: code, age, one question a page, check, send once; saved as they
go and resumed with the same code; kind refusals; nothing that names the child."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard.core import ratelimit, roles
from pledge.models import AccessCode, Answer, Message, SurveyResponse
from pledge.services import answering
from pledge.views.answering import CODE_TRIES
from tests.conftest import make_person, signed_in
from tests.pledge.helpers import code_for, open_survey

pytestmark = pytest.mark.django_db


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no h1"
    return unescape(re.sub(r"<[^>]+>", "", match[1])).strip()


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "no title"
    return unescape(match[1]).strip()


def _enter(client, code="KM7QP-R3XTA", language="en"):
    return client.post(reverse("pledge:survey-code"), {"code": code, "language": language})


def _question(number):
    return reverse("pledge:survey-question", args=[number])


def test_a_child_answers_every_question_checks_and_sends_once(client):
    survey = open_survey()
    code = code_for(survey)
    assert _enter(client)["Location"] == reverse("pledge:survey-start")
    start = client.get(reverse("pledge:survey-start")).content.decode()
    assert "There are 4 questions." in start
    page = client.get(_question(1)).content.decode()
    assert _h1(page) == "I know who my social worker is."  # the question is the page's heading
    assert "Question 1 of 4" in page
    assert (
        'class="govuk-back-link"' in page
        and "Always true" in page
        and 'aria-label="A face with a big smile"' in page
    )
    assert client.post(_question(1), {"answer": "5"})["Location"] == _question(2)
    assert client.post(_question(2), {"answer": "not-sure"})["Location"] == _question(3)
    assert client.post(_question(3), {"answer": "1"})["Location"] == _question(4)
    assert client.post(_question(4), {"text": "More trips, please."})["Location"] == reverse(
        "pledge:survey-check"
    )
    check = client.get(reverse("pledge:survey-check")).content.decode()
    for words in ("Always true", "Not sure", "My social worker", "More trips, please."):
        assert words in check
    assert client.post(reverse("pledge:survey-check"))["Location"] == reverse("pledge:survey-done")
    response = SurveyResponse.objects.get()
    assert response.is_submitted and response.answers.count() == 4
    code.refresh_from_db()
    assert code.status == AccessCode.Status.SUBMITTED
    assert Message.objects.get().answer.text == "More trips, please."
    # Sending again (a double click, a second tab) changes nothing.
    client.post(reverse("pledge:survey-check"))
    assert SurveyResponse.objects.get().submitted_on == response.submitted_on
    assert client.post(_question(1), {"answer": "1"})["Location"] == reverse("pledge:survey-done")
    assert Answer.objects.get(question__key="social-worker").value == "5"


def test_each_answer_is_kept_at_once_and_the_same_code_carries_on(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    client.post(_question(1), {"answer": "4"})
    client.post(_question(2), {"answer": "yes"})
    client.cookies.clear()  # the phone is switched off; later the child types the code again
    assert _enter(client, code="km7qp r3xta")["Location"] == reverse("pledge:survey-start")
    start = client.get(reverse("pledge:survey-start")).content.decode()
    assert "Carry on" in start and f'href="{_question(3)}"' in start
    assert 'value="4" checked' in client.get(_question(1)).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_any_question_can_be_skipped_and_says_skipped(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    client.post(_question(1), {"answer": "4"})
    assert client.post(_question(1), {"action": "skip"})["Location"] == _question(2)
    assert not Answer.objects.exists()
    assert "Skipped" in client.get(reverse("pledge:survey-check")).content.decode()


def test_continuing_without_an_answer_shows_the_error_in_the_title_summary_and_field(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    page = client.post(_question(1), {"action": "continue"}).content.decode()
    assert _title(page).startswith("Error: I know who my social worker is.")
    assert 'class="govuk-error-summary"' in page and 'href="#answer"' in page
    assert "Choose an answer, or choose “Skip this question”." in page
    assert 'id="answer-error"' in page


def test_the_text_limit_is_said_before_it_is_reached_and_enforced_kindly(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    page = client.get(_question(4)).content.decode()
    assert "You can write up to 1000 characters." in page and "(optional)" in page
    long = "a" * (answering.TEXT_LIMIT + 5)
    page = client.post(_question(4), {"text": long}).content.decode()
    assert "Your answer has 1,005 characters. Make it 1,000 characters or fewer." in page
    assert long in page  # nothing typed is lost
    assert not Answer.objects.exists()


def test_free_text_is_shown_as_text_never_run(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    client.post(_question(4), {"text": "<script>alert(1)</script>"})
    page = client.get(reverse("pledge:survey-check")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Enter the code from your slip."),
        ("ABC", "A code has 10 letters and numbers"),
        ("ABCDEFGHJK", "We could not find that code."),
    ],
)
def test_a_code_that_cannot_be_used_is_explained_kindly(client, typed, words):
    page = _enter(client, code=typed).content.decode()
    assert words in page and _title(page).startswith("Error:")
    assert 'href="#code"' in page


def test_a_used_or_cancelled_code_is_refused_kindly(client):
    survey = open_survey()
    used = code_for(survey, code="KM7QPR3XTB")
    used.status = AccessCode.Status.SUBMITTED
    used.save()
    voided = code_for(survey, code="KM7QPR3XTC")
    voided.status = AccessCode.Status.VOIDED
    voided.save()
    assert "already been sent with this code" in _enter(client, code="KM7QPR3XTB").content.decode()
    assert "This code has been cancelled" in _enter(client, code="KM7QPR3XTC").content.decode()


def test_a_code_cancelled_halfway_stops_the_survey(client, officer):
    from pledge.services import codes

    survey = open_survey()
    code = code_for(survey)
    _enter(client)
    client.post(_question(1), {"answer": "4"})
    codes.void(code, reason="Given to the wrong person", by=officer)
    assert "This code has been cancelled" in client.get(_question(2)).content.decode()


@pytest.mark.parametrize(
    ("opens", "closes", "words"),
    [(5, 10, "This survey is not open yet"), (-20, -1, "This survey has closed")],
)
def test_a_survey_not_open_says_so_kindly_and_keeps_nothing(client, opens, closes, words):
    survey = open_survey()
    today = timezone.localdate()
    survey.opens_on, survey.closes_on = today + dt.timedelta(days=opens), today + dt.timedelta(days=closes)
    survey.save()
    code_for(survey)
    page = _enter(client).content.decode()
    assert _h1(page) == words
    assert not SurveyResponse.objects.exists()


def test_a_survey_that_closes_halfway_keeps_nothing_more(client):
    survey = open_survey()
    code_for(survey)
    _enter(client)
    client.post(_question(1), {"answer": "4"})
    survey.closes_on = timezone.localdate() - dt.timedelta(days=1)
    survey.save()
    assert "This survey has closed" in client.post(_question(2), {"answer": "yes"}).content.decode()
    assert Answer.objects.count() == 1


def test_a_child_without_a_fixed_band_says_which_is_them(client):
    survey = open_survey()
    code_for(survey, band="")
    assert _enter(client)["Location"] == reverse("pledge:survey-about")
    page = client.post(reverse("pledge:survey-about"), {}).content.decode()
    assert "Choose the answer that fits you best." in page
    assert client.post(reverse("pledge:survey-about"), {"band": "4-7"})["Location"] == reverse(
        "pledge:survey-start"
    )
    assert SurveyResponse.objects.get().survey_version.age_band == "4-7"
    # The youngest band is asked the core questions only.
    assert "There are 3 questions." in client.get(reverse("pledge:survey-start")).content.decode()


def test_the_survey_in_arabic_is_right_to_left_and_marked_for_review(client):
    from pledge.models import Question, Translation

    survey = open_survey()
    code_for(survey)
    question = Question.objects.get(key="social-worker")
    Translation.objects.create(
        question=question, language="ar", text="أعرف من هو الأخصائي الاجتماعي الخاص بي."
    )
    first = client.get(reverse("pledge:survey-code") + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in first
    assert "fluent speaker" in first
    _enter(client, language="ar")
    page = client.get(_question(1)).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "أعرف من هو الأخصائي الاجتماعي الخاص بي." in page
    assert "Always true" not in page  # the scale's words are translated too
    assert SurveyResponse.objects.get().language == "ar"
    # A question with no translation is shown in English rather than left out.
    assert "Do you know how to get an advocate?" in client.get(_question(2)).content.decode()


def test_code_entry_is_rate_limited(client):
    ratelimit.reset("pledge-code:127.0.0.1")
    for _ in range(CODE_TRIES):
        assert _enter(client, code="ABCDEFGHJK").status_code == 200
    assert _enter(client, code="ABCDEFGHJK").status_code == 429
    ratelimit.reset("pledge-code:127.0.0.1")


def test_the_pages_set_no_cookies_but_the_session_and_the_form_token(client):
    survey = open_survey()
    code_for(survey)
    seen = set()
    for response in (
        client.get(reverse("pledge:survey-code")),
        _enter(client),
        client.get(reverse("pledge:survey-start")),
        client.post(_question(1), {"answer": "4"}),
    ):
        seen |= set(response.cookies)
    assert seen <= {"sessionid", "csrftoken"}


def test_a_council_member_answers_with_their_account_and_is_never_named(client):
    survey = open_survey()
    person = make_person(roles.CICC_MEMBER)
    signed_in(client, person)
    page = client.get(reverse("pledge:survey-start-account")).content.decode()
    assert survey.title in page and "Start now" in page
    assert client.post(reverse("pledge:survey-start-account"))["Location"] == reverse("pledge:survey-about")
    client.post(reverse("pledge:survey-about"), {"band": "11-17"})
    client.post(_question(1), {"answer": "4"})
    response = SurveyResponse.objects.get()
    assert response.access_code is None
    assert response.account_key == answering.account_key(person, survey)
    assert len(response.account_key) == 64 and person.username not in response.account_key
    for record in (*response.history.all(), *Answer.history.all()):
        assert record.history_user_id is None
    # Coming back carries on; after sending, a second set of answers cannot be started.
    assert client.post(reverse("pledge:survey-start-account"))["Location"] == reverse("pledge:survey-start")
    client.post(reverse("pledge:survey-check"))
    assert (
        "You have already sent your answers"
        in client.get(reverse("pledge:survey-start-account")).content.decode()
    )
    client.post(reverse("pledge:survey-start-account"))
    assert SurveyResponse.objects.count() == 1


def test_someone_elses_account_answers_cannot_be_reached(client):
    survey = open_survey()
    member = make_person(roles.CICC_MEMBER)
    version = survey.versions.get(age_band="11-17")
    mine = answering.start(version, language="en", user=member)
    other = make_person(roles.CICC_MEMBER, username="another-member")
    signed_in(client, other)
    session = client.session
    session["pledge_response"] = mine.pk  # even a session that names their answers does not reach them
    session["pledge_account_survey"] = survey.pk
    session.save()
    assert client.get(_question(1))["Location"] == reverse("pledge:survey-code")


def test_a_members_session_never_holds_which_answers_are_theirs(client):
    from django.contrib.sessions.models import Session

    open_survey()
    signed_in(client, make_person(roles.CICC_MEMBER))
    client.post(reverse("pledge:survey-start-account"))
    client.post(reverse("pledge:survey-about"), {"band": "11-17"})
    client.post(_question(1), {"answer": "4"})
    response = SurveyResponse.objects.get()
    for session in Session.objects.all():
        data = session.get_decoded()
        assert "pledge_response" not in data and response.account_key not in str(data)
    assert Answer.objects.get().response == response


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_run_the_same_queries_however_many_questions(client):
    from pledge.models import Translation
    from tests.factories.pledge import QuestionFactory

    survey = open_survey()
    code_for(survey)
    _enter(client)
    for number in (1, 2, 3):
        client.post(_question(number), {"answer": "1"})
    before = {url: _queries(client, url) for url in (reverse("pledge:survey-check"), _question(2))}
    for n in range(10):
        question = QuestionFactory(survey=survey, order=100 + n, key=f"extra-{n}")
        Translation.objects.create(question=question, language="ar", text="سؤال")
    after = {url: _queries(client, url) for url in before}
    assert after == before


def test_answers_are_sent_once_and_cannot_change_afterwards():
    survey = open_survey()
    code = code_for(survey)
    response = answering.start(survey.versions.get(age_band="8-11"), language="en", code=code)
    question = survey.questions.get(key="social-worker")
    answering.save_answer(response, question, value="5")
    answering.submit(response)
    response.refresh_from_db()
    with pytest.raises(ValueError, match="already been sent"):
        answering.submit(response)
    with pytest.raises(ValueError, match="already been sent"):
        answering.save_answer(response, question, value="1")
    with pytest.raises(ValueError, match="already been sent"):
        answering.skip(response, question)
    assert Answer.objects.get().value == "5"
    assert response.history.count() == 2  # started, sent: nothing after
