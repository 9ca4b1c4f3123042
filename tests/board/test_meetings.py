"""Arranging meetings: the standing items, the work programme's items, the meeting page, editing it (409 on a
stale edit), attendance and the quorum."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cpboard.board.models import AgendaItem, Attendance, Board, Meeting, Membership, Section
from cpboard.board.services.meetings import (
    create_meeting,
    current_board,
    quorum_for,
)
from cpboard.core.locking import save_audited
from tests.factories.accounts import UserFactory
from tests.factories.board import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    WorkProgrammeItemFactory,
)
from tests.factories.training import PersonFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=14):
    return dt.datetime(year, month, day, hour, 0, tzinfo=LONDON)


def test_a_new_meeting_starts_with_the_five_standing_items_in_order():
    board = BoardFactory()
    user = UserFactory()
    earlier = create_meeting(board, starts_at=at(2026, 6, 10), place="Committee Room 1", by=user)
    meeting = create_meeting(board, starts_at=at(2026, 8, 5), place="Committee Room 2", by=user)
    items = list(meeting.items.order_by("position"))
    assert [i.kind for i in items] == [
        AgendaItem.Kind.APOLOGIES,
        AgendaItem.Kind.MINUTES,
        AgendaItem.Kind.MATTERS_ARISING,
        AgendaItem.Kind.CICC,
        AgendaItem.Kind.PLAN,
    ]
    assert items[-1].section == Section.PLAN
    assert "10/06/2026" in items[1].narrative  # the minutes of the last meeting name it
    assert earlier.items.count() == 5
    assert items[0].history.first().history_change_reason


def test_the_work_programme_items_for_the_month_or_the_meeting_join_the_new_agenda_once():
    board = BoardFactory()
    user = UserFactory()
    for_month = WorkProgrammeItemFactory(
        municipal_year=2026,
        planned_month=dt.date(2026, 8, 1),
        title="Quarterly performance report",
        section=Section.SCORECARD,
        section_options={"area": ""},
    )
    other_month = WorkProgrammeItemFactory(municipal_year=2026, planned_month=dt.date(2026, 10, 1))
    meeting = create_meeting(board, starts_at=at(2026, 8, 5), place="Committee Room 1", by=user)
    planned = meeting.items.filter(kind=AgendaItem.Kind.REPORT)
    assert [i.title for i in planned] == ["Quarterly performance report"]
    assert planned[0].section == Section.SCORECARD and planned[0].position == 6
    for_month.refresh_from_db()
    assert for_month.meeting == meeting  # linked: not offered to another meeting in August
    second = create_meeting(board, starts_at=at(2026, 8, 26), place="Committee Room 1", by=user)
    assert not second.items.filter(kind=AgendaItem.Kind.REPORT).exists()
    other_month.refresh_from_db()
    assert other_month.meeting is None


def test_there_is_one_board_set_up_on_first_use():
    assert Board.objects.count() == 0
    first = current_board()
    assert current_board() == first
    assert Board.objects.count() == 1
    assert first.history.count() == 1


def test_a_scrutiny_officer_arranges_a_meeting_and_sees_its_page(client_as, scrutiny_officer):
    client = client_as(scrutiny_officer)
    response = client.post(
        reverse("board:meeting-create"), {"date": "10/06/2026", "time": "14:00", "place": "Committee Room 1"}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Board meeting on 10/06/2026" in page
    for title in (
        "Apologies for absence",
        "Minutes of the last meeting",
        "Matters arising",
        "Children in Care Council update",
        "Action-plan progress",
    ):
        assert title in page


def test_bad_dates_are_explained_next_to_the_field(client_as, scrutiny_officer):
    response = client_as(scrutiny_officer).post(
        reverse("board:meeting-create"), {"date": "31/02/2026", "time": "25:00", "place": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "Enter the date as day/month/year" in page
    assert "Enter the time as hours and minutes" in page
    assert "Enter where the meeting is held." in page


def test_a_stale_edit_of_a_meeting_is_refused_with_409(client_as, scrutiny_officer):
    meeting = MeetingFactory(starts_at=at(2026, 6, 10))
    client = client_as(scrutiny_officer)
    data = {
        "date": "10/06/2026",
        "time": "14:00",
        "place": "Room 2",
        "status": "held",
        "version": meeting.version,
    }
    meeting.place = "Changed meanwhile"
    save_audited(meeting, by=None, reason="Someone else's edit")
    response = client.post(reverse("board:meeting-edit", args=[meeting.pk]), data)
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.place == "Changed meanwhile"
    data["version"] = meeting.version
    assert client.post(reverse("board:meeting-edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Room 2" and meeting.status == Meeting.Status.HELD


def test_minutes_are_agreed_at_a_later_meeting_only(client_as, scrutiny_officer):
    meeting = MeetingFactory(starts_at=at(2026, 6, 10))
    earlier = MeetingFactory(starts_at=at(2026, 4, 10))
    later = MeetingFactory(starts_at=at(2026, 8, 5))
    client = client_as(scrutiny_officer)
    url = reverse("board:meeting-edit", args=[meeting.pk])
    base = {
        "date": "10/06/2026",
        "time": "14:00",
        "place": "Room 1",
        "status": "held",
        "version": meeting.version,
    }
    response = client.post(url, {**base, "minutes_approved_at": earlier.pk})
    assert response.status_code == 200  # not offered: a choice error
    assert client.post(url, {**base, "minutes_approved_at": later.pk}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at == later
    assert "Agreed as a true record at" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_board_member_reads_the_meeting_but_cannot_change_it(client_as, board_member):
    meeting = MeetingFactory()
    client = client_as(board_member)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Change date, place or status" not in page.content.decode()
    for name in ("board:meeting-edit", "board:attendance", "board:item-create", "board:decision-create"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 403


def test_narrative_text_is_shown_as_text_never_as_markup(client_as, board_member):
    item = AgendaItemFactory(
        narrative='<img src="file:///etc/passwd"> <style>body{background:url(http://evil.example/x)}</style> <b>bold</b>'
    )
    page = client_as(board_member).get(item.meeting.get_absolute_url()).content.decode()
    assert "<img src=" not in page and "<style>body" not in page and "<b>bold</b>" not in page
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page


def test_the_meeting_list_has_upcoming_and_past_meetings_by_municipal_year(client_as, board_member):
    MeetingFactory(starts_at=at(2025, 6, 11))
    MeetingFactory(starts_at=at(2026, 3, 11))
    MeetingFactory(starts_at=at(2099, 6, 10))
    page = client_as(board_member).get(reverse("board:meeting-list")).content.decode()
    upcoming, past = page.split("Past meetings")[0:2]
    assert "10/06/2099" in upcoming
    assert "2025/26" in past and "11/06/2025" in past and "11/03/2026" in past


def _members(meeting, roles):
    return [MembershipFactory(role=role, started_on=dt.date(2025, 5, 1)) for role in roles]


def test_quorum_counts_voting_members_present_or_substituted():
    meeting = MeetingFactory(board=BoardFactory(quorum=3), starts_at=at(2026, 6, 10))
    chair, member, other, young = _members(
        meeting,
        [Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.MEMBER, Membership.Role.YOUNG_PERSON],
    )
    assert not quorum_for(meeting).recorded
    AttendanceFactory(meeting=meeting, person=chair.person)
    AttendanceFactory(meeting=meeting, person=young.person)  # not a voting role
    AttendanceFactory(meeting=meeting, person=other.person, status=Attendance.Status.APOLOGIES)
    assert quorum_for(meeting).present == 1 and not quorum_for(meeting).quorate
    AttendanceFactory(
        meeting=meeting, person=member.person, status=Attendance.Status.SUBSTITUTE, substitute=PersonFactory()
    )
    assert quorum_for(meeting).present == 2
    meeting.board.quorum = 2
    assert quorum_for(meeting).quorate


def test_attendance_is_recorded_per_member_and_a_substitute_is_required(client_as, scrutiny_officer):
    meeting = MeetingFactory(board=BoardFactory(quorum=1), starts_at=at(2026, 6, 10))
    chair, member = _members(meeting, [Membership.Role.CHAIR, Membership.Role.MEMBER])
    stand_in = PersonFactory(display_name="Councillor Stand In")
    client = client_as(scrutiny_officer)
    url = reverse("board:attendance", args=[meeting.pk])
    bad = {
        f"status_{chair.person.pk}": "present",
        f"status_{member.person.pk}": "substitute",
        f"version_{chair.person.pk}": 0,
        f"version_{member.person.pk}": 0,
    }
    response = client.post(url, bad)
    assert response.status_code == 200 and not meeting.attendance.exists()
    assert f"Choose who came instead of {member.person.display_name}" in response.content.decode()
    good = {**bad, f"substitute_{member.person.pk}": stand_in.pk}
    assert client.post(url, good).status_code == 302
    assert meeting.attendance.get(person=member.person).substitute == stand_in
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quorate" in page and "Substituted by Councillor Stand In" in page
    # the same page posted again (versions 0) is now stale: refused, named, nothing changed
    response = client.post(url, {**good, f"status_{chair.person.pk}": "absent"})
    assert response.status_code == 409
    assert meeting.attendance.get(person=chair.person).status == "present"


def test_the_meeting_page_reads_in_the_same_number_of_queries_however_long_the_agenda(
    client_as, board_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.board import DecisionFactory, QuestionFactory
    from tests.factories.performance import OutcomeAreaFactory

    area = OutcomeAreaFactory()
    client = client_as(board_member)

    def count(meeting):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        return len(queries)

    def meeting_with(n):
        meeting = MeetingFactory()
        for _ in range(n):
            item = AgendaItemFactory(
                meeting=meeting, section=Section.SCORECARD, section_options={"area": area.slug}
            )
            DecisionFactory(meeting=meeting, item=item)
            QuestionFactory(meeting=meeting, item=item)
            AttendanceFactory(
                meeting=meeting, person=MembershipFactory(started_on=dt.date(2020, 1, 1)).person
            )
        return meeting

    small, large = meeting_with(2), meeting_with(12)
    count(small)  # warm caches (permissions, session)
    assert count(large) == count(small)
