"""Member training in the browser (issue 11, "Done means"):

- an officer records a session and ticks its attendees from a searchable list of 60 councillors, on a
  320 px wide phone and again with JavaScript switched off;
- a board member's own page shows the date each course is valid until;
- the board's compliance percentages equal counts worked out here, independently, from the records;
- compliance as at a past date shows what was true then.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.accounts.models import Appointment
from cpboard.core import roles
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.training import (
    AppointmentFactory,
    CourseFactory,
    PersonFactory,
    TrainingRecordFactory,
    induction_and_refresher,
)
from training.models import Session, TrainingRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = 320
SURNAMES = [
    "Ashworth", "Bevan", "Carrick", "Dalton", "Ellwood", "Fairley", "Garside", "Holroyd", "Ingram", "Jowett",
    "Kendrick", "Lister", "Marsden", "Nuttall", "Ormerod", "Pickles", "Quarmby", "Rushworth", "Sutcliffe",
    "Thwaite",
]  # fmt: skip
FIRST = ["Aled", "Bethan", "Carys"]


def sixty_councillors() -> list:
    return [
        PersonFactory(display_name=f"{first} {last}", ward=f"Ward {n % 15}", party="Independent")
        for n, (first, last) in enumerate((f, s) for f in FIRST for s in SURNAMES)
    ]


@pytest.fixture
def chromium(_chromium):
    return _chromium


def _context(chromium, settings, *, width=1024, javascript=True):
    settings.MFA_REQUIRED = False  # sign-in with a code has its own tests
    context = chromium.new_context(
        viewport={"width": width, "height": 800},
        locale="en-GB",
        timezone_id="Europe/London",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    return context


def assert_no_sideways_scroll(page, width: int, step: str) -> None:
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{step}: the page is {scrolled} px wide in a {width} px window"


def _record_session(page, live_server, *, search: bool) -> None:
    page.goto(live_server.url + reverse("training:session-create"))
    expect(page.get_by_role("heading", name="Record a session", level=1)).to_be_visible()
    page.get_by_label("Course").select_option(label="Corporate parenting refresher")
    page.get_by_label("Date", exact=True).fill("11/03/2025")
    page.get_by_label("Trainer").fill("Children in Care Council members")
    page.get_by_label("Delivered with care-experienced young people").check()
    boxes = page.locator("input[name=attendees]")
    expect(boxes).to_have_count(60)
    if search:
        finder = page.get_by_label("Find people in the list")
        finder.fill("holroyd")
        attendee_items = page.locator(
            ".govuk-checkboxes__item:visible", has=page.locator("input[name=attendees]")
        )
        expect(attendee_items).to_have_count(3)
        page.get_by_label(re.compile(r"^Bethan Holroyd")).check()
        finder.fill("Carys Ingram")
        page.get_by_label(re.compile(r"^Carys Ingram")).check()
        finder.fill("")
    else:
        expect(page.get_by_label("Find people in the list")).not_to_be_visible()  # hidden without JavaScript
        page.get_by_label(re.compile(r"^Bethan Holroyd")).check()
        page.get_by_label(re.compile(r"^Carys Ingram")).check()
    page.get_by_role("button", name="Save session and attendance").click()
    page.wait_for_load_state()


def test_an_officer_records_a_session_on_a_320px_phone_searching_sixty_councillors(
    chromium, live_server, settings
):
    induction_and_refresher()
    sixty_councillors()
    UserFactory(username="training-officer", roles=[roles.OFFICER])
    context = _context(chromium, settings, width=NARROW)
    try:
        page = context.new_page()
        sign_in(page, live_server, "training-officer", PASSWORD)
        _record_session(page, live_server, search=True)
        assert_no_sideways_scroll(page, NARROW, "the session's page")
        assert "saved with 2 people attending" in page.locator(".govuk-notification-banner").inner_text()
        attendees = page.locator("#attendees li").all_inner_texts()
        assert attendees == [
            "Bethan Holroyd: valid until 10/03/2028",
            "Carys Ingram: valid until 10/03/2028",
        ]
    finally:
        context.close()
    session = Session.objects.get()
    assert sorted(r.person.display_name for r in session.records.all()) == ["Bethan Holroyd", "Carys Ingram"]


def test_recording_a_session_works_without_javascript(chromium, live_server, settings):
    induction_and_refresher()
    sixty_councillors()
    UserFactory(username="training-officer", roles=[roles.OFFICER])
    context = _context(chromium, settings, javascript=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, "training-officer", PASSWORD)
        _record_session(page, live_server, search=False)
        expect(page.get_by_role("heading", name="Corporate parenting refresher, 11/03/2025")).to_be_visible()
    finally:
        context.close()
    assert TrainingRecord.objects.count() == 2


def test_a_members_page_shows_valid_until_dates(chromium, live_server, settings):
    induction, refresher = induction_and_refresher()
    visitor = CourseFactory(code="reg-visitor", name="Regulation 33/44 visitor training", validity_months=24,
                            for_councillors=False, for_visitors=True)  # fmt: skip
    user = UserFactory(username="cllr-nowak", roles=[roles.BOARD_MEMBER])
    me = PersonFactory(display_name="Tomasz Nowak", user=user)
    AppointmentFactory(person=me, kind=Appointment.Kind.VISITOR, started_on=dt.date(2024, 6, 1))
    TrainingRecordFactory(person=me, course=induction, completed_on=dt.date(2020, 6, 9))
    TrainingRecordFactory(person=me, course=refresher, completed_on=dt.date(2025, 3, 11))
    TrainingRecordFactory(person=me, course=visitor, completed_on=dt.date(2026, 2, 10))
    context = _context(chromium, settings, width=NARROW)
    try:
        page = context.new_page()
        sign_in(page, live_server, "cllr-nowak", PASSWORD)
        page.goto(live_server.url + reverse("training:my-training"))
        expect(page.get_by_role("heading", name="My training", level=1)).to_be_visible()
        rows = {
            row.locator("th").inner_text().strip(): row.locator("[data-label='Valid until']")
            .inner_text()
            .strip()
            for row in page.locator("#training-status tbody tr").all()
        }
        assert rows["Corporate parenting induction"] == "10/03/2028"
        assert rows["Regulation 33/44 visitor training"] == "09/02/2028"
        assert_no_sideways_scroll(page, NARROW, "My training")
    finally:
        context.close()


def _board_with_records():
    """Twelve board members with a mix of records, and councillors who are not on the board."""
    induction, refresher = induction_and_refresher()
    safeguarding = CourseFactory(code="safeguarding", name="Safeguarding", for_councillors=False,
                                 for_board_members=True, validity_months=36)  # fmt: skip
    members = []
    for n in range(12):
        person = PersonFactory(display_name=f"Board Member{n:02d}", started_on=dt.date(2016, 5, 9))
        AppointmentFactory(person=person, started_on=dt.date(2024, 5, 20))
        members.append(person)
        TrainingRecordFactory(person=person, course=induction, completed_on=dt.date(2016, 6, 14))
        if n % 3 != 0:
            TrainingRecordFactory(
                person=person, course=refresher, completed_on=dt.date(2024, 10, 8) + dt.timedelta(days=n)
            )
        if n % 4 != 1:
            TrainingRecordFactory(person=person, course=safeguarding, completed_on=dt.date(2025, 1, 21))
    for n in range(5):
        PersonFactory(display_name=f"Ward Councillor{n}")
    return members, induction, safeguarding


def _independent_count(members, course_ids_for, validity_months, on):
    """Counted here from the records, without the app's rule: a completion counts for 36 months."""

    def holds(person, course):
        for record in TrainingRecord.objects.filter(person=person, course_id__in=course_ids_for[course]):
            year, month = divmod(record.completed_on.month - 1 + validity_months, 12)
            last_day = record.completed_on.replace(
                year=record.completed_on.year + year, month=month + 1
            ) - dt.timedelta(days=1)
            if record.completed_on <= on <= last_day:
                return True
        return False

    return holds


