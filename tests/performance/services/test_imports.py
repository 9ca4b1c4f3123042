"""Importing a quarter's figures, and targets and comparators, from CSV or Excel files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cpboard.core.models import StoredFile
from performance.models import Comparator, Indicator, IndicatorValue, QuarterReturn, Source, Target
from performance.services.imports import BENCHMARK_COLUMNS, QUARTER_COLUMNS
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter

pytestmark = pytest.mark.django_db

HEADER = "indicator_code,indicator_title,what_to_enter,quarter,numerator,denominator,value"


@pytest.fixture
def indicators(db):
    return {
        "stability": IndicatorFactory(code="PS-1", title="Three or more placements"),
        "missing": IndicatorFactory(
            code="MISS-1",
            title="Missing from placement",
            unit=Indicator.Unit.COUNT,
            is_proportion=False,
            numerator_label="",
            denominator_label="",
        ),
    }


@pytest.fixture
def draft(db):
    return QuarterReturnFactory(period=quarter(2025, 1))


def csv_file(text: str, name: str = "q1.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "q1.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def shown(quarter_return) -> int:
    """The quarter's version as the import page shows it (the form posts it back)."""
    return QuarterReturn.objects.values_list("version", flat=True).get(pk=quarter_return.pk)


def import_url(quarter_return) -> str:
    return reverse(
        "performance:quarter-import", args=[quarter_return.period.year_start, quarter_return.period.quarter]
    )


GOOD_CSV = f"{HEADER}\nPS-1,Three or more placements,,2025-26 Q1,12,120,\nMISS-1,Missing,,,,,4\n"


def test_the_quarter_template_lists_each_quarterly_indicator_under_the_documented_columns(
    client_as, officer, indicators, draft
):
    IndicatorFactory(code="ANNUAL-1", frequency=Indicator.Frequency.ANNUAL)

    response = client_as(officer).get(
        reverse("performance:import-template", args=["csv"]) + "?year=2025&quarter=1"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == QUARTER_COLUMNS == HEADER.split(",")
    assert [r[0] for r in rows[1:]] == ["MISS-1", "PS-1"]  # catalogue order: area, order, title
    assert rows[2][1] == "Three or more placements"
    assert rows[2][3] == "2025-26 Q1"
    assert "attachment" in response["Content-Disposition"]


def test_the_quarter_template_comes_as_a_workbook_too(client_as, officer, indicators):
    response = client_as(officer).get(reverse("performance:import-template", args=["xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == QUARTER_COLUMNS
    assert [sheet["A2"].value, sheet["A3"].value] == ["MISS-1", "PS-1"]


def test_the_import_page_documents_every_column(client_as, officer, draft):
    page = client_as(officer).get(import_url(draft)).content.decode()

    for column in QUARTER_COLUMNS:
        assert f"<code>{column}</code>" in page
    assert reverse("performance:import-template", args=["csv"]) in page


def test_a_good_file_fills_the_quarter_and_records_where_each_figure_came_from(
    client_as, officer, indicators, draft
):
    response = client_as(officer).post(
        import_url(draft), {"version": shown(draft), "file": csv_file(GOOD_CSV)}
    )

    assert response.status_code == 302
    stability = IndicatorValue.objects.get(indicator=indicators["stability"], period=draft.period)
    assert (stability.numerator, stability.denominator, stability.value) == (12, 120, Decimal("10.00"))
    assert stability.source == Source.IMPORTED
    assert stability.source_row == 2
    assert stability.source_file.original_name == "q1.csv"
    assert stability.source_file.purpose == "performance-import"
    assert stability.history.latest().history_user == officer
    assert IndicatorValue.objects.get(indicator=indicators["missing"]).source_row == 3


def test_importing_the_same_file_twice_changes_nothing(client_as, officer, indicators, draft):
    client = client_as(officer)
    client.post(import_url(draft), {"version": shown(draft), "file": csv_file(GOOD_CSV)})
    before = (
        IndicatorValue.history.count(),
        StoredFile.objects.count(),
        QuarterReturn.history.count(),
        list(IndicatorValue.objects.values_list("version", flat=True)),
    )

    response = client.post(
        import_url(draft), {"version": shown(draft), "file": csv_file(GOOD_CSV)}, follow=True
    )

    assert "Nothing to change" in response.content.decode()
    after = (
        IndicatorValue.history.count(),
        StoredFile.objects.count(),
        QuarterReturn.history.count(),
        list(IndicatorValue.objects.values_list("version", flat=True)),
    )
    assert after == before


def test_a_file_with_bad_rows_is_refused_whole_with_every_row_and_reason_listed(
    client_as, officer, indicators, draft
):
    IndicatorValueFactory(
        indicator=indicators["missing"],
        period=draft.period,
        numerator=None,
        denominator=None,
        value=Decimal(3),
    )
    bad = (
        f"{HEADER}\n"
        "PS-1,,,,130,120,\n"  # row 2: numerator above denominator
        "MISS-1,,,,,,4\n"  # row 3: fine on its own
        "NOPE-9,,,,,,1\n"  # row 4: unknown code
        "MISS-1,,,,,,5\n"  # row 5: second row for the same indicator
        "PS-1,,,2025-26 Q2,1,10,\n"  # row 6: another quarter (and a duplicate)
    )

    response = client_as(officer).post(import_url(draft), {"version": shown(draft), "file": csv_file(bad)})

    assert response.status_code == 200
    problems = [(p.row, p.column) for p in response.context["report"].problems]
    assert problems == [(2, "numerator"), (4, "indicator_code"), (5, "indicator_code"), (6, "indicator_code")]
    page = response.content.decode()
    assert "There is no indicator with the code “NOPE-9”" in page
    assert "MISS-1 is also on row 3" in page
    assert "Nothing has been imported" in str(response.context["form"].errors["file"])
    assert IndicatorValue.objects.get().value == 3  # the good row was not saved either
    assert not StoredFile.objects.exists()


def test_a_row_for_another_quarter_is_refused(client_as, officer, indicators, draft):
    response = client_as(officer).post(
        import_url(draft), {"version": shown(draft), "file": csv_file(f"{HEADER}\nPS-1,,,2025-26 Q2,1,10,\n")}
    )

    [problem] = response.context["report"].problems
    assert (problem.row, problem.column) == (2, "quarter")
    assert "you are importing 2025-26 Q1" in problem.message


def test_an_xlsx_file_imports_like_a_csv(client_as, officer, indicators, draft):
    rows = [QUARTER_COLUMNS, ["PS-1", "", "", "", 12, 120, None], ["MISS-1", "", "", "", None, None, 4]]

    response = client_as(officer).post(import_url(draft), {"version": shown(draft), "file": xlsx_file(rows)})

    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicators["stability"]).value == Decimal("10.00")
    assert IndicatorValue.objects.get(indicator=indicators["missing"]).source_file.kind == "xlsx"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("figures.txt", b"a,b\n"), "must be a .csv or .xlsx file"),
        (SimpleUploadedFile("figures.csv", b"PK\x03\x04binary"), "contains binary data"),
        (SimpleUploadedFile("figures.xlsx", b"not a workbook"), "not an Excel workbook"),
        (None, "Select a file to upload."),
    ],
)
def test_a_file_that_fails_the_upload_check_is_explained_next_to_the_file_field(
    client_as, officer, draft, upload, message
):
    response = client_as(officer).post(
        import_url(draft), {"version": shown(draft), **({"file": upload} if upload else {})}
    )

    assert message in str(response.context["form"].errors["file"])
    page = response.content.decode()
    assert 'id="id_file-error"' in page
    assert not StoredFile.objects.exists()


