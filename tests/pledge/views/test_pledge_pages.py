"""The pledge: the board's page, earlier versions, and officers writing and publishing the next version."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import cast

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledge.models import Commitment, PledgeVersion, Principle, Promise
from tests.factories.performance import OutcomeAreaFactory
from tests.factories.pledge import (
    CommitmentFactory,
    PledgeVersionFactory,
    PromiseFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def _current(promises: int = 2) -> PledgeVersion:
    version = cast(PledgeVersion, PledgeVersionFactory(number=1, status=PledgeVersion.Status.PUBLISHED))
    area = OutcomeAreaFactory(name="Staying safe")
    for n in range(promises):
        promise = PromiseFactory(
            pledge_version=version,
            outcome_area=area,
            order=n + 1,
            key=f"promise-{n}",
            child_text=f"We promise thing number {n}.",
            principles=[Principle.SAFETY.value],
        )
        CommitmentFactory(
            promise=promise, text=f"This is what promise {n} means.", kind=Commitment.Kind.STATUTORY
        )
    return version


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_board_members_read_the_current_pledge_with_the_principles_each_promise_serves(
    client_as, board_member
):
    version = _current()
    PromiseFactory(
        pledge_version=version,
        order=9,
        key="leaving-care",
        child_text="We promise to help you get ready for life after care.",
        principles=[Principle.ADULTHOOD.value, Principle.ASPIRATIONS.value],
    )
    response = client_as(board_member).get(reverse("pledge:pledge"))
    text = _text(response)
    assert response.status_code == 200
    assert "We promise to help you get ready for life after care." in text
    assert (
        "Preparing them for adulthood and living independently" in text
    )  # the promise's principle, in words
    assert "Entitlement in law" in text
    table = re.search(
        r'<table class="govuk-table cp-principles">.*?</table>', response.content.decode(), re.S
    )[0]
    footer = re.sub(r"<[^>]+>", " ", table[table.index("<tfoot>") :])
    # safety 2 promises, adulthood 1, aspirations 1, the rest none
    assert re.findall(r"\b\d\b", footer) == ["0", "0", "0", "1", "2", "1"]
    assert "Start the next version" not in text  # board members read; officers write


def test_the_pledge_page_runs_the_same_queries_however_many_promises(client_as, board_member):
    _current(promises=2)
    client = client_as(board_member)
    client.get(reverse("pledge:pledge"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pledge:pledge"))
    for n in range(2, 10):
        CommitmentFactory(
            promise=PromiseFactory(pledge_version=PledgeVersion.objects.current(), key=f"more-{n}")
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("pledge:pledge"))
    assert len(many) == len(few)


def test_starting_the_next_version_copies_the_current_pledge_into_a_draft(client_as, officer):
    _current()
    client = client_as(officer)
    response = client.post(reverse("pledge:draft-start"))
    assert response.status_code == 302
    draft = PledgeVersion.objects.get(status=PledgeVersion.Status.DRAFT)
    assert draft.number == 2
    assert list(draft.promises.values_list("key", flat=True)) == ["promise-0", "promise-1"]
    assert Commitment.objects.filter(promise__pledge_version=draft).count() == 2
    assert draft.history.latest().history_user == officer
    # Starting again carries on with the same draft.
    client.post(reverse("pledge:draft-start"))
    assert PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).count() == 1
    page = client.get(reverse("pledge:draft"))
    assert "We promise thing number 1." in _text(page)


def test_officers_edit_a_promise_of_the_draft_and_its_reading_age_is_shown(client_as, officer):
    _current()
    client = client_as(officer)
    client.post(reverse("pledge:draft-start"))
    promise = Promise.objects.get(pledge_version__status="draft", key="promise-0")
    hard = (
        "The authority undertakes comprehensive individualised multidisciplinary assessments of developmental "
        "requirements, systematically documented."
    )
    data = {
        "outcome_area": promise.outcome_area_id,
        "child_text": hard,
        "plain_text": "",
        "principles": [Principle.VIEWS.value],
        "version": promise.version,
    }
    checked = client.post(reverse("pledge:promise-edit", args=[promise.pk]), {**data, "check": "1"})
    assert checked.status_code == 200
    assert "Hard to read" in _text(checked)
    promise.refresh_from_db()
    assert promise.child_text != hard  # checking the reading age saves nothing
    saved = client.post(reverse("pledge:promise-edit", args=[promise.pk]), data)
    assert saved.status_code == 302  # advice, never a block
    promise.refresh_from_db()
    assert promise.child_text == hard
    assert promise.principles == [Principle.VIEWS.value]
    assert "Hard to read" in _text(client.get(reverse("pledge:draft")))


def test_a_promise_of_a_published_version_cannot_be_edited(client_as, officer):
    version = _current()
    promise = version.promises.first()
    assert client_as(officer).get(reverse("pledge:promise-edit", args=[promise.pk])).status_code == 404


def test_two_officers_editing_the_same_promise_the_second_is_told_not_overwritten(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    promise = PromiseFactory(pledge_version=draft, child_text="We promise one thing.")
    shown = promise.version
    promise.child_text = "Someone else's words."
    promise.save()
    promise.version += 1
    promise.save()
    response = client_as(officer).post(
        reverse("pledge:promise-edit", args=[promise.pk]),
        {"outcome_area": promise.outcome_area_id, "child_text": "My words.", "version": shown},
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in _text(response)
    promise.refresh_from_db()
    assert promise.child_text == "Someone else's words."


def test_adding_a_promise_gives_it_a_key_and_puts_it_last(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    PromiseFactory(pledge_version=draft, order=4, key="we-promise-to-listen")
    area = OutcomeAreaFactory()
    response = client_as(officer).post(
        reverse("pledge:promise-create"),
        {
            "outcome_area": area.pk,
            "child_text": "We promise to listen.",
            "principles": [Principle.VIEWS.value],
        },
    )
    promise = Promise.objects.get(child_text="We promise to listen.")
    assert response["Location"] == reverse("pledge:commitment-create", args=[promise.pk])
    assert promise.key == "we-promise-to-listen-2"
    assert promise.order == 5


def test_a_promise_without_words_is_refused_next_to_the_field(client_as, officer):
    PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    response = client_as(officer).post(reverse("pledge:promise-create"), {"child_text": ""})
    text = _text(response)
    assert response.status_code == 200
    assert "Enter the promise in children's words." in text
    assert "Choose the outcome area the promise belongs to." in text
    assert "<title>Error:" in response.content.decode()


def test_moving_a_promise_up_swaps_it_with_the_one_before(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    first = PromiseFactory(pledge_version=draft, order=1, key="a")
    second = PromiseFactory(pledge_version=draft, order=2, key="b")
    client_as(officer).post(reverse("pledge:promise-move", args=[second.pk]), {"direction": "up"})
    assert list(draft.promises.values_list("key", flat=True)) == ["b", "a"]
    first.refresh_from_db()
    assert first.history.latest().history_change_reason == "Moved in the pledge's order"


def test_a_promise_a_survey_asks_about_cannot_be_taken_out(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    promise = PromiseFactory(pledge_version=draft)
    QuestionFactory(survey=SurveyFactory(pledge_version=draft), promise=promise)
    response = client_as(officer).post(reverse("pledge:promise-delete", args=[promise.pk]), follow=True)
    assert "A survey asks about this promise" in _text(response)
    assert Promise.objects.filter(pk=promise.pk).exists()


def test_taking_a_promise_out_takes_its_commitments_too_and_keeps_their_history(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    commitment = CommitmentFactory(promise=PromiseFactory(pledge_version=draft))
    client_as(officer).post(reverse("pledge:promise-delete", args=[commitment.promise_id]))
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert Commitment.history.filter(id=commitment.pk, history_type="-").get().history_user == officer


@time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False)
def test_publishing_makes_the_draft_current_and_keeps_the_old_version_readable(
    client_as, officer, board_member
):
    old = _current()
    client = client_as(officer)
    client.post(reverse("pledge:draft-start"))
    draft = PledgeVersion.objects.get(status="draft")
    page = client.get(reverse("pledge:draft-publish"))
    assert page.status_code == 200
    response = client.post(reverse("pledge:draft-publish"), {"version": draft.version})
    assert response["Location"] == reverse("pledge:pledge")
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == PledgeVersion.Status.PUBLISHED
    assert draft.published_on == dt.date(2026, 9, 1)
    assert old.status == PledgeVersion.Status.SUPERSEDED
    assert old.history.latest().history_change_reason == "Replaced by a later version of the pledge"
    reader = client_as(board_member)
    earlier = reader.get(reverse("pledge:version-detail", args=[old.number]))
    assert "This is an earlier version of the pledge" in _text(earlier)
    assert "We promise thing number 0." in _text(earlier)
    assert "Version 1: Our promise to you" in _text(reader.get(reverse("pledge:version-list")))


def test_a_draft_with_a_promise_but_no_commitment_is_not_published(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    PromiseFactory(pledge_version=draft, child_text="We promise to listen.")
    response = client_as(officer).post(reverse("pledge:draft-publish"), {"version": draft.version})
    assert response.status_code == 400
    assert "Add at least one commitment (“This means …”) to the promise “We promise to listen.”" in _text(
        response
    )
    draft.refresh_from_db()
    assert draft.status == PledgeVersion.Status.DRAFT


def test_publishing_from_a_stale_page_is_refused(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    CommitmentFactory(promise=PromiseFactory(pledge_version=draft))
    response = client_as(officer).post(reverse("pledge:draft-publish"), {"version": draft.version - 1})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.status == PledgeVersion.Status.DRAFT


def test_drafts_are_for_officers_board_members_never_see_one(client_as, board_member):
    PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    client = client_as(board_member)
    assert client.get(reverse("pledge:version-detail", args=[3])).status_code == 404
    assert "Version 3" not in _text(client.get(reverse("pledge:version-list")))


def test_the_draft_title_and_review_date_are_saved_in_uk_format(client_as, officer):
    draft = PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT)
    client = client_as(officer)
    bad = client.post(
        reverse("pledge:draft"),
        {
            "title": "Our promise to you",
            "introduction": "",
            "review_by": "31/13/2027",
            "version": draft.version,
        },
    )
    assert "Enter the review date as day, month and year, for example 31/03/2027." in _text(bad)
    client.post(
        reverse("pledge:draft"),
        {
            "title": "Our promise to you",
            "introduction": "Hi.",
            "review_by": "31/03/2027",
            "version": draft.version,
        },
    )
    draft.refresh_from_db()
    assert draft.review_by == dt.date(2027, 3, 31)


def test_the_reading_age_script_gets_the_same_advice_as_the_page(client_as, officer):
    client = client_as(officer)
    easy = client.get(reverse("pledge:reading-age"), {"text": "We promise you will know your social worker."})
    assert easy.json() == {
        "age": 9,
        "aim": 9,
        "too_hard": False,
        "message": "Reading age about 9: fine for children in care (aim for 9 or under).",
        "tag": "Easy to read",
    }
    banded = client.get(
        reverse("pledge:reading-age"), {"text": "We promise you will know your social worker.", "band": "4-7"}
    ).json()
    assert banded["too_hard"] is True
    assert banded["aim"] == 7
    assert client.get(reverse("pledge:reading-age"), {"band": "nonsense"}).json()["age"] is None
