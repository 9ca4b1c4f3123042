"""What Children in Care Council members see: their own page, the pledge in big type, and its PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pypdf
import pytest
import time_machine
from django.urls import reverse

from cpboard.core import roles
from pledge.models import Commitment, PledgeVersion
from tests.conftest import make_person
from tests.factories.pledge import CommitmentFactory, FindingFactory, PromiseFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_member_signing_in_lands_on_their_own_page(client, cicc_member):
    client.force_login(cicc_member)
    response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pledge:young-home")
    assert f"Hello, {cicc_member.first_name}" in _text(response)


def test_someone_who_is_also_an_officer_keeps_the_ordinary_home_page_with_a_link_to_the_members_page(
    client_as,
):
    both = make_person(None, username="officer-and-member")
    both.groups.add(roles.group(roles.OFFICER), roles.group(roles.CICC_MEMBER))
    response = client_as(both).get(reverse("core:home"))
    assert response.status_code == 200
    assert f'href="{reverse("pledge:young-home")}"' in response.content.decode()


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_the_members_page_shows_the_pledge_the_open_survey_and_you_said_we_did(client_as, cicc_member):
    CommitmentFactory()
    SurveyFactory(title="Pledge survey 2026", opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31))
    FindingFactory(
        survey=SurveyFactory(title="Pledge survey 2025", year=2025, closes_on=dt.date(2025, 12, 1))
    )
    response = client_as(cicc_member).get(reverse("pledge:young-home"))
    text = _text(response)
    assert "The 1 promise the council makes to every child in care" in text
    assert "Have your say: Pledge survey 2026" in text
    # the way in: the member answers with their account, anonymously
    assert f'href="{reverse("pledge:survey-start-account")}"' in response.content.decode()
    assert "open until 31/12/2026" in text
    assert "What children told us in the pledge survey 2025, and what we did about it (1 thing)." in text


@time_machine.travel(dt.datetime(2027, 2, 1, 10, tzinfo=dt.UTC), tick=False)
def test_a_closed_survey_is_not_offered(client_as, cicc_member):
    SurveyFactory(title="Pledge survey 2026", opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 31))
    text = _text(client_as(cicc_member).get(reverse("pledge:young-home")))
    assert "There is no survey open right now." in text


def test_the_childrens_pledge_shows_each_promise_and_what_it_means(client_as, cicc_member):
    commitment = CommitmentFactory(
        text="You will have your social worker's phone number.",
        kind=Commitment.Kind.STATUTORY,
        measure="We will ring you back within a day.",
    )
    response = client_as(cicc_member).get(reverse("pledge:children-pledge"))
    text = _text(response)
    assert commitment.promise.child_text in text
    assert "You will have your social worker's phone number. We will ring you back within a day." in text
    assert "This is the law." in text
    assert "corporate parenting principles" not in text.lower()  # the board's words stay on the board's page


def test_the_childrens_pledge_pdf_has_the_promises_and_no_protective_marking(
    client_as, cicc_member, settings
):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    version = PledgeVersion.objects.current() or PromiseFactory().pledge_version
    for n in range(3):
        CommitmentFactory(promise=PromiseFactory(pledge_version=version, child_text=f"We promise thing {n}."))
    response = client_as(cicc_member).get(reverse("pledge:children-pledge-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    for n in range(3):
        assert f"We promise thing {n}." in text
    assert "OFFICIAL" not in text


def test_with_no_pledge_yet_children_are_told_it_is_coming(client_as, cicc_member):
    text = _text(client_as(cicc_member).get(reverse("pledge:children-pledge")))
    assert "Our promises to you are being written" in text
