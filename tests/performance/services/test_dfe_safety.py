"""Issue 9: figures an analyst would sign. A damaged file never loads and says why; nothing is lost silently;
one council per database; an officer's comparator is never overwritten without saying so."""

from __future__ import annotations

import os
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from performance import dfe
from performance.models import Comparator, DfeLoad, Indicator, IndicatorValue, Period, PublishedDifference
from performance.services.catalogue import catalogue_load
from performance.services.comparators import (
    ACCEPT,
    ACCEPTED,
    KEEP,
    KEPT,
    ComparatorEntry,
    comparators_save,
)
from performance.services.dfe import (
    DIFFERENCE_RECORDED,
    LOAD_REASON,
    REPLACED,
    DfeLoadRefused,
    dfe_load,
)

pytestmark = pytest.mark.django_db

SHIPPED = dfe.SHIPPED_MANIFEST.parent
STABILITY = "la_cla_placement_stability.csv"
AGAIN = "Download the file again from Explore Education Statistics."
NORTH_LINCS, NORTH_EAST_LINCS = "813", "812"


@pytest.fixture
def loaded_catalogue(officer):
    catalogue_load(by=officer)


@pytest.fixture
def folder(tmp_path) -> Path:
    for path in SHIPPED.glob("*.csv"):
        os.symlink(path, tmp_path / path.name)
    return tmp_path


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).unlink()
    (folder / name).write_text(text, encoding="utf-8")


def _lines(name: str) -> list[str]:
    return (SHIPPED / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)


def _fingerprint() -> tuple[int, ...]:
    models = (Comparator, IndicatorValue, DfeLoad, PublishedDifference)
    return tuple(m.objects.count() for m in models) + tuple(m.history.count() for m in models)


def _load_dfe(*args: str) -> str:
    out = StringIO()
    call_command("load_dfe", *args, stdout=out)
    return out.getvalue()


def _england_rate_2024() -> Comparator:
    return Comparator.objects.get(
        indicator__code="CIC-RATE", period__kind="financial_year", period__year_start=2024, area="england"
    )


# ------------------------------------------------------------------------------ 1 and 2: damaged files


def test_a_truncated_file_never_loads_and_the_command_says_which_and_what_to_do(loaded_catalogue, folder):
    _write(folder, STABILITY, "".join(_lines(STABILITY)[:4322])[:-2])  # cut inside "69", the last field
    before = _fingerprint()
    with pytest.raises(CommandError) as caught:
        _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(folder))
    assert str(caught.value) == (
        f"The DfE files in {folder} cannot be used. Nothing was loaded.\n"
        f"{STABILITY} is incomplete: its last line (line 4322) does not end with a line break, so the file was "
        f"probably cut short while it was copied or downloaded. {AGAIN}"
    )
    assert _fingerprint() == before


def test_a_bad_file_on_reload_changes_nothing_at_all(loaded_catalogue, folder, officer):
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    before = _fingerprint()
    lines = _lines(STABILITY)
    lines[4321] = lines[4321].replace(",71,69\n", ",71,6.9.\n")
    _write(folder, STABILITY, "".join(lines))
    with pytest.raises(dfe.DfeFileError) as caught:
        dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    assert caught.value.problems == [
        f'{STABILITY} line 4322, column "children_percent": "6.9." is not a number or a DfE symbol '
        f"(c, k, low, u, x, z or :). {AGAIN}"
    ]
    assert _fingerprint() == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("empty", f"{STABILITY} is empty. {AGAIN}"),
        ("header_only", f"{STABILITY} has a header row but no figures. {AGAIN}"),
        ("no_time_period", f'{STABILITY} has no column "time_period" (it has: period, time_identifier, '),
        ("no_value_column", f'{STABILITY} has no column "children_percent" (it has: time_period, '),
        (
            "no_region_code",
            f'{STABILITY} has no column "region_code" (it has: time_period, time_identifier, ',
        ),
    ],
)
def test_each_damaged_file_is_a_clear_command_error_never_a_traceback(
    loaded_catalogue, folder, damage, message
):
    rows = [line.rstrip("\n").split(",") for line in _lines(STABILITY)]
    if damage == "empty":
        text = ""
    elif damage == "header_only":
        text = _lines(STABILITY)[0]
    elif damage == "no_region_code":
        i = rows[0].index("region_code")
        text = "".join(",".join(r[:i] + r[i + 1 :]) + "\n" for r in rows)
    else:
        old, new = ("time_period", "period") if damage == "no_time_period" else ("children_percent", "pct")
        rows[0] = [new if h == old else h for h in rows[0]]
        text = "".join(",".join(r) + "\n" for r in rows)
    _write(folder, STABILITY, text)
    with pytest.raises(CommandError) as caught:
        _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(folder))
    first, problem = str(caught.value).split("\n")
    assert first == f"The DfE files in {folder} cannot be used. Nothing was loaded."
    assert problem.startswith(message) and problem.endswith(AGAIN)
    assert "no local authority" not in str(caught.value)
    assert not Comparator.objects.exists() and not DfeLoad.objects.exists()


