"""A board member's journey on a phone (issue 9, "Done means"): at 375 × 812 CSS px a councillor signs in,
filters the dashboard to one outcome area's red indicators, finds exactly those, opens one, reads England,
the region by name and the statistical neighbours' median on its chart and in the table the chart points to,
goes back to the list and downloads the PDF, whose name says the quarter and how final it is and whose text
holds the same figures, with small numbers suppressed as on screen. Nothing scrolls sideways at any step.

The data is a small council's dashboard: three outcome areas, Red, Amber and Green indicators against this
year's targets, England, region and neighbour comparators, and a submitted quarter (board members read only
submitted or signed-off quarters) after four signed-off ones."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.core import roles
from performance.models import Comparator, Indicator
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 375, 812
REGION = "Yorkshire and The Humber"
# this quarter, 2025-26 Q1 (submitted: provisional), and last year's four (signed off); Periods are rows
QUARTER, HISTORY = (2025, 1), [(2024, q) for q in (1, 2, 3, 4)]


def _indicator(code, title, area, *, latest, target, history=(), comparators=None, **kwargs):
    """An indicator with this quarter's figure (numerator, denominator, value), last year's quarters, this
    year's target and last year's comparators ({area: value})."""
    indicator = IndicatorFactory(code=code, title=title, outcome_area=area, **kwargs)
    for period, (numerator, denominator, value) in [*zip(HISTORY, history, strict=False), (QUARTER, latest)]:
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(*period),
            numerator=numerator,
            denominator=denominator,
            value=value,
        )
    TargetFactory(indicator=indicator, period=financial_year(2025), value=Decimal(target))
    for comparator_area, value in (comparators or {}).items():
        extra = {}
        if comparator_area == Comparator.Area.REGION:
            extra["area_name"] = REGION
        if comparator_area == Comparator.Area.STATISTICAL_NEIGHBOURS:
            extra["neighbours_count"] = 10
        ComparatorFactory(
            indicator=indicator,
            period=financial_year(2024),
            area=comparator_area,
            value=Decimal(value),
            **extra,
        )
    return indicator


ALL_THREE = (Comparator.Area.ENGLAND, Comparator.Area.REGION, Comparator.Area.STATISTICAL_NEIGHBOURS)


def make_dashboard():
    safe = OutcomeAreaFactory(slug="staying-safe", name="Staying safe", order=1)
    health = OutcomeAreaFactory(slug="healthy-lives", name="Healthy lives", order=2)
    learning = OutcomeAreaFactory(slug="learning", name="Learning and achieving", order=3)
    higher = {"polarity": Indicator.Polarity.HIGHER}
    count = {
        "unit": Indicator.Unit.COUNT,
        "is_proportion": False,
        "numerator_label": "",
        "denominator_label": "",
    }
    _indicator(  # Red: 15 of 120 is 12.5% against a target of 9.0% (lower is better, tolerance 1)
        "SS-PLACE3",
        "Three or more placements in the year",
        safe,
        latest=(15, 120, Decimal("12.50")),
        target="9.0",
        # the same quarter last year, 3 of 119, is a small number: board members see neither it nor the
        # change since, on screen or in the PDF
        history=[
            (3, 119, Decimal("2.52")),
            (11, 118, Decimal("9.32")),
            (10, 120, Decimal("8.33")),
            (13, 121, Decimal("10.74")),
        ],
        comparators=dict(zip(ALL_THREE, ("10.0", "11.3", "9.6"), strict=True)),
    )
    _indicator(  # Red: 20 of 100 reviews late against a target of 10%
        "SS-REVIEWS",
        "Reviews held late",
        safe,
        latest=(20, 100, Decimal("20.00")),
        target="10.0",
        comparators={Comparator.Area.ENGLAND: "12.0"},
    )
    _indicator(  # Red to an officer, but 3 children missing is shown to board members as "fewer than 5",
        # and its RAG as "Not shown" (a rating would give the small number away): not in her red list
        "SS-MISSING",
        "Children missing from placement",
        safe,
        latest=(None, None, Decimal("3")),
        target="1",
        **count,
    )
    _indicator(  # Amber: 9.6% against 9.0%, within the tolerance of 1 point
        "SS-DISTANCE",
        "Placed more than 20 miles from home",
        safe,
        latest=(12, 125, Decimal("9.60")),
        target="9.0",
        comparators={Comparator.Area.ENGLAND: "16.0"},
    )
    _indicator(  # Green: 71.2% against a target of 68% (higher is better)
        "SS-STABLE",
        "Long-term placement stability",
        safe,
        latest=(52, 73, Decimal("71.23")),
        target="68.0",
        comparators={Comparator.Area.ENGLAND: "70.0"},
        **higher,
    )
    _indicator(  # Red, in another area: must not be listed for Staying safe
        "HL-HEALTH",
        "Annual health assessment on time",
        health,
        latest=(96, 120, Decimal("80.00")),
        target="90.0",
        comparators={Comparator.Area.ENGLAND: "89.0"},
        **higher,
    )
    _indicator(  # Green, in another area
        "HL-DENTAL",
        "Dental check on time",
        health,
        latest=(84, 100, Decimal("84.00")),
        target="80.0",
        **higher,
    )
    _indicator(  # Red, in a third area
        "LA-ABSENT",
        "Persistently absent from school",
        learning,
        latest=(30, 100, Decimal("30.00")),
        target="20.0",
        comparators={Comparator.Area.ENGLAND: "33.0"},
    )
    released(*(quarter(*q) for q in HISTORY))
    QuarterReturnFactory(period=quarter(*QUARTER), status="submitted", commentary="Two children moved twice.")


SMALL_FIGURE = re.compile(r"(?<![\d.])2\.5%")  # 3 of 119 as a percentage (not the 2.5 in 12.5%)
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth"


def assert_no_sideways_scroll(page, step: str) -> None:
    width = page.evaluate(NO_SIDEWAYS_SCROLL)
    assert width <= WIDTH, f"{step}: the page is {width} px wide in a {WIDTH} px window"


def assert_on_screen(locator, step: str) -> None:
    """Visible and wholly inside the window's width (a link off to the side cannot be tapped)."""
    expect(locator, step).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{step}: {box}"


