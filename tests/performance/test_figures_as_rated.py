"""Issue 9, items 5 and 6: what the screen says is what was rated, and every comparator named and compared
only with like. Each test here fails without the change it is named after."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from performance import dfe
from performance.models import Comparator, Indicator, IndicatorValue, Source
from performance.reference.dfe_measures import ROUNDS_TO_ZERO
from performance.reporting.presentation import as_shown, format_value
from performance.reporting.rag import direction, rag_status
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

# ---------------------------------------------------------------------------------- 5: rated as shown


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("8.85", "percent", "8.9%"),  # banker's rounding (Python's default for Decimal) gives 8.8%
        ("86.95", "percent", "87.0%"),
        ("14.89", "percent", "14.9%"),
        ("12.25", "rate_per_10k", "12.3 per 10,000"),
        ("2.5", "count", "3"),
        ("0.125", "ratio", "0.13"),
        ("-0.04", "score", "0.0"),  # never "-0.0"
    ],
)
def test_halves_round_up_as_a_person_rounds(value, unit, text):
    assert format_value(Decimal(value), unit) == text


def test_a_target_is_rated_as_it_is_shown():
    # 15.9 against a target of 14.89 (shown 14.9), lower is better, tolerance 1: 1.0 short, so amber
    assert (
        rag_status(Decimal("15.9"), Decimal("14.89"), "lower", Decimal("1"), unit="percent").code == "amber"
    )
    assert rag_status(Decimal("16.0"), Decimal("14.89"), "lower", Decimal("1"), unit="percent").code == "red"


def test_a_figure_is_rated_as_it_is_shown():
    # 8695 of 10000 = 86.95%, shown 87.0%: at a target of 87 it is green
    assert rag_status(Decimal("86.95"), Decimal("87"), "higher", Decimal("2"), unit="percent").code == "green"
    assert rag_status(Decimal("86.94"), Decimal("87"), "higher", Decimal("2"), unit="percent").code == "amber"


def test_direction_of_travel_compares_figures_as_shown():
    same = direction(Decimal("12.04"), Decimal("12.01"), "lower", "2024-25 Q4", unit="percent")
    assert (same.code, same.words) == ("same", "No change since 2024-25 Q4")


def _proportion(code, *, numerator, denominator, value, target, polarity=Indicator.Polarity.HIGHER):
    indicator = IndicatorFactory(code=code, title=f"Indicator {code}", polarity=polarity)
    IndicatorValueFactory(
        indicator=indicator,
        period=quarter(2025, 1),
        numerator=numerator,
        denominator=denominator,
        value=Decimal(value),
    )
    released(quarter(2025, 1))
    TargetFactory(indicator=indicator, period=financial_year(2025), value=Decimal(target))
    return indicator


def _export(client):
    response = client.get(reverse("performance:dashboard-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def _pdf_text(client) -> str:
    reader = pypdf.PdfReader(io.BytesIO(client.get(reverse("performance:dashboard-pdf")).content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_screen_export_and_pdf_say_what_was_rated(client_as, officer):
    _proportion("TARGET1489", numerator=159, denominator=1000, value="15.9", target="14.89", polarity="lower")
    _proportion("SHOWN870", numerator=8695, denominator=10000, value="86.95", target="87")
    client = client_as(officer)
    response = client.get(reverse("performance:dashboard"))
    rows = {row.indicator.code: row for row in response.context["scorecard"].rows}
    assert (rows["TARGET1489"].target.text, rows["TARGET1489"].rag.code) == ("14.9%", "amber")
    assert (rows["SHOWN870"].latest.text, rows["SHOWN870"].rag.code) == ("87.0%", "green")
    assert "Figures and targets are rated as they are shown" in response.content.decode()

    exported = _export(client)
    assert (exported["TARGET1489"]["Target"], exported["TARGET1489"]["RAG"]) == ("14.9", "Amber")
    assert (exported["SHOWN870"]["Our figure"], exported["SHOWN870"]["RAG"]) == ("87.0", "Green")

    text = _pdf_text(client)
    assert "Indicator TARGET1489 15.9% 2025-26 Q1 14.9% Amber" in text
    assert "Indicator SHOWN870 87.0% 2025-26 Q1 87.0% Green" in text
    assert "rated as they are shown" in text


def test_a_neighbours_median_ending_in_5_rounds_up_everywhere(client_as, officer):
    indicator = _proportion("MEDIAN885", numerator=9, denominator=100, value="9.0", target="9")
    ComparatorFactory(
        indicator=indicator,
        period=financial_year(2024),
        area=Comparator.Area.STATISTICAL_NEIGHBOURS,
        value=Decimal("8.85"),  # the median of ten: (8.8 + 8.9) / 2
        neighbours_count=10,
    )
    client = client_as(officer)
    row = client.get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert row.neighbours.text == "8.9%"
    assert _export(client)["MEDIAN885"]["Statistical neighbours (median)"] == "8.9"
    page = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    assert "8.9%" in page and "8.8%" not in page  # the summary, the table and the chart's tooltips


def test_the_median_is_computed_exactly_and_stored_half_up():
    from performance.reference.dfe_measures import MEASURES
    from performance.services.dfe import _stored

    key = "placement_same_carer_2_years"
    hits = {(key, "la", str(n)): {2024: dfe._Cell(Decimal(v), "", n)} for n, v in enumerate(["8.8", "8.9"])}
    figure = dfe._neighbours_median(key, MEASURES[key], 2024, hits, [("0", "A"), ("1", "B")])
    assert figure.value is None  # fewer than five published: not a median
    hits = {
        (key, "la", str(n)): {2024: dfe._Cell(Decimal(v), "", n)}
        for n, v in enumerate(["8.7", "8.8", "8.9", "9.0", "8.6", "9.1"])
    }
    neighbours = [(str(n), f"LA {n}") for n in range(6)]
    figure = dfe._neighbours_median(key, MEASURES[key], 2024, hits, neighbours)
    assert (figure.value, figure.neighbours_count) == (Decimal("8.85"), 6)
    assert _stored(Decimal("8.855")) == Decimal("8.86") and as_shown(figure.value, "percent") == Decimal(
        "8.9"
    )


# ------------------------------------------------------------------------- 6: every comparator named


def test_the_dfe_files_give_the_region_by_name_and_how_many_neighbours_had_figures(data_dir):
    north_lincs = dfe.load_dfe_figures(data_dir, "813", {"cla_rate_per_10k"})
    region = next(f for f in north_lincs if f.area == "region" and f.value is not None)
    assert region.area_name == "Yorkshire and The Humber"
    neighbours = next(f for f in north_lincs if f.area == "statistical_neighbours" and f.value is not None)
    assert 5 <= neighbours.neighbours_count <= 10
    assert f"({neighbours.neighbours_count} published)" in neighbours.source_note
    camden = dfe.load_dfe_figures(data_dir, "202", {"cla_rate_per_10k"})
    assert {f.area_name for f in camden if f.area == "region"} == {"Inner London"}
    barnet = dfe.load_dfe_figures(data_dir, "302", {"cla_rate_per_10k"})
    assert {f.area_name for f in barnet if f.area == "region"} == {"Outer London"}


@pytest.fixture
def data_dir():
    from tests.performance.test_dfe import DATA_DIR

    if DATA_DIR is None:
        pytest.fail("DfE data not found")
    return DATA_DIR


def _named_comparators(indicator, *, region="Yorkshire and The Humber", count=9):
    ComparatorFactory(
        indicator=indicator,
        period=financial_year(2024),
        area=Comparator.Area.REGION,
        value=Decimal("11.5"),
        area_name=region,
    )
    ComparatorFactory(
        indicator=indicator,
        period=financial_year(2024),
        area=Comparator.Area.STATISTICAL_NEIGHBOURS,
        value=Decimal("10.5"),
        neighbours_count=count,
    )


def test_dashboard_indicator_page_and_pdf_name_the_region_and_the_neighbours(client_as, officer):
    indicator = _proportion(
        "NAMED", numerator=12, denominator=100, value="12.0", target="12", polarity="lower"
    )
    _named_comparators(indicator)
    client = client_as(officer)
    dashboard = client.get(reverse("performance:dashboard")).content.decode()
    assert "Median of 9 statistical neighbours" in dashboard
    page = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    assert "Median of 9 statistical neighbours" in page and "Yorkshire and The Humber" in page
    assert "Median of 9 statistical neighbours, 31/03/2025: 10.5%" in page  # the chart's tooltip
    legend = page.split('class="cp-chart__legend')[1].split("</ul>")[0]
    assert "Yorkshire and The Humber" in legend
    assert "Median of 9 statistical neighbours" in _pdf_text(client)
    exported = _export(client)["NAMED"]
    assert (exported["Which region"], exported["Statistical neighbours with a figure"]) == (
        "Yorkshire and The Humber",
        "9",
    )


def test_a_london_borough_is_told_which_london(client_as, officer):
    indicator = _proportion("LONDON", numerator=12, denominator=100, value="12.0", target="12")
    _named_comparators(indicator, region="Inner London")
    page = client_as(officer).get(reverse("performance:indicator-detail", args=[indicator.code]))
    assert "Inner London (the DfE&#x27;s region for this council)" in page.content.decode()


def test_a_count_is_not_set_beside_englands(client_as, officer):
    indicator = IndicatorFactory(
        code="CIC-COUNT",
        title="Children in care",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
        polarity=Indicator.Polarity.NEITHER,
    )
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=None, denominator=None, value=Decimal("226")
    )
    released(quarter(2025, 1))
    ComparatorFactory(
        indicator=indicator, period=financial_year(2024), area=Comparator.Area.ENGLAND, value=Decimal("81770")
    )
    client = client_as(officer)
    dashboard = client.get(reverse("performance:dashboard"))
    row = dashboard.context["scorecard"].rows[0]
    assert (row.england.text, row.region.text, row.neighbours.text) == ("Not comparable",) * 3
    assert "81,770" not in dashboard.content.decode()
    page = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    assert "Not comparable" in page and "theirs count far more children" in page
    assert "England, 31/03/2025" not in page  # no England line on the chart
    assert _export(client)["CIC-COUNT"]["England"] == "Not comparable"


def _k(record_factory, **kwargs):
    return record_factory(value=Decimal("0"), not_published_reason=ROUNDS_TO_ZERO, **kwargs)


def test_the_dfes_k_reads_less_than_half_and_is_rated_as_zero(client_as, board_member):
    indicator = IndicatorFactory(
        code="CONVICTED",
        title="Children in care convicted of an offence",
        frequency=Indicator.Frequency.ANNUAL,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
        polarity=Indicator.Polarity.LOWER,
    )
    _k(
        IndicatorValueFactory,
        indicator=indicator,
        period=financial_year(2024),
        numerator=None,
        denominator=None,
        status=IndicatorValue.Status.PUBLISHED,
        source=Source.DFE,
    )
    TargetFactory(indicator=indicator, period=financial_year(2024), value=Decimal("1"))
    _k(ComparatorFactory, indicator=indicator, period=financial_year(2024), area=Comparator.Area.REGION)
    client = client_as(board_member)
    row = client.get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert row.latest.text == "less than 0.5%"  # not "Not published", not "0.0%"
    assert row.region.text == "less than 0.5%"
    assert row.rag.code == "green"  # rated as 0 against a target of 1, lower is better
    page = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    assert "less than 0.5%" in page and "0.0%" not in page


@pytest.mark.parametrize(
    ("unit", "words"), [("rate_per_10k", "less than 0.5 per 10,000"), ("days", "less than half a day")]
)
def test_k_in_other_units(unit, words):
    assert format_value(Decimal(0), unit, rounds_to_zero=True) == words


def test_direction_names_the_years_when_the_latest_is_not_published(client_as, board_member):
    indicator = IndicatorFactory(
        code="ANNUAL-GAP",
        title="Care leavers in education, employment or training",
        frequency=Indicator.Frequency.ANNUAL,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
        polarity=Indicator.Polarity.HIGHER,
    )
    for year, value in ((2022, Decimal("10.0")), (2023, Decimal("12.0")), (2024, None)):
        IndicatorValueFactory(
            indicator=indicator,
            period=financial_year(year),
            numerator=None,
            denominator=None,
            value=value,
            not_published_reason="" if value is not None else "Suppressed to protect confidentiality",
            status=IndicatorValue.Status.PUBLISHED,
            source=Source.DFE,
        )
    row = client_as(board_member).get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert row.direction_previous.words == (
        "No figure for 2024-25 yet; 2023-24 was 12.0%, up 2.0 percentage points since 2022-23 (10.0%) — better"
    )
    assert (row.direction_previous.code, row.direction_previous.arrow) == ("improved", "↑")


def test_a_quarterly_indicator_shows_our_latest_annual_figure(client_as, officer):
    indicator = _proportion("STABLE", numerator=70, denominator=100, value="70.0", target="70")
    IndicatorValueFactory(
        indicator=indicator,
        period=financial_year(2024),
        numerator=None,
        denominator=None,
        value=Decimal("69"),
        status=IndicatorValue.Status.PUBLISHED,
        source=Source.DFE,
    )
    client = client_as(officer)
    expected = "Latest annual figure (2024-25, DfE): 69.0%"
    assert expected in client.get(reverse("performance:dashboard")).content.decode()
    page = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    assert expected in page
    assert expected in _pdf_text(client)
    assert _export(client)["STABLE"]["Latest annual figure"] == "69.0"


def test_a_load_stores_k_as_zero_the_region_by_name_and_the_neighbours_counted(officer, tmp_path):
    """The DfE load end to end: North Lincolnshire's 2020-21 long-term stability (line 4322) made "k"."""
    import os

    from performance.services.catalogue import catalogue_load
    from performance.services.dfe import dfe_load

    catalogue_load(by=officer)
    shipped = dfe.SHIPPED_MANIFEST.parent
    for path in shipped.glob("*.csv"):
        os.symlink(path, tmp_path / path.name)
    name = "la_cla_placement_stability.csv"
    lines = (shipped / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[4321] = lines[4321].replace(",71,69\n", ",71,k\n")
    (tmp_path / name).unlink()
    (tmp_path / name).write_text("".join(lines), encoding="utf-8")
    dfe_load(la_code="813", data_dir=tmp_path, by=officer)

    own = IndicatorValue.objects.get(
        indicator__dfe_measure="placement_same_carer_2_years",
        period__kind="financial_year",
        period__year_start=2020,
    )
    assert (own.value, own.rounds_to_zero) == (Decimal("0.00"), True)
    regions = Comparator.objects.filter(area=Comparator.Area.REGION, value__isnull=False)
    assert regions.exists() and set(regions.values_list("area_name", flat=True)) == {
        "Yorkshire and The Humber"
    }
    neighbours = Comparator.objects.filter(area=Comparator.Area.STATISTICAL_NEIGHBOURS, value__isnull=False)
    assert neighbours.exists() and not neighbours.filter(neighbours_count__isnull=True).exists()