@pytest.mark.parametrize("damage", ["missing_ks4", "renamed_column", "missing_neighbour_model"])
def test_the_web_page_explains_a_bad_file_and_saves_nothing(
    client_as, officer, loaded_catalogue, folder, settings, damage
):
    settings.DFE_DATA_DIR = folder
    settings.COUNCIL_LA_CODE = NORTH_LINCS
    if damage == "missing_ks4":
        (folder / "ks4_la.csv").unlink()
        expected = (
            f"ks4_la.csv is missing from the DfE data folder ({folder}). Put the file back (the project ships a "
            "copy in data/dfe/) or download it again from Explore Education Statistics."
        )
    elif damage == "renamed_column":
        _write(folder, "ks4_la.csv", "".join(_lines("ks4_la.csv")).replace(",avg_att8,", ",average_att8,", 1))
        expected = 'ks4_la.csv has no column "avg_att8" (it has: time_period, '
    else:
        (folder / dfe.NEIGHBOURS_FILE).unlink()
        expected = f"{dfe.NEIGHBOURS_FILE} is missing from the DfE data folder ({folder})."
    response = client_as(officer).post(reverse("performance:dfe-load"))
    assert response.status_code == 200
    assert response.context["problems"][0].startswith(expected)
    text = response.content.decode()
    assert "The DfE files cannot be used, so nothing was loaded:" in text
    assert "There is a problem" in text
    assert not Comparator.objects.exists() and not IndicatorValue.objects.exists()


# ------------------------------------------------------------------------------------ 1: shipped or not


def test_a_normal_load_says_every_file_is_as_shipped_and_what_each_indicator_received(loaded_catalogue):
    output = _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(SHIPPED))
    assert "All 13 files are the copies the project ships (data/dfe/MANIFEST.json)." in output
    rate = Indicator.objects.get(code="CIC-RATE")
    assert (
        f"  CIC-RATE {rate.title}: 2020-21 to 2024-25 (5 years); council 5, region 5, England 5, " in output
    )
    assert "WARNING" not in output
    load = DfeLoad.current()
    assert (load.la_code, load.la_name) == (NORTH_LINCS, "North Lincolnshire")
    assert {f["status"] for f in load.files} == {dfe.AS_SHIPPED}


def test_a_changed_but_sound_file_loads_and_the_summary_names_it(loaded_catalogue, folder, officer):
    lines = _lines(STABILITY)
    lines[4321] = lines[4321].replace(",71,69\n", ",71,70\n")
    _write(folder, STABILITY, "".join(lines))
    output = _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(folder))
    assert (
        "1 of 13 files are not the copies the project ships (each was checked: complete, every row and "
        in output
    )
    assert f"  {STABILITY}: different from the shipped copy (5010 rows, SHA-256 " in output
    own = IndicatorValue.objects.get(
        indicator__dfe_measure="placement_same_carer_2_years",
        period__kind="financial_year",
        period__year_start=2020,
    )
    assert own.value == Decimal("70")