def listed_indicators(page) -> list[str]:
    return [t.strip() for t in page.locator("table.cp-scorecard tbody th[scope=row] a").all_inner_texts()]


def _pdf_text(pdf: bytes) -> str:
    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


@pytest.fixture
def phone(_chromium, live_server, settings):
    settings.MFA_REQUIRED = False  # sign-in with a code has its own tests
    context = _chromium.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale="en-GB",
        timezone_id="Europe/London",
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_board_member_on_a_phone_finds_the_red_indicators_in_one_area_and_downloads_the_pdf(
    phone, live_server, settings
):
    make_dashboard()
    UserFactory(username="cllr-rhiannon", first_name="Rhiannon", roles=[roles.BOARD_MEMBER])
    page = phone

    # She signs in on her phone and opens the dashboard from the home page.
    sign_in(page, live_server, "cllr-rhiannon", PASSWORD)
    assert reverse("accounts:login") not in page.url
    assert_no_sideways_scroll(page, "home")
    page.goto(live_server.url + reverse("performance:dashboard"))
    expect(page.get_by_role("heading", name="Performance dashboard", level=1)).to_be_visible()
    assert "2025-26 Q1" in page.locator(".cp-figures-status").inner_text()
    assert_no_sideways_scroll(page, "dashboard")
    assert len(listed_indicators(page)) == 8
    # a small count is suppressed for her, and so is its rating
    missing = page.locator("table.cp-scorecard tbody tr").filter(has_text="Children missing from placement")
    assert "fewer than 5" in missing.locator(".cp-scorecard__latest").inner_text()
    assert missing.locator(".cp-scorecard__rag").inner_text().strip() == "Not shown"

    # She chooses Staying safe and Red with the filters, each control on screen, and shows the indicators.
    area = page.get_by_label("Outcome area", exact=True)
    rag = page.get_by_label("RAG status", exact=True)
    show = page.get_by_role("button", name="Show indicators")
    for control, name in ((area, "outcome area"), (rag, "RAG status"), (show, "Show indicators")):
        control.scroll_into_view_if_needed()
        assert_on_screen(control, name)
    area.select_option(label="Staying safe")
    rag.select_option(label="Red")
    show.click()
    page.wait_for_load_state()
    assert "area=staying-safe" in page.url and "rag=red" in page.url
    assert_no_sideways_scroll(page, "filtered dashboard")

    # Exactly the two red indicators in Staying safe are listed: not the amber or green ones, nor the red
    # ones in other areas.
    expect(page.get_by_role("heading", name="Staying safe", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Healthy lives")).to_have_count(0)
    assert sorted(listed_indicators(page)) == ["Reviews held late", "Three or more placements in the year"]
    cards = page.locator("table.cp-scorecard tbody tr")
    for card in cards.all():
        tag = card.locator(".cp-scorecard__rag .cp-rag")
        assert tag.inner_text().strip() == "Red"
        assert_on_screen(tag, "RAG on the card")
    placements = cards.filter(has_text="Three or more placements in the year")
    assert "12.5%" in placements.locator(".cp-scorecard__latest").inner_text()
    assert (
        "Median of 10 statistical neighbours" in placements.locator(".cp-scorecard__neighbours").inner_text()
    )
    # last year's 3 of 119 is a small number, so the change since it is not shown either
    assert "Not shown: small numbers" in placements.locator(".cp-scorecard__direction").inner_text()

    # She opens Three or more placements.
    link = page.get_by_role("link", name="Three or more placements in the year")
    assert_on_screen(link, "the indicator's link")
    link.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Three or more placements in the year", level=1)).to_be_visible()
    assert_no_sideways_scroll(page, "indicator page")

    # The chart shown on a phone is the narrow drawing; its legend names each comparator, the region by name.
    chart = page.get_by_role("img", name="Three or more placements in the year")
    expect(chart).to_have_count(1)
    chart.scroll_into_view_if_needed()
    assert_on_screen(chart, "the chart")
    legend = page.locator(".cp-chart__legend")
    assert_on_screen(legend, "the chart's legend")
    legend_text = legend.inner_text()
    for name in ("England", REGION, "Statistical neighbours (median)"):
        assert name in legend_text, (name, legend_text)
    description = page.locator("svg.cp-chart__svg--narrow desc").text_content()
    # the small quarter is left out of the line: it starts at the next one
    assert "from 9.3% (30/09/2024) to 12.5% (30/06/2025) over 4 periods" in description
    assert not SMALL_FIGURE.search(description)
    assert "The figures are in the table below the chart." in description

    # The table the chart points to gives each comparator's figure.
    table = page.get_by_role("region", name="Targets and comparators")
    rows = {
        r.locator("td").nth(1).inner_text().strip(): r.locator("td").nth(2).inner_text().strip()
        for r in table.locator("tbody tr").all()
    }
    assert rows["England"] == "10.0%"
    assert rows[REGION] == "11.3%"
    assert rows["Median of 10 statistical neighbours"] == "9.6%"
    assert rows["Our target"] == "9.0%"
    # and the summary beside it agrees
    summary = page.locator("dl.govuk-summary-list").first.inner_text()
    for figure in ("12.5%", "9.0%", "10.0%", "11.3%", "9.6%", REGION):
        assert figure in summary, figure
    # The quarter with 3 of 119 is hidden in "Every figure", as it is for board members everywhere.
    every = page.get_by_role("region", name="Every figure").inner_text()
    assert not SMALL_FIGURE.search(every) and "3 of 119" not in every
    assert "fewer than 5" in every
    assert_no_sideways_scroll(page, "indicator page, read to the end")

    # Back to her filtered list, and the PDF through the link she can see.
    page.go_back()
    page.wait_for_load_state()
    assert "rag=red" in page.url
    assert_no_sideways_scroll(page, "filtered dashboard again")
    pdf_link = page.locator(".cp-downloads").get_by_role("link", name="PDF")
    pdf_link.scroll_into_view_if_needed()
    assert_on_screen(pdf_link, "the PDF link")
    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename == "cpboard-dashboard-2025-26-Q1-provisional.pdf"
    with open(download.path(), "rb") as pdf_file:
        pdf = pdf_file.read()
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "2025-26 Q1, provisional" in text
    assert "Staying safe" in text
    assert "Three or more placements in the year" in text and "Reviews held late" in text
    # only what she filtered: no other area, no amber, green or unrated indicator
    for other in (
        "Healthy lives",
        "Long-term placement stability",
        "Placed more than 20 miles from home",
        "Children missing from placement",
    ):
        assert other not in text, other
    # the same figures as on screen: ours, the target, England and the neighbours' median
    for figure in ("12.5%", "9.0%", "10.0%", "9.6%", "20.0%", "12.0%"):
        assert figure in text, figure
    assert "Median of 10 statistical neighbours" in text
    assert re.search(r"Three or more placements in the year 12\.5% 2025-26 Q1 9\.0% Red", text), text
    assert re.search(r"Reviews held late 20\.0% 2025-26 Q1 10\.0% Red", text), text
    # small numbers suppressed as on screen: last year's 3 of 119 is neither given nor compared with
    assert "Not shown: small numbers" in text
    assert not SMALL_FIGURE.search(text) and "3 of 119" not in text
    assert_no_sideways_scroll(page, "after the download")