def test_a_file_without_the_template_header_is_refused(client_as, officer, indicators, draft):
    response = client_as(officer).post(
        import_url(draft), {"version": shown(draft), "file": csv_file("code,figure\nPS-1,4\n")}
    )

    assert [p.row for p in response.context["report"].problems] == [1, 1]
    assert not IndicatorValue.objects.exists()


def test_a_signed_off_quarter_takes_no_import(client_as, officer, indicators):
    signed = QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SIGNED_OFF)

    response = client_as(officer).post(
        import_url(signed), {"version": shown(signed), "file": csv_file(GOOD_CSV)}
    )

    assert "has been signed off, so figures cannot be imported" in response.content.decode()
    assert not IndicatorValue.objects.exists()


# --- Targets and comparators -----------------------------------------------------------------------------

BENCH_HEADER = ",".join(BENCHMARK_COLUMNS)


@pytest.fixture
def benchmark_indicators(db):
    return {
        "stability": IndicatorFactory(code="PS-1", title="Three or more placements"),
        "ks4": IndicatorFactory(
            code="KS4-1",
            title="Attainment 8",
            unit=Indicator.Unit.SCORE,
            is_proportion=False,
            numerator_label="",
            denominator_label="",
        ),
    }


@time_machine.travel("2025-11-01 10:00 +0000")
def test_targets_and_comparators_import_in_each_indicators_own_kind_of_year(
    client_as, officer, benchmark_indicators
):
    text = (
        f"{BENCH_HEADER}\n"
        "PS-1,,2025-26,target,9.5,Agreed by the board\n"
        "PS-1,,2024-25,england,10.2,\n"
        "PS-1,,2024-25,statistical_neighbours,11,\n"
        "KS4-1,,2024/25,region,21.5,\n"
    )

    response = client_as(officer).post(
        reverse("performance:benchmark-import"), {"file": csv_file(text, "b.csv")}
    )

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.value, target.note, target.period.label) == (
        Decimal("9.5"),
        "Agreed by the board",
        "2025-26",
    )
    england = Comparator.objects.get(area=Comparator.Area.ENGLAND)
    assert (england.value, england.source, england.source_row) == (Decimal("10.2"), Source.IMPORTED, 3)
    region = Comparator.objects.get(area=Comparator.Area.REGION)
    assert region.period.kind == "academic_year" and region.period.year_start == 2024
    assert target.history.latest().history_user == officer


