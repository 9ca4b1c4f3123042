"""Who sees drafts: a quarter still in draft is for officers. Board members and scrutiny officers see a
quarter's figures and commentary only once it is submitted (provisional) or signed off, on every path a
figure leaves by: the dashboard, the indicator page and its chart, explain this number, the CSV, XLSX and
PDF exports, the board pack section and the History page. Officers still see drafts, labelled draft."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from cpboard.core import roles
from cpboard.core.history import history_entries
from performance.models import IndicatorValue, QuarterReturn
from performance.packs import scorecard_section
from tests.conftest import make_person
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter

pytestmark = pytest.mark.django_db

DRAFT_FIGURE = "30 of 120"  # 25.0%
DRAFT_WORDS = ["25.0%", DRAFT_FIGURE, "Draft note on the figure", "Draft note for the board"]
SHOWN_WORDS = ["10.0%", "12 of 120", "Signed-off note for the board"]
READERS = [roles.BOARD_MEMBER, roles.SCRUTINY_OFFICER]


@pytest.fixture
def quarters():
    """2025-26 Q1 signed off (10.0%) and Q2 still a draft (25.0%), with commentary on both."""
    indicator = IndicatorFactory(code="PS-1", title="Three or more placements")
    signed = QuarterReturnFactory(
        period=quarter(2025, 1),
        status=QuarterReturn.Status.SIGNED_OFF,
        commentary="Signed-off note for the board",
    )
    draft = QuarterReturnFactory(period=quarter(2025, 2), commentary="Draft note for the board")
    shown = IndicatorValueFactory(indicator=indicator, period=signed.period, status="published")
    hidden = IndicatorValueFactory(
        indicator=indicator,
        period=draft.period,
        numerator=30,
        denominator=120,
        value=Decimal("25.0"),
        commentary="Draft note on the figure",
    )
    return {"indicator": indicator, "signed": signed, "draft": draft, "shown": shown, "hidden": hidden}


def _no_draft(text: str) -> None:
    for words in DRAFT_WORDS:
        assert words not in text, words


@pytest.mark.parametrize("role", READERS)
def test_the_dashboard_shows_the_last_quarter_they_may_see_and_never_announces_the_draft(
    client_as, quarters, role
):
    response = client_as(make_person(role)).get(reverse("performance:dashboard"))

    html = response.content.decode()
    row = response.context["scorecard"].rows[0]
    assert (row.latest.text, row.latest.period_label) == ("10.0%", "2025-26 Q1")
    assert [point.period_label for point in row.trend] == ["2025-26 Q1"]  # the sparkline too
    assert "2025-26 Q2" not in html and "draft" not in html.lower()
    assert "Quarterly figures up to 2025-26 Q1, signed off" in html
    _no_draft(html)


@pytest.mark.parametrize("role", READERS)
def test_the_indicator_page_its_chart_and_commentary_leave_out_the_draft(client_as, quarters, role):
    response = client_as(make_person(role)).get(
        reverse("performance:indicator-detail", args=[quarters["indicator"].code])
    )

    html = response.content.decode()
    _no_draft(html)
    assert "Signed-off note for the board" in html and "10.0%" in html
    assert "2025-26 Q2" not in html
    assert [p.text for p in response.context["chart"].series[0].points] == ["10.0%"]


@pytest.mark.parametrize("role", READERS)
def test_explain_this_number_and_history_are_not_found_for_a_draft_figure(client_as, quarters, role):
    client = client_as(make_person(role))
    hidden, shown = quarters["hidden"], quarters["shown"]

    def history(record):
        return reverse("core:record-history", args=["performance", record._meta.model_name, record.pk])

    assert client.get(reverse("performance:value-detail", args=[hidden.pk])).status_code == 404
    assert client.get(history(hidden)).status_code == 404
    assert client.get(reverse("performance:value-detail", args=[shown.pk])).status_code == 200
    assert client.get(history(shown)).status_code == 200


def test_a_draft_quarter_return_and_its_history_are_not_found_for_someone_who_cannot_see_drafts(
    client_as, quarters
):
    """Board members have no view permission on returns at all (403); a person who may view returns but
    not drafts still gets 404 for a draft one, through QuarterReturn.objects.visible_to."""
    from django.contrib.auth.models import Permission

    reader = make_person(roles.BOARD_MEMBER)
    reader.user_permissions.add(Permission.objects.get(codename="view_quarterreturn"))
    client = client_as(reader)

    def history(record):
        return reverse("core:record-history", args=["performance", "quarterreturn", record.pk])

    assert client.get(history(quarters["draft"])).status_code == 404
    assert client.get(history(quarters["signed"])).status_code == 200
    listed = client.get(reverse("performance:quarter-list")).content.decode()
    assert "2025-26 Q1" in listed and "2025-26 Q2" not in listed
    assert client.get(reverse("performance:quarter-edit", args=[2025, 2])).status_code == 404
    assert client.get(reverse("performance:quarter-edit", args=[2025, 1])).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_spreadsheet_exports_hold_the_last_quarter_they_may_see(
    client_as, scrutiny_officer, quarters, fmt
):
    content = client_as(scrutiny_officer).get(reverse("performance:dashboard-export", args=[fmt])).content

    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()]
    header, row = rows[0], rows[1]
    assert (row[header.index("Period")], row[header.index("Status")]) == ("2025-26 Q1", "Published")
    assert float(row[header.index("Our figure")]) == 10.0
    assert "2025-26 Q2" not in str(rows) and "25" not in str(row[header.index("Our figure")])


def test_the_pdf_and_the_board_pack_section_leave_out_the_draft(client_as, scrutiny_officer, quarters):
    import pypdf

    pdf = client_as(scrutiny_officer).get(reverse("performance:dashboard-pdf")).content
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    section = scorecard_section(make_person(roles.BOARD_MEMBER))

    for shown in (text, section):
        _no_draft(shown)
        assert "10.0%" in shown and "2025-26 Q2" not in shown


@pytest.mark.parametrize("role", READERS)
def test_once_submitted_the_quarter_is_shown_as_provisional(client_as, quarters, role):
    draft = quarters["draft"]
    draft.status = QuarterReturn.Status.SUBMITTED
    draft.save()
    client = client_as(make_person(role))

    html = client.get(reverse("performance:dashboard")).content.decode()
    page = client.get(reverse("performance:indicator-detail", args=[quarters["indicator"].code]))

    assert "25.0%" in html
    assert "2025-26 Q2, provisional" in html
    assert "The newest quarterly figures (2025-26 Q2) are provisional: submitted for sign-off." in html
    assert "Draft note for the board" in page.content.decode()
    assert client.get(reverse("performance:value-detail", args=[quarters["hidden"].pk])).status_code == 200


@pytest.mark.parametrize("role", [roles.OFFICER, roles.SENIOR_OFFICER])
def test_officers_still_see_the_draft_labelled_draft(client_as, quarters, role):
    person = make_person(role)
    client = client_as(person)

    html = client.get(reverse("performance:dashboard")).content.decode()
    page = client.get(reverse("performance:indicator-detail", args=[quarters["indicator"].code]))
    explain = client.get(reverse("performance:value-detail", args=[quarters["hidden"].pk]))

    assert "25.0%" in html and "2025-26 Q2, draft" in html
    assert "The newest quarterly figures (2025-26 Q2) are provisional: draft." in html
    assert "Draft note on the figure" in page.content.decode()
    assert "Draft note for the board" in page.content.decode()
    assert explain.status_code == 200 and "Draft" in explain.content.decode()


def test_a_quarter_sent_back_to_draft_is_hidden_again(client_as, board_member, quarters):
    signed = quarters["signed"]
    signed.status = QuarterReturn.Status.DRAFT  # as if it had never been submitted
    signed.save()

    row = client_as(board_member).get(reverse("performance:dashboard")).context["scorecard"].rows[0]

    assert row.latest.text == "No figure"


def test_the_one_rule_is_on_the_querysets(board_member, officer, quarters):
    assert set(QuarterReturn.objects.visible_to(board_member)) == {quarters["signed"]}
    assert set(QuarterReturn.objects.visible_to(officer)) == {quarters["signed"], quarters["draft"]}
    assert set(IndicatorValue.objects.visible_to(board_member)) == {quarters["shown"]}
    assert set(IndicatorValue.objects.visible_to(officer)) == {quarters["shown"], quarters["hidden"]}


def _history(client, obj) -> str:
    url = reverse("core:record-history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def drafted_then_submitted(quarters):
    """The Q2 figure and the quarter's commentary drafted twice, then submitted, then revised once."""
    draft, figure = quarters["draft"], quarters["hidden"]
    figure.commentary, figure.numerator, figure.value = "First try at the figure", 31, Decimal("25.8")
    figure.save()
    figure.commentary, figure.numerator, figure.value = "Submitted note on the figure", 36, Decimal("30.0")
    figure.save()
    draft.commentary = "Early words for the board"
    draft.save()
    draft.commentary = "Submitted words for the board"
    draft.status = QuarterReturn.Status.SUBMITTED
    draft.save()
    figure.commentary = "Revised after submission"
    figure.save()
    return quarters