def test_the_boards_compliance_percentages_match_a_count_from_the_records(chromium, live_server, settings):
    members, induction, safeguarding = _board_with_records()
    on = dt.date.today()  # noqa: DTZ011 - the page's default date
    refresher_id = induction.refreshers.get().pk
    holds = _independent_count(
        members, {induction: {induction.pk, refresher_id}, safeguarding: {safeguarding.pk}}, 36, on
    )
    holding_induction = sum(holds(p, induction) for p in members)
    holding_safeguarding = sum(holds(p, safeguarding) for p in members)
    holding_both = sum(holds(p, induction) and holds(p, safeguarding) for p in members)
    UserFactory(username="cllr-chair", roles=[roles.BOARD_MEMBER])
    context = _context(chromium, settings)
    try:
        page = context.new_page()
        sign_in(page, live_server, "cllr-chair", PASSWORD)
        page.get_by_role("link", name="Training compliance").first.click()
        page.wait_for_load_state()
        board = page.locator("#group-figures tr[data-group=board]")
        assert board.locator("[data-label=People]").inner_text() == "12"
        assert board.locator("[data-label=Compliant]").inner_text() == str(holding_both)
        assert board.locator("[data-percent]").inner_text() == f"{round(100 * holding_both / 12)}%"
        by_course = page.locator("#by-course-board")
        row = by_course.locator("tr[data-course=cp-induction]")
        assert row.locator("[data-percent]").inner_text() == f"{round(100 * holding_induction / 12)}%"
        row = by_course.locator("tr[data-course=safeguarding]")
        assert row.locator("[data-percent]").inner_text() == f"{round(100 * holding_safeguarding / 12)}%"
    finally:
        context.close()
    assert (holding_induction, holding_safeguarding, holding_both) == (8, 9, 6)


def test_compliance_as_at_a_past_date(chromium, live_server, settings):
    members, induction, _ = _board_with_records()
    PersonFactory(display_name="Newly Elected", started_on=dt.date(2025, 1, 10))
    UserFactory(username="scrutiny", roles=[roles.SCRUTINY_OFFICER])
    context = _context(chromium, settings)
    try:
        page = context.new_page()
        sign_in(page, live_server, "scrutiny", PASSWORD)
        page.goto(live_server.url + reverse("training:compliance"))
        page.get_by_label("As at").fill("31/03/2024")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        assert "As at 31/03/2024" in page.locator(".govuk-caption-l").inner_text()
        # On 31/03/2024 the 2016 inductions had lapsed and no refresher had been done yet: nobody held it.
        row = page.locator("#by-course-councillors tr[data-course=cp-induction]")
        assert row.locator("[data-label='Must hold it']").inner_text() == "17"
        assert row.locator("[data-percent]").inner_text() == "0%"
        assert "Newly Elected" not in page.locator("#people-compliance").inner_text()  # had not started
        page.get_by_label("As at").fill("31/02/2024")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert "Enter a real date" in page.locator("#as_at-error").inner_text()
    finally:
        context.close()
