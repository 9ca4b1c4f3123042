"""The yearly work programme: items for a meeting or a month, joining agendas."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cpboard.board.models import AgendaItem, Section, WorkProgrammeItem
from tests.factories.board import AgendaItemFactory, MeetingFactory, WorkProgrammeItemFactory

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return dt.datetime(year, month, day, 14, 0, tzinfo=ZoneInfo("Europe/London"))


def test_an_item_planned_for_a_meeting_with_an_agenda_joins_it_once(client_as, scrutiny_officer):
    meeting = MeetingFactory(starts_at=at(2026, 9, 16))
    AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.APOLOGIES, position=1)
    client = client_as(scrutiny_officer)
    response = client.post(
        reverse("board:work-programme-create") + "?year=2026",
        {
            "title": "Regulation 44 visits: six-monthly report",
            "theme": "Homes",
            "meeting": meeting.pk,
            "section": Section.VISITS_COMPLIANCE,
        },
    )
    assert response.status_code == 302
    planned = WorkProgrammeItem.objects.get()
    assert planned.municipal_year == 2026
    assert meeting.items.filter(work_programme_item=planned).count() == 1
    client.post(
        reverse("board:work-programme-edit", args=[planned.pk]),
        {"title": "Regulation 44 visits report", "meeting": meeting.pk, "version": planned.version},
    )
    assert meeting.items.filter(work_programme_item=planned).count() == 1
    page = client.get(reverse("board:work-programme") + "?year=2026").content.decode()
    assert "Meeting on 16/09/2026" in page and "Regulation 44 visits report" in page


def test_an_item_needs_a_meeting_or_a_month_and_months_run_may_to_april(client_as, scrutiny_officer):
    client = client_as(scrutiny_officer)
    url = reverse("board:work-programme-create") + "?year=2026"
    form = client.get(url).content.decode()
    assert "May 2026" in form and "April 2027" in form and "May 2027" not in form
    response = client.post(url, {"title": "Adoption and fostering report"})
    assert "Choose the meeting it comes to, or the month." in response.content.decode()
    client.post(url, {"title": "Adoption and fostering report", "month": "2027-01-01"})
    assert WorkProgrammeItem.objects.get().planned_month == dt.date(2027, 1, 1)
    page = client.get(reverse("board:work-programme") + "?year=2026").content.decode()
    assert "January 2027 (no meeting set yet)" in page


def test_removing_an_item_and_who_may(client_as, scrutiny_officer, board_member):
    planned = WorkProgrammeItemFactory(planned_month=dt.date(2026, 6, 1))
    assert (
        client_as(board_member).get(reverse("board:work-programme-delete", args=[planned.pk])).status_code
        == 403
    )
    client = client_as(scrutiny_officer)
    assert client.post(reverse("board:work-programme-delete", args=[planned.pk])).status_code == 302
    assert not WorkProgrammeItem.objects.exists()


def test_an_unknown_year_is_not_found(client_as, board_member):
    client = client_as(board_member)
    assert client.get(reverse("board:work-programme") + "?year=1990").status_code == 404
    assert client.get(reverse("board:work-programme") + "?year=abc").status_code == 404


def test_the_work_programme_gives_the_municipal_years_dates_as_dd_mm_yyyy(client_as, scrutiny_officer):
    page = client_as(scrutiny_officer).get(reverse("board:work-programme") + "?year=2026").content.decode()
    assert "(01/05/2026 to 30/04/2027)" in page
    assert "1 May 2026" not in page