DRAFTING = ["First try at the figure", "Draft note on the figure", "31 of 120", "25.8%", "Early words"]


@pytest.mark.parametrize("role", READERS)
def test_history_of_a_submitted_figure_leaves_out_its_drafting(client_as, drafted_then_submitted, role):
    figure_history = _history(client_as(make_person(role)), drafted_then_submitted["hidden"])

    for words in DRAFTING:
        assert words not in figure_history, words
    assert "Submitted note on the figure" in figure_history and "Revised after submission" in figure_history
    assert "Versions saved while the quarter was a draft are shown only to officers." in figure_history


def test_a_quarters_own_history_keeps_its_drafts_from_anyone_who_cannot_see_drafts(
    board_member, drafted_then_submitted
):
    """Board members cannot open a quarter's History page at all today; the rule holds if that changes."""
    entries = history_entries(drafted_then_submitted["draft"], board_member)
    text = " ".join(f"{e.action} {e.reason} {[(c.old, c.new) for c in e.changes]}" for e in entries)

    assert "Early words" not in text and "Draft note for the board" not in text
    assert "Submitted words for the board" in text
    assert "Versions saved while this quarter was a draft are shown only to officers." in text


def test_officers_see_the_whole_history_of_a_submitted_quarter(client_as, officer, drafted_then_submitted):
    client = client_as(officer)
    figure_history = _history(client, drafted_then_submitted["hidden"])
    quarter_history = _history(client, drafted_then_submitted["draft"])

    assert "First try at the figure" in figure_history and "Early words for the board" in quarter_history
    assert "shown only to officers" not in figure_history + quarter_history


def test_a_pdf_section_filtered_by_rag_says_its_counts_are_for_every_indicator(board_member, quarters):
    """The counts line covers every indicator while the rows are only the chosen rating: the PDF says so."""
    text = scorecard_section(board_member, rag="red")
    assert "Showing only the indicators rated Red. All the indicators" in text
    assert "Showing only" not in scorecard_section(board_member)
