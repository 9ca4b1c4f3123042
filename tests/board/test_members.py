"""The terms of reference (audited, with a reason) and the board's members from the people directory."""

import datetime as dt

import pytest
from django.urls import reverse

from cpboard.board.models import Membership
from cpboard.board.services.meetings import current_board
from tests.factories.board import MembershipFactory
from tests.factories.training import AppointmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_changing_the_terms_of_reference_needs_a_reason_kept_in_the_history(client_as, scrutiny_officer):
    client = client_as(scrutiny_officer)
    board = current_board()
    data = {
        "name": board.name,
        "terms_of_reference": "The board meets six times a year.",
        "quorum": 4,
        "protective_marking": "OFFICIAL",
        "version": board.version,
    }
    response = client.post(reverse("board:terms-edit"), data)
    assert response.status_code == 200
    assert "Say why the terms of reference or board details are changing." in response.content.decode()
    response = client.post(reverse("board:terms-edit"), {**data, "reason": "Agreed by Council on 18/07/2026"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.quorum == 4
    assert "Agreed by Council on 18/07/2026" in board.history.first().history_change_reason
    page = client.get(reverse("board:terms")).content.decode()
    assert "The board meets six times a year." in page and "4 voting members" in page
    stale = client.post(reverse("board:terms-edit"), {**data, "reason": "Again"})
    assert stale.status_code == 409


def test_the_quorum_must_be_at_least_one(client_as, scrutiny_officer):
    board = current_board()
    response = client_as(scrutiny_officer).post(
        reverse("board:terms-edit"),
        {
            "name": board.name,
            "quorum": 0,
            "protective_marking": "OFFICIAL",
            "reason": "x",
            "version": board.version,
        },
    )
    assert response.status_code == 200 and "The quorum must be at least 1." in response.content.decode()


def test_board_members_read_the_terms_but_cannot_change_them(client_as, board_member):
    client = client_as(board_member)
    assert "Change the terms of reference" not in client.get(reverse("board:terms")).content.decode()
    assert client.get(reverse("board:terms-edit")).status_code == 403


def test_people_with_a_board_appointment_are_offered_first_with_their_dates(client_as, scrutiny_officer):
    appointed = PersonFactory(display_name="Councillor Ama Owusu")
    AppointmentFactory(person=appointed, kind="board_member", started_on=dt.date(2026, 5, 20))
    PersonFactory(display_name="Councillor Not Appointed")
    client = client_as(scrutiny_officer)
    page = client.get(reverse("board:members")).content.decode()
    assert "Add Councillor Ama Owusu" in page and "Add Councillor Not Appointed" not in page
    form = client.get(reverse("board:member-create") + f"?person={appointed.pk}").content.decode()
    assert 'value="20/05/2026"' in form
    response = client.post(
        reverse("board:member-create"), {"person": appointed.pk, "role": "chair", "started_on": "20/05/2026"}
    )
    assert response.status_code == 302
    assert Membership.objects.get().role == Membership.Role.CHAIR
    assert "Add Councillor Ama Owusu" not in client.get(reverse("board:members")).content.decode()


def test_a_young_person_on_the_board_is_shown_as_the_directory_names_them(client_as, board_member):
    young = PersonFactory(display_name="Jay", kind="young_person", ward="", party="")
    MembershipFactory(person=young, role=Membership.Role.YOUNG_PERSON)
    page = client_as(board_member).get(reverse("board:members")).content.decode()
    assert "Jay" in page and "Young person" in page


def test_ending_a_membership_moves_it_to_past_members(client_as, scrutiny_officer):
    membership = MembershipFactory(started_on=dt.date(2024, 5, 20))
    client = client_as(scrutiny_officer)
    url = reverse("board:member-end", args=[membership.pk])
    response = client.post(url, {"ended_on": "01/01/2024", "version": membership.version})
    assert "on or after the day they joined (20/05/2024)" in response.content.decode()
    assert client.post(url, {"ended_on": "19/05/2026", "version": membership.version}).status_code == 302
    page = client.get(reverse("board:members")).content.decode()
    past = page[page.index("Past members") :]
    assert membership.person.display_name in past and "19/05/2026" in past


def test_a_new_boards_packs_carry_the_marking_every_page_shows(db, settings):
    from cpboard.board.services.meetings import current_board

    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    assert current_board().protective_marking == "OFFICIAL-SENSITIVE"
