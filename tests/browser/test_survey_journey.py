"""The pledge survey in a real browser: an officer builds a survey from the pledge, opens it and prints codes;
a child with a code answers on a 320 px wide phone using only the keyboard, stops halfway and carries on with
the same code, and sends the answers; a second use of the code is refused kindly; the same survey is answered
in Arabic, right to left. No step scrolls sideways and no cookie but the session and the form token is set."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cpboard.core import roles
from pledge.models import AccessCode, Answer, Survey, SurveyResponse
from pledge.services import codes
from tests.browser.conftest import go_to, sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.pledge import PromiseFactory
from tests.pledge.helpers import code_for, open_survey, translate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
ALLOWED_COOKIES = {"sessionid", "csrftoken"}


@pytest.fixture
def phone(_chromium, settings):
    """A fresh 320 px wide browser context, as on a small phone."""
    settings.MFA_REQUIRED = False
    contexts = []

    def _new():
        context = _chromium.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def tab_to(page, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_officer_builds_opens_a_survey_and_prints_codes(browser_page, live_server, settings, tmp_path):
    settings.MFA_REQUIRED = False
    PromiseFactory(child_text="We promise you will know who your social worker is.")
    PromiseFactory(key="have-a-say", child_text="We promise to listen to you.")
    officer = UserFactory(username="pat-participation", roles=[roles.OFFICER])
    page = browser_page
    sign_in(page, live_server, officer.username, PASSWORD)
    go_to(page, "Pledge", "Pledge surveys")
    page.get_by_role("link", name="Make this year's survey").click()
    year = timezone.localdate().year
    page.get_by_label("Title").fill(f"Pledge survey {year}")
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Make the survey").click()
    expect(page.get_by_role("heading", name=f"Pledge survey {year}", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="We promise to listen to you.")).to_be_visible()

    # Open it: dates around today, and marked ready.
    page.get_by_role("link", name="Change dates and readiness").click()
    today = timezone.localdate()
    page.get_by_label("Opening date").fill((today - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_label("Closing date").fill((today + dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_label("The survey is checked and ready for children").check()
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_text("Open", exact=True)).to_be_visible()
    survey = Survey.objects.get(year=year)
    assert survey.is_ready and survey.opens_on == today - dt.timedelta(days=1)

    # Print a batch of codes.
    page.get_by_role("link", name="Make a batch of codes").click()
    page.get_by_label("Who the codes are for").fill("Oak House")
    page.get_by_label("Aged 8 to 11").check()
    page.get_by_label("How many codes").fill("12")
    page.get_by_role("button", name="Make the codes").click()
    expect(page.get_by_role("heading", name="Codes for Oak House")).to_be_visible()
    made = list(AccessCode.objects.filter(batch__survey=survey).values_list("code", flat=True))
    assert len(made) == 12
    expect(page.locator("code.cp-code", has_text=codes.shown(made[0]))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Print the unused codes as slips (PDF)").click()
    pdf = tmp_path / "slips.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False).stdout
    if text:  # poppler is there: the slips carry the codes and the address to type them at
        assert codes.shown(made[0]) in text
        assert reverse("pledge:survey-code") in text


def _enter_code_by_keyboard(page, live_server, code: str) -> None:
    page.goto(live_server.url + reverse("pledge:survey-code"))
    fits(page)
    tab_to(page, "#code")
    page.keyboard.type(code)
    press_enter_and_wait(page)


def _answer_by_keyboard(page, *, text: str = "") -> None:
    """Answer the question on the page with the keyboard: arrow keys choose an answer, Enter continues."""
    fits(page)
    if page.locator("#text").count():
        tab_to(page, "#text")
        page.keyboard.type(text)
        tab_to(page, "button[value=continue]")
    else:
        tab_to(page, "#answer")
        page.keyboard.press("ArrowDown")  # the second answer
    press_enter_and_wait(page)


def test_a_child_answers_on_a_phone_by_keyboard_stops_halfway_and_carries_on(phone, live_server):
    survey = open_survey()
    code_for(survey, band="", code="KM7QPR3XTA")
    page = phone()
    _enter_code_by_keyboard(page, live_server, "km7qp r3xta")
    # Which of these is you? (the batch leaves it to the child)
    expect(page.get_by_role("heading", name="Which of these is you?")).to_be_visible()
    fits(page)
    tab_to(page, "input[name=band]")
    page.keyboard.press("ArrowDown")  # "I am 8 to 10"
    press_enter_and_wait(page)
    expect(page.get_by_text("There are 4 questions.")).to_be_visible()
    fits(page)
    tab_to(page, "a.govuk-button--start")
    press_enter_and_wait(page)
    expect(page.get_by_text("Question 1 of 4")).to_be_visible()
    expect(page.get_by_role("heading", name="I know who my social worker is.")).to_be_visible()
    _answer_by_keyboard(page)
    expect(page.get_by_text("Question 2 of 4")).to_be_visible()
    _answer_by_keyboard(page)
    expect(page.get_by_text("Question 3 of 4")).to_be_visible()
    assert Answer.objects.count() == 2  # kept as they went
    page.context.close()  # the child stops here (the phone goes off)

    page = phone()
    _enter_code_by_keyboard(page, live_server, "KM7QP-R3XTA")
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    tab_to(page, "a.govuk-button--start")
    press_enter_and_wait(page)
    expect(page.get_by_text("Question 3 of 4")).to_be_visible()
    _answer_by_keyboard(page)
    _answer_by_keyboard(page, text="Can we have more days out?")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    fits(page)
    expect(page.get_by_text("Can we have more days out?")).to_be_visible()
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    expect(page.get_by_role("heading", name="Thank you: your answers have been sent")).to_be_visible()
    fits(page)
    assert {c["name"] for c in page.context.cookies()} <= ALLOWED_COOKIES
    response = SurveyResponse.objects.get()
    assert response.is_submitted and response.answers.count() == 4
    assert response.survey_version.age_band == "8-11"

    # The same code a second time: refused, kindly, and nothing changes.
    page = phone()
    _enter_code_by_keyboard(page, live_server, "KM7QPR3XTA")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("Your answers have already been sent with this code").first).to_be_visible()
    assert page.title().startswith("Error:")
    fits(page)
    assert SurveyResponse.objects.count() == 1


def test_the_same_survey_is_answered_in_arabic_right_to_left(phone, live_server):
    survey = open_survey()
    translate(survey)
    code_for(survey, band="11-17", code="KM7QPR3XTB")
    page = phone()
    page.goto(live_server.url + reverse("pledge:survey-code"))
    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    expect(page.get_by_text("awaiting review by a fluent speaker")).to_be_visible()
    fits(page)
    page.locator("#code").fill("KM7QPR3XTB")
    page.get_by_role("button", name="متابعة").click()
    page.get_by_role("button", name="ابدأ الآن").click()
    expect(page.get_by_text("السؤال 1 من 4")).to_be_visible()
    heading = page.get_by_role("heading", name="أعرف من هو الأخصائي الاجتماعي الخاص بي.")
    expect(heading).to_be_visible()
    # Mirrored: the radio buttons sit to the right of their words.
    radio = page.locator("#answer").bounding_box()
    words = page.locator(".govuk-radios__label span[dir=auto]").first.bounding_box()
    assert radio and words and radio["x"] > words["x"] + words["width"] - 1
    fits(page)
    for _ in range(3):
        page.locator("#answer").check()
        page.get_by_role("button", name="متابعة").click()
    page.locator("#text").fill("شكرًا")
    page.get_by_role("button", name="متابعة").click()
    expect(page.get_by_role("heading", name="راجع إجاباتك")).to_be_visible()
    fits(page)
    page.get_by_role("button", name="أرسل إجاباتي").click()
    expect(page.get_by_role("heading", name="شكرًا لك: لقد أُرسلت إجاباتك")).to_be_visible()
    response = SurveyResponse.objects.get()
    assert response.language == "ar" and response.is_submitted


@pytest.fixture
def no_script(_chromium):
    """A phone-sized browser with JavaScript switched off."""
    context = _chromium.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def test_the_survey_works_without_javascript(no_script, live_server):
    survey = open_survey()
    code_for(survey, band="8-11", code="KM7QPR3XTA")
    page = no_script.new_page()
    page.goto(live_server.url + reverse("pledge:survey-code"))
    page.get_by_label("Your code").fill("KM7QPR3XTA")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Mostly true").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Skip this question").click()
    expect(page.get_by_text("Question 3 of 4")).to_be_visible()
    page.goto(live_server.url + reverse("pledge:survey-question", args=[4]))
    page.get_by_label("Is there anything else you want to tell us? (optional)").fill("x" * 1001)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Make it 1,000 characters or fewer.").first).to_be_visible()
    page.get_by_label("Is there anything else you want to tell us? (optional)").fill("Thank you")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you: your answers have been sent")).to_be_visible()
    response = SurveyResponse.objects.get()
    assert response.is_submitted
    assert sorted(response.answers.values_list("question__key", flat=True)) == [
        "anything-else",
        "social-worker",
    ]
