"""'You said, we did': officers record findings with a status and a checked link; children read them."""

from __future__ import annotations

import io
import re
from html import unescape

import pypdf
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from performance.models import Indicator
from pledge.models import Finding
from tests.factories.performance import IndicatorFactory
from tests.factories.pledge import FindingFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _data(**changes) -> dict:
    return {
        "promise": "",
        "you_said": "Some of you did not know how to get an advocate.",
        "we_did": "We gave every child a card with the advocacy number.",
        "status": Finding.Status.DONE,
        "link": "",
        **changes,
    }


def test_an_officer_records_a_finding_linked_to_an_indicator_and_the_board_follows_the_link(
    client_as, officer, board_member
):
    survey = SurveyFactory(title="Pledge survey 2025", year=2025)
    indicator = IndicatorFactory(code="SW-VISITS", title="Social worker visits on time")
    response = client_as(officer).post(
        reverse("pledge:finding-create", args=[survey.pk]),
        _data(link=f"performance.indicator:{indicator.pk}"),
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.survey == survey
    assert finding.action_type == ContentType.objects.get_for_model(Indicator)
    assert finding.action_id == indicator.pk
    assert finding.history.latest().history_user == officer
    page = client_as(board_member).get(reverse("pledge:finding-list"))
    assert f'href="{indicator.get_absolute_url()}"' in page.content.decode()
    assert "Social worker visits on time" in _text(page)
    assert "Change" not in _text(page)  # board members read; officers record


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("accounts.user:1", "Choose a kind of record a finding can be linked to."),
        ("performance.indicator:abc", "Choose the record to link this finding to from the list."),
        (
            "performance.indicator:999999",
            "That record no longer exists: choose another, or leave the link empty.",
        ),
    ],
)
def test_a_link_to_anything_but_an_existing_record_of_a_linkable_kind_is_refused(
    client_as, officer, link, message
):
    survey = SurveyFactory()
    response = client_as(officer).post(reverse("pledge:finding-create", args=[survey.pk]), _data(link=link))
    assert response.status_code == 200
    assert message in _text(response)
    assert not Finding.objects.exists()


def test_a_finding_cannot_be_done_before_the_board_says_what_it_did(client_as, officer):
    survey = SurveyFactory()
    response = client_as(officer).post(reverse("pledge:finding-create", args=[survey.pk]), _data(we_did=""))
    assert "Say what the board did before marking it done." in _text(response)
    planned = client_as(officer).post(
        reverse("pledge:finding-create", args=[survey.pk]), _data(we_did="", status=Finding.Status.PLANNED)
    )
    assert planned.status_code == 302


def test_changing_a_finding_keeps_its_link_and_can_remove_it(client_as, officer):
    indicator = IndicatorFactory()
    finding = FindingFactory(action_type=ContentType.objects.get_for_model(Indicator), action_id=indicator.pk)
    client = client_as(officer)
    form = client.get(reverse("pledge:finding-edit", args=[finding.pk])).content.decode()
    assert re.search(rf'<option value="performance.indicator:{indicator.pk}"[^>]*selected', form)
    client.post(
        reverse("pledge:finding-edit", args=[finding.pk]),
        _data(status=Finding.Status.IN_PROGRESS, link="", version=finding.version),
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.IN_PROGRESS
    assert finding.action_type is None and finding.action_id is None


def test_children_read_what_they_said_and_what_was_done_in_their_own_words(client_as, cicc_member):
    FindingFactory(you_said="You wanted more trips.", we_did="", status=Finding.Status.PLANNED)
    FindingFactory(you_said="You did not know the nurse.", status=Finding.Status.DONE)
    text = _text(client_as(cicc_member).get(reverse("pledge:you-said-we-did")))
    assert "You wanted more trips." in text
    assert "We are going to do this" in text
    assert "We are working out what to do. We will tell you here." in text
    assert "We have done this" in text


def test_a_finding_with_html_in_it_is_shown_as_text_on_the_page_and_the_poster(
    client_as, officer, cicc_member
):
    FindingFactory(you_said='<script>alert("hi")</script> You said <b>this</b>.')
    page = client_as(cicc_member).get(reverse("pledge:you-said-we-did")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    poster = client_as(cicc_member).get(reverse("pledge:you-said-we-did-pdf"))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(poster.content)).pages)
    assert '<script>alert("hi")</script> You said <b>this</b>.' in " ".join(text.split())


def test_the_poster_shows_the_latest_survey_and_no_protective_marking(client_as, cicc_member, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    FindingFactory(survey=SurveyFactory(title="Pledge survey 2025", year=2025), you_said="Older finding.")
    FindingFactory(survey=SurveyFactory(title="Pledge survey 2026", year=2026), you_said="Newer finding.")
    response = client_as(cicc_member).get(reverse("pledge:you-said-we-did-pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert "Newer finding." in text and "Older finding." not in text
    assert "OFFICIAL" not in text