# --------------------------------------------------------------------------------- 3: no silent losses


def test_a_header_only_file_after_a_load_is_refused_unless_confirmed(loaded_catalogue, folder, officer):
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    name = "la_cla_swcount.csv"
    # A file with its header and rows for another year's breakdown only: no row for the measure.
    text = "".join(_lines(name)).replace("3 or more social workers during the year", "3+ social workers")
    _write(folder, name, text)
    before = _fingerprint()
    indicator = Indicator.objects.get(dfe_measure="social_worker_3plus_in_year")
    with pytest.raises(DfeLoadRefused) as caught:
        dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    assert caught.value.needs == "allow_missing"
    assert caught.value.message.startswith(
        "Nothing was loaded: 1 indicator that had DfE figures would receive none from these files. "
        f"{indicator.title} ({indicator.code}) received no DfE figures: {name} has no rows where sw_stability "
        'is "3 or more social workers during the year" (it has: "'
    )
    assert caught.value.message.endswith(
        "load again choosing to load anyway (load_dfe --allow-missing): their earlier figures are kept as they are."
    )
    assert _fingerprint() == before
    with pytest.raises(CommandError, match="--allow-missing"):
        _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(folder))

    output = _load_dfe("--la-code", NORTH_LINCS, "--data-dir", str(folder), "--allow-missing")
    assert (
        f"WARNING: {indicator.title} ({indicator.code}) received no DfE figures: {name} has no rows" in output
    )
    assert "Its earlier figures are kept as they are." in output
    assert f"  {indicator.code} {indicator.title}: no figures" in output
    assert Comparator.objects.filter(indicator=indicator, source="dfe").exists()  # earlier figures kept


def test_a_renamed_breakdown_on_a_first_load_warns_loudly(
    loaded_catalogue, folder, client_as, officer, settings
):
    text = "".join(_lines(STABILITY)).replace("Living with the same carer for at least 2 years", "Same carer")
    _write(folder, STABILITY, text)
    settings.DFE_DATA_DIR, settings.COUNCIL_LA_CODE = folder, NORTH_LINCS
    response = client_as(officer).post(reverse("performance:dfe-load"))
    indicator = Indicator.objects.get(dfe_measure="placement_same_carer_2_years")
    page = response.content.decode()
    assert response.status_code == 200 and response.context["summary"] is not None
    assert (
        f"{indicator.title} ({indicator.code}) received no DfE figures: {STABILITY} has no rows where "
        "placement_stability is &quot;Living with the same carer for at least 2 years&quot;" in page
    )
    assert '<span class="govuk-visually-hidden">Warning</span>' in page
    assert "<strong>No figures</strong>" in page


# --------------------------------------------------------------------------- 4: one council per database


def test_another_councils_code_is_refused_then_replaces_cleanly(loaded_catalogue, officer):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    england = _england_rate_2024()
    before = _fingerprint()
    with pytest.raises(DfeLoadRefused) as caught:
        dfe_load(la_code=NORTH_EAST_LINCS, data_dir=SHIPPED, by=officer)
    assert caught.value.needs == "replace"
    assert caught.value.message.startswith(
        "This database holds the DfE figures of North Lincolnshire (813), loaded on "
    )
    assert (
        "Loading North East Lincolnshire (812) as well would put one council's figures beside the other's. "
        "If North East Lincolnshire is this council, load again choosing to replace (load_dfe --replace)"
    ) in caught.value.message
    assert _fingerprint() == before

    summary = dfe_load(la_code=NORTH_EAST_LINCS, data_dir=SHIPPED, by=officer, replace=True)
    assert summary.replaced == "North Lincolnshire (813)" and summary.removed > 0
    assert str(summary).splitlines()[1] == (
        f"Replaced the DfE figures of North Lincolnshire (813): {summary.removed} removed (kept in History)."
    )
    # Only the new council's figures: every neighbours' median names North East Lincolnshire's neighbours.
    new = dfe.read_dfe(SHIPPED, NORTH_EAST_LINCS).figures
    rate = Indicator.objects.get(code="CIC-RATE")
    year = Period.objects.get(kind="financial_year", year_start=2024)
    [own] = [f for f in new if f.measure == "cla_rate_per_10k" and f.year_start == 2024 and f.area == "la"]
    [median] = [
        f
        for f in new
        if f.measure == "cla_rate_per_10k" and f.year_start == 2024 and f.area == "statistical_neighbours"
    ]
    assert IndicatorValue.objects.get(indicator=rate, period=year).value == own.value
    assert (
        Comparator.objects.get(indicator=rate, period=year, area="statistical_neighbours").value
        == median.value
    )
    assert Comparator.history.filter(history_type="-", history_change_reason=REPLACED).count() > 0
    assert IndicatorValue.history.filter(history_type="-", history_change_reason=REPLACED).count() > 0
    assert _england_rate_2024().pk == england.pk  # England is the same for every council: kept
    assert DfeLoad.current().la_code == NORTH_EAST_LINCS
    assert DfeLoad.current().replaced_la_code == NORTH_LINCS


