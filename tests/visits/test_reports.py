"""Writing, submitting, acknowledging and printing a visit report."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cpboard.core.pdf import StaticOnlyFetcher
from tests.conftest import signed_in
from tests.factories.training import PersonFactory
from tests.factories.visits import ActionFactory, HomeFactory, VisitFactory
from visits import packs
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(visitor_user, last_month):
    person = PersonFactory(user=visitor_user, display_name="Gwen Holroyd")
    visit = VisitFactory(period_start=last_month, planned_on=last_month + dt.timedelta(days=5))
    visit.visitors.add(person)
    return visit


def _report(visit, **changes):
    data = {
        "visited_on": f"{visit.planned_on:%d/%m/%Y}",
        "arrived_at": "16:30",
        "left_at": "18:00",
        "children_spoken_to": "2",
        "children_spoken_how": "group",
        "children_consented": "on",
        "parents_spoken_to": "0",
        "staff_spoken_to": "Deputy manager",
        "premises": "Clean and homely.",
        "records_complaints": "on",
        "children_said": "They like the new cook.",
        "staff_said": "Two posts are vacant.",
        "safeguarded": "yes",
        "wellbeing": "yes",
        "strengths": "Warm atmosphere.",
        "concerns": "",
        "recommendations": "",
        "themes": ["staffing"],
        "version": str(visit.version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_visitor_saves_a_draft_then_submits(client, visitor_user, visit):
    signed_in(client, visitor_user)
    url = reverse("visits:report-edit", args=[visit.pk])
    assert client.post(url, _report(visit)).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT and visit.themes == ["staffing"]
    response = client.post(url, _report(visit, submit_report="Submit report"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SUBMITTED
    assert visit.submitted_on == timezone.localdate()
    assert [h.history_change_reason for h in visit.history.all()[:2]] == [
        "Report submitted",
        "Report saved as a draft",
    ]


def test_a_visit_dated_in_the_future_is_refused(client, visitor_user, visit):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = signed_in(client, visitor_user).post(
        reverse("visits:report-edit", args=[visit.pk]), _report(visit, visited_on=f"{tomorrow:%d/%m/%Y}")
    )
    assert response.status_code == 400
    assert "is in the future" in response.content.decode()


def test_submitting_needs_both_opinions(client, visitor_user, visit):
    response = signed_in(client, visitor_user).post(
        reverse("visits:report-edit", args=[visit.pk]),
        _report(visit, safeguarded=None, wellbeing=None, submit_report="Submit report"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "effectively safeguarded" in page and "promotes children" in page
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED


def test_likely_names_are_flagged_and_kept_only_with_a_reason(client, visitor_user, visit):
    signed_in(client, visitor_user)
    url = reverse("visits:report-edit", args=[visit.pk])
    said = "Mrs Patel said her son was happy; call 07700 900123."
    response = client.post(url, _report(visit, children_said=said, submit_report="Submit report"))
    assert response.status_code == 302 and response["Location"].endswith("?check=1")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DRAFT and visit.children_said == said  # nothing lost
    page = client.get(response["Location"]).content.decode()
    assert "saved as a draft, not submitted" in page and '<mark class="cp-flag"' in page
    response = client.post(
        url,
        _report(
            visit,
            children_said=said,
            submit_report="Submit report",
            privacy_reason="The parent asked to be quoted.",
        ),
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SUBMITTED
    assert visit.privacy_reason == "The parent asked to be quoted."


def test_changing_a_submitted_report_needs_a_reason(client, visitor_user, visit):
    signed_in(client, visitor_user)
    url = reverse("visits:report-edit", args=[visit.pk])
    client.post(url, _report(visit, submit_report="Submit report"))
    visit.refresh_from_db()
    response = client.post(url, _report(visit, strengths="Changed."))
    assert response.status_code == 400
    assert "Say why you are changing a report" in response.content.decode()
    response = client.post(url, _report(visit, strengths="Changed.", amendment_reason="Typo in strengths."))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.strengths == "Changed." and visit.amendment_reason == "Typo in strengths."
    assert visit.history.first().history_change_reason.startswith("Submitted report changed")


def test_two_people_editing_the_same_draft(client, visitor_user, visit):
    signed_in(client, visitor_user)
    url = reverse("visits:report-edit", args=[visit.pk])
    first = _report(visit, strengths="First person's words.")
    second = _report(visit, strengths="Second person's words.")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)  # shown at the same version
    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()
    visit.refresh_from_db()
    assert visit.strengths == "First person's words."


def test_the_manager_acknowledges_a_submitted_report(client, manager_user, visit):
    visit.home.manager = PersonFactory(user=manager_user)
    visit.home.save()
    visit.status, visit.submitted_on, visit.visited_on = (
        Visit.Status.SUBMITTED,
        timezone.localdate(),
        visit.planned_on,
    )
    visit.safeguarded = visit.wellbeing = "yes"
    visit.save()
    signed_in(client, manager_user)
    page = client.get(reverse("visits:visit-detail", args=[visit.pk])).content.decode()
    assert "Acknowledge the report" in page
    response = client.post(reverse("visits:report-acknowledge", args=[visit.pk]), {"version": visit.version})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.ACKNOWLEDGED and visit.acknowledged_by == manager_user


HOSTILE = '<img src="file:///etc/passwd"><style>body{background:url(file:///etc/hostname)}</style><b>bold</b>'


def test_html_in_a_report_is_shown_as_text_and_the_pdf_fetches_nothing(client, officer, visit):
    visit.children_said = HOSTILE
    visit.concerns = "url(file:///etc/shadow) and <img src=file:/etc/passwd>"
    visit.visited_on, visit.status = visit.planned_on, Visit.Status.DRAFT
    visit.save()
    ActionFactory(visit=visit, what="<script>alert(1)</script> fix the gate")
    signed_in(client, officer)
    page = client.get(reverse("visits:visit-detail", args=[visit.pk])).content.decode()
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page and "<b>bold</b>" not in page
    printed = client.get(reverse("visits:report-print", args=[visit.pk])).content.decode()
    assert "&lt;style&gt;" in printed and "<style>body{background" not in printed
    fetcher = StaticOnlyFetcher()
    pdf = packs.report_pdf(visit, officer, url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.refused == []
    assert all(record.reason == "static file" for record in fetcher.served)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "file:///etc/passwd" in text and "They like" not in text
    assert "Test Home" in text


def test_the_pdf_download_is_scoped_like_the_page(client, visitor_user, visit):
    other = VisitFactory(home=HomeFactory(), period_start=visit.period_start)
    signed_in(client, visitor_user)
    response = client.get(reverse("visits:report-pdf", args=[visit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("visits:report-pdf", args=[other.pk])).status_code == 404
    assert client.get(reverse("visits:report-print", args=[other.pk])).status_code == 404
