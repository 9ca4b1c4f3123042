"""The indicator's trend chart (issue 9, item 8): the y-axis names its unit, every series has its own marker
and dash, the legend names each as the dashboard does, and the same drawing works in a PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from django.template.loader import render_to_string

from cpboard.core.pdf import print_context, render_pdf
from performance.models import Comparator, Indicator
from performance.reporting.charts import AXIS_UNITS, NARROW, STYLES, WIDE, trend_chart
from performance.reporting.scorecard import build_indicator_history
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    TargetFactory,
    financial_year,
    quarter,
)

pytestmark = pytest.mark.django_db


def _chart(officer, unit=Indicator.Unit.PERCENT):
    indicator = IndicatorFactory(code="CHART", title="Three or more placements", unit=unit)
    for q in (1, 2, 3, 4):
        IndicatorValueFactory(indicator=indicator, period=quarter(2024, q), value=Decimal(10 + q))
    TargetFactory(indicator=indicator, period=financial_year(2024), value=Decimal("9"))
    for area in Comparator.Area.values:
        ComparatorFactory(indicator=indicator, period=financial_year(2024), area=area, value=Decimal("11"))
    return indicator, trend_chart(build_indicator_history(indicator, officer))


def test_every_unit_has_an_axis_label():
    assert set(AXIS_UNITS) == set(Indicator.Unit.values)


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        (Indicator.Unit.PERCENT, "Per cent (%)"),
        (Indicator.Unit.RATE_PER_10K, "Rate per 10,000 children"),
        (Indicator.Unit.DAYS, "Days"),
        (Indicator.Unit.COUNT, "Number (count)"),
    ],
)
def test_the_y_axis_says_what_it_counts(officer, unit, words):
    _, chart = _chart(officer, unit)
    assert chart.unit_label == words and chart.narrow.unit_label == words
    html = render_to_string("components/_trend_chart.html", {"chart": chart, "id": "t", "title": "T"})
    assert f">{words}</text>" in html


def test_every_series_differs_by_marker_and_dash_and_is_named(officer, settings):
    styles = [(marker, dash) for _, _, dash, marker in STYLES.values()]
    assert len({m for m, _ in styles}) == len(styles) and len({d for _, d in styles}) == len(styles)
    _, chart = _chart(officer)
    labels = [s.label for s in chart.series]
    assert labels[0] == settings.COUNCIL_NAME
    assert {"Target", "England", "Statistical neighbours (median)"} <= set(labels)
    assert len(labels) == 5  # and the region, by its name


def test_text_is_sized_for_the_width_each_drawing_is_shown_at():
    """The narrow drawing fills a 320 px screen less its 15 px margins; the wide one is shown from 641 px,
    where its container is 641 - 60 px. Either way text is 12 CSS px or more (measured in the browser by
    tests/browser/test_dashboard_layout.py)."""
    assert NARROW.font_size * (320 - 30) / NARROW.width >= 12
    assert WIDE.font_size * (641 - 60) / WIDE.width >= 12


def test_the_same_chart_reads_in_a_pdf(officer):
    indicator, chart = _chart(officer)
    html = render_to_string(
        "performance/scorecard_print.html",
        {
            **print_context(),
            "section": render_to_string(
                "components/_trend_chart.html", {"chart": chart, "id": "t", "title": indicator.title}
            ),
        },
    )
    text = " ".join(pypdf.PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text().split())
    assert "Per cent (%)" in text and "Mar 2025" in text
    assert "Statistical neighbours (median)" in text and "England" in text
