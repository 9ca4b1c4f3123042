"""The dashboard and an indicator's page on a phone, on a wide screen and on paper (issue 9, items 7 to 9):
content lines up with the header, the scorecard becomes cards with RAG and the figure first, charts' text is
big enough to read at 320 px, and printing gives one column without navigation or written-out addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.core import roles
from performance.models import Comparator
from tests.browser.conftest import sign_in
from tests.browser.pages import make_figures
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import ComparatorFactory, financial_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board_page(_chromium, live_server, settings):
    """A board member signed in, with an indicator whose chart has our figure, a target and three comparators."""
    settings.MFA_REQUIRED = False
    indicator, _ = make_figures()
    ComparatorFactory(
        indicator=indicator, period=financial_year(2024), area=Comparator.Area.STATISTICAL_NEIGHBOURS
    )
    ComparatorFactory(indicator=indicator, period=financial_year(2024), area=Comparator.Area.REGION)
    person = UserFactory(username="layout-member", roles=[roles.BOARD_MEMBER])
    context = _chromium.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server, person.username, PASSWORD)
    page.indicator = indicator
    yield page
    context.close()


def _open(page, live_server, name: str, width: int, *args):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + reverse(name, args=args))


def test_at_1280_px_the_dashboard_lines_up_with_the_header(board_page, live_server):
    for width in (1280, 1600):
        _open(board_page, live_server, "performance:dashboard", width)
        header = board_page.locator(".cp-header__container").bounding_box()
        main = board_page.locator("main h1").bounding_box()
        assert header["x"] > 100, width  # the header is centred, not at the edge
        assert main["x"] == pytest.approx(header["x"], abs=1), width


def test_at_375_px_each_scorecard_row_is_a_card_with_rag_and_the_figure_on_screen(board_page, live_server):
    _open(board_page, live_server, "performance:dashboard", 375)
    row = board_page.locator("table.cp-scorecard tbody tr").first
    for cell in (row.locator(".cp-scorecard__rag .cp-rag"), row.locator(".cp-scorecard__latest a").first):
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, cell
        assert box["y"] + box["height"] <= board_page.evaluate(
            "el => el.getBoundingClientRect().bottom + window.scrollY", row.element_handle()
        )
    # RAG and the figure come straight after the indicator's name, before target and comparators
    rag_top = row.locator(".cp-scorecard__rag").bounding_box()["y"]
    target_top = row.locator(".cp-scorecard__target").bounding_box()["y"]
    assert rag_top < target_top
    # and the table is still a table for screen readers
    assert board_page.get_by_role("columnheader", name="RAG").count() >= 1
    expect(row.get_by_role("rowheader")).to_have_count(1)


def test_at_1280_px_the_scorecard_is_a_table(board_page, live_server):
    _open(board_page, live_server, "performance:dashboard", 1280)
    expect(board_page.locator("table.cp-scorecard thead th").first).to_be_visible()
    row = board_page.locator("table.cp-scorecard tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "table-row"


# The rendered size of every piece of text in the chart that is shown, in CSS pixels: its font size times the
# drawing's scale, and the height of its box.
CHART_TEXT = """() => {
  const svg = [...document.querySelectorAll('svg.cp-chart__svg')].find(el => el.getBoundingClientRect().width > 0);
  const scale = svg.getScreenCTM().a;
  return {variant: svg.classList.contains('cp-chart__svg--narrow') ? 'narrow' : 'wide',
          texts: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent,
            px: parseFloat(t.getAttribute('font-size')) * scale, height: t.getBoundingClientRect().height}))};
}"""


@pytest.mark.parametrize(
    ("width", "variant"), [(320, "narrow"), (375, "narrow"), (641, "wide"), (1280, "wide")]
)
def test_chart_text_is_at_least_12_px_at_every_width(board_page, live_server, width, variant):
    _open(board_page, live_server, "performance:indicator-detail", width, board_page.indicator.code)
    measured = board_page.evaluate(CHART_TEXT)
    assert measured["variant"] == variant
    texts = measured["texts"]
    assert any(t["text"] == "Per cent (%)" for t in texts)  # the y-axis says what it counts
    too_small = [t for t in texts if t["px"] < 12 or t["height"] < 12]
    assert too_small == [], too_small
    assert board_page.evaluate("document.documentElement.scrollWidth") <= width
    # exactly one drawing is shown, and it has an accessible name
    chart = board_page.get_by_role("img", name=board_page.indicator.title)
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()


def test_each_line_has_its_own_marker_and_dash_and_the_legend_names_it(board_page, live_server, settings):
    _open(board_page, live_server, "performance:indicator-detail", 375, board_page.indicator.code)
    series = board_page.locator("svg.cp-chart__svg--narrow g.cp-chart__series")
    styles = [(s.get_attribute("data-marker"), s.get_attribute("data-dash")) for s in series.all()]
    assert len(styles) == 5  # ours, target, England, neighbours, region
    assert len({m for m, _ in styles}) == 5 and len({d for _, d in styles}) == 5
    legend = board_page.locator(".cp-chart__legend").inner_text()
    for name in (settings.COUNCIL_NAME, "Target", "England", "Statistical neighbours (median)"):
        assert name in legend


PRINTED = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].some(el => el.checkVisibility());
  const main = document.querySelector('main').getBoundingClientRect();
  return {
    navigation: shown('.govuk-service-navigation'), filters: shown('form.cp-filters'),
    downloads: shown('.cp-downloads'), buttons: shown('button, .govuk-button'),
    addresses: [...document.querySelectorAll('main a.govuk-link')]
      .map(a => getComputedStyle(a, '::after').content).filter(c => c !== 'none' && c !== 'normal'),
    columns: [...document.querySelectorAll('[class*="govuk-grid-column-"]')]
      .map(el => el.getBoundingClientRect()).filter(r => Math.abs(r.width - main.width) > 1).length,
    header: getComputedStyle(document.querySelector('main thead') || document.body).display,
  };
}"""


def _pdf_text(pdf: bytes) -> str:
    import io

    import pypdf

    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("name", ["performance:dashboard", "performance:indicator-detail"])
def test_printing_gives_one_column_without_navigation_buttons_or_addresses(board_page, live_server, name):
    args = [board_page.indicator.code] if name == "performance:indicator-detail" else []
    _open(board_page, live_server, name, 1280, *args)
    board_page.emulate_media(media="print")
    printed = board_page.evaluate(PRINTED)
    assert printed == {
        "navigation": False,
        "filters": False,
        "downloads": False,
        "buttons": False,
        "addresses": [],
        "columns": 0,
        "header": "table-header-group",
    }
    text = _pdf_text(board_page.pdf(format="A4"))
    assert "/performance/" not in text and "http" not in text
    assert "Sign out" not in text and "Show indicators" not in text
    assert "2025-26 Q1, provisional" in text  # the quarter and how final it is, in the page's heading
    assert "OFFICIAL-SENSITIVE" in text  # the protective marking stays on paper
    if name == "performance:dashboard":
        assert "Indicator Latest Target RAG" in text  # the table's headings
        assert any(word in text for word in ("Red", "Amber", "Green", "Not rated"))