def test_the_web_page_asks_before_replacing_another_council(client_as, officer, loaded_catalogue, settings):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    settings.COUNCIL_LA_CODE = NORTH_EAST_LINCS
    client = client_as(officer)
    page = client.get(reverse("performance:dfe-load")).content.decode()
    assert (
        "This database holds the DfE figures of North Lincolnshire (813), not North East Lincolnshire (812)."
        in page
    )
    assert "Replace North Lincolnshire's figures with North East Lincolnshire's" in page
    refused = client.post(reverse("performance:dfe-load"))
    assert refused.context["refused"].needs == "replace"
    assert DfeLoad.current().la_code == NORTH_LINCS
    done = client.post(reverse("performance:dfe-load"), {"replace": "yes"})
    assert done.context["summary"].replaced == "North Lincolnshire (813)"
    assert "The DfE figures of North Lincolnshire (813):" in done.content.decode()
    assert DfeLoad.current().la_code == NORTH_EAST_LINCS


# ------------------------------------------------------------------------------ 4: officers' figures kept


def _officer_enters_england_rate(officer, value: str) -> Comparator:
    indicator = Indicator.objects.get(code="CIC-RATE")
    period = Period.get("financial_year", 2024)
    current = Comparator.objects.filter(indicator=indicator, period=period, area="england").first()
    comparators_save(
        indicator=indicator,
        period=period,
        entries=[ComparatorEntry("england", Decimal(value), current.version if current else 0)],
        by=officer,
    )
    return _england_rate_2024()


def test_a_reload_keeps_the_officers_figure_and_records_the_published_one_beside_it(
    loaded_catalogue, officer
):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    mine = _officer_enters_england_rate(officer, "70")
    summary = dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    mine.refresh_from_db()
    assert (mine.value, mine.source) == (Decimal("70.00"), "entered")  # never overwritten
    difference = PublishedDifference.objects.get(comparator=mine)
    assert (difference.value, difference.status, difference.source_row) == (Decimal("67.00"), "pending", 3)
    assert difference.history.get().history_change_reason == DIFFERENCE_RECORDED
    assert [str(k) for k in summary.kept] == [
        f"{mine.indicator.title}, England, 2024-25: officer's 70.0 per 10,000, DfE's 67.0 per 10,000"
    ]
    assert (
        "1 figures entered by officers differ from the DfE's and were kept (1 waiting for an officer to choose, "
        "on the Published differences page):" in str(summary)
    )
    history = _fingerprint()
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)  # asks once, not at every load
    assert _fingerprint()[:2] + _fingerprint()[3:4] == history[:2] + history[3:4]
    assert PublishedDifference.history.count() == 1