@time_machine.travel("2025-11-01 10:00 +0000")
def test_importing_the_same_targets_twice_changes_nothing(client_as, officer, benchmark_indicators):
    text = f"{BENCH_HEADER}\nPS-1,,2025-26,target,9.5,\nPS-1,,2024-25,england,10.2,\n"
    client = client_as(officer)
    client.post(reverse("performance:benchmark-import"), {"file": csv_file(text)})
    before = Target.history.count(), Comparator.history.count(), StoredFile.objects.count()

    response = client.post(reverse("performance:benchmark-import"), {"file": csv_file(text)}, follow=True)

    assert "Nothing to change" in response.content.decode()
    assert (Target.history.count(), Comparator.history.count(), StoredFile.objects.count()) == before


@time_machine.travel("2025-11-01 10:00 +0000")
def test_bad_target_rows_are_each_reported_and_nothing_is_saved(client_as, officer, benchmark_indicators):
    text = (
        f"{BENCH_HEADER}\n"
        "PS-1,,2025-26,target,9.5,\n"  # row 2: fine
        "PS-1,,2024/25,england,10,\n"  # row 3: academic year for a financial-year indicator
        "KS4-1,,2024-25,region,20,\n"  # row 4: financial year for an academic-year indicator
        "PS-1,,2025-26,england,10,\n"  # row 5: the year has not finished
        "PS-1,,2024-25,county,10,\n"  # row 6: not a kind
        "PS-1,,2024-25,england,120,\n"  # row 7: over 100%
    )

    response = client_as(officer).post(reverse("performance:benchmark-import"), {"file": csv_file(text)})

    problems = [(p.row, p.column) for p in response.context["report"].problems]
    assert problems == [(3, "year"), (4, "year"), (5, "year"), (6, "kind"), (7, "value")]
    page = response.content.decode()
    assert "PS-1 uses financial years (April to March), so write the year like 2025-26." in page
    assert "KS4-1 uses academic years (September to August), so write the year like 2024/25." in page
    assert not Target.objects.exists() and not Comparator.objects.exists()


def test_the_targets_template_writes_each_year_the_way_its_indicator_needs(
    client_as, officer, benchmark_indicators
):
    with time_machine.travel("2025-11-01 10:00 +0000"):
        response = client_as(officer).get(reverse("performance:benchmark-template", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == BENCHMARK_COLUMNS
    assert ["PS-1", "Three or more placements", "2025-26", "target", "", ""] in rows
    assert ["PS-1", "Three or more placements", "2024-25", "england", "", ""] in rows
    assert ["KS4-1", "Attainment 8", "2024/25", "region", "", ""] in rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_downloaded_quarter_file_imports_again_even_with_a_code_a_spreadsheet_would_run(
    client_as, officer, draft, fmt
):
    """The download writes the code -INJ as '-INJ (so a spreadsheet does not run it as a formula); the
    import reads it back as -INJ, so the same file goes straight back in."""
    from performance.services import quarters
    from performance.services.figures import FigureEntry

    injuries = IndicatorFactory(
        code="-INJ",
        title="=Injuries in placement",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    IndicatorValueFactory(indicator=injuries, period=draft.period, numerator=None, denominator=None, value=4)
    IndicatorValueFactory(indicator=stability, period=draft.period)
    client = client_as(officer)
    url = reverse("performance:import-template", args=[fmt]) + "?year=2025&quarter=1"
    exported = client.get(url).content
    upload = (
        (lambda: csv_file(exported.decode("utf-8")))
        if fmt == "csv"
        else (lambda: SimpleUploadedFile("q1.xlsx", exported))
    )
    if fmt == "csv":
        assert "'-INJ" in exported.decode("utf-8-sig")  # neutralised on the way out
    else:
        assert load_workbook(io.BytesIO(exported)).active["A2"].value == "'-INJ"

    unchanged = client.post(import_url(draft), {"version": shown(draft), "file": upload()}, follow=True)

    assert "Nothing to change" in unchanged.content.decode()
    draft.refresh_from_db()
    saved = IndicatorValue.objects.get(indicator=injuries)
    quarters.quarter_save_draft(
        quarter_return=draft,
        figures=[FigureEntry(injuries, value=Decimal(9), version=saved.version)],
        commentary="",
        version=draft.version,
        by=officer,
    )

    restored = client.post(import_url(draft), {"version": shown(draft), "file": upload()})

    assert restored.status_code == 302, restored.context["report"].problems
    figures = {v.indicator.code: (v.numerator, v.denominator, v.value) for v in IndicatorValue.objects.all()}
    assert figures == {"-INJ": (None, None, Decimal(4)), "PS-1": (12, 120, Decimal("10.00"))}