def test_the_officer_accepts_the_published_figure(client_as, officer, loaded_catalogue):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    mine = _officer_enters_england_rate(officer, "70")
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    difference = PublishedDifference.objects.get(comparator=mine)
    client = client_as(officer)
    page = client.get(reverse("performance:published-differences")).content.decode()
    assert "70.0 per 10,000" in page and "67.0 per 10,000" in page and "Use the DfE's figure" in page
    detail = client.get(mine.get_absolute_url()).content.decode()
    assert "The DfE's published figure" in detail and "Waiting for an officer to choose" in detail
    response = client.post(
        reverse("performance:published-difference-decide", args=[difference.pk]),
        {"choice": ACCEPT, "version": difference.version},
        follow=True,
    )
    assert (
        f"{mine.indicator.title}, England, 2024-25: the DfE&#x27;s published figure (67.0 per 10,000) is now used."
        in response.content.decode()
    )
    mine.refresh_from_db()
    assert (mine.value, mine.source, mine.source_row) == (Decimal("67.00"), "dfe", 3)
    assert mine.history.latest().history_change_reason == ACCEPTED
    assert mine.history.latest().history_user == officer
    assert not PublishedDifference.objects.exists()
    assert PublishedDifference.history.latest().history_change_reason == ACCEPTED


def test_the_officer_keeps_their_figure_until_the_dfe_publishes_another(
    client_as, officer, loaded_catalogue, folder
):
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    mine = _officer_enters_england_rate(officer, "70")
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    difference = PublishedDifference.objects.get(comparator=mine)
    client_as(officer).post(
        reverse("performance:published-difference-decide", args=[difference.pk]),
        {"choice": KEEP, "version": difference.version},
    )
    difference.refresh_from_db()
    assert difference.status == "kept"
    assert difference.history.latest().history_change_reason == KEPT
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    difference.refresh_from_db()
    assert difference.status == "kept"  # not asked again for the same published figure

    name = "cla_number_and_rate_per_10k_children.csv"
    lines = _lines(name)
    assert lines[2].endswith(",67\n"), lines[2]  # line 3: England 2025
    lines[2] = lines[2][: -len("67\n")] + "68\n"
    _write(folder, name, "".join(lines))
    dfe_load(la_code=NORTH_LINCS, data_dir=folder, by=officer)
    difference.refresh_from_db()
    assert (difference.status, difference.value) == ("pending", Decimal("68.00"))
    mine.refresh_from_db()
    assert mine.value == Decimal("70.00")


def test_a_stale_choice_changes_nothing(client_as, officer, loaded_catalogue):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    mine = _officer_enters_england_rate(officer, "70")
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    difference = PublishedDifference.objects.get(comparator=mine)
    response = client_as(officer).post(
        reverse("performance:published-difference-decide", args=[difference.pk]),
        {"choice": ACCEPT, "version": difference.version + 1},
        follow=True,
    )
    assert "Someone has just changed this figure" in response.content.decode()
    mine.refresh_from_db()
    assert mine.value == Decimal("70.00")


def test_clearing_an_officers_figure_with_a_published_difference_removes_both_with_history(
    loaded_catalogue, officer
):
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    mine = _officer_enters_england_rate(officer, "70")
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    comparators_save(
        indicator=mine.indicator,
        period=mine.period,
        entries=[ComparatorEntry("england", None, mine.version)],
        by=officer,
    )
    assert not PublishedDifference.objects.exists()
    assert PublishedDifference.history.latest().history_type == "-"
    assert LOAD_REASON  # the next load brings the published figure back
    dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    assert _england_rate_2024().value == Decimal("67")


def test_a_failure_part_way_through_the_writes_saves_nothing(loaded_catalogue, officer, monkeypatch):
    from performance.services import dfe as service

    real = service.create_many_audited

    def fail_on_values(model, objs, **kwargs):
        if model is IndicatorValue:
            raise RuntimeError("the database went away")
        return real(model, objs, **kwargs)

    monkeypatch.setattr(service, "create_many_audited", fail_on_values)
    with pytest.raises(RuntimeError):
        dfe_load(la_code=NORTH_LINCS, data_dir=SHIPPED, by=officer)
    assert not Comparator.objects.exists()  # the comparators written first were rolled back
    assert not DfeLoad.objects.exists()
