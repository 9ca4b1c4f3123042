"""The shipped fake return (collection year 2017-18, from data-to-insight's validator test data, MIT) gives
stable figures, and every figure is explained and mapped to the catalogue where the catalogue has it.

The fake return's codes were drawn at random, so its figures look nothing like a real council's (about half
of the children have each health check, for instance); they are pinned here so that a change to a rule shows
up as a changed number. As at 31/03/2018, with no population given:

* 1,201 children looked after (177 started in the year); 228 of them (19.0%) had three or more placements;
  281 (23.4%) in foster care and 180 (15.0%) placed for adoption;
* long-term stability 46 of 140 (32.9%);
* 1,053 looked after for 12 months or more: health assessments 530 (50.3%), immunisations 524 (49.8%),
  dental checks 501 (47.6%), substance misuse 545 (51.8%), development checks 28 of 63 under-fives (44.4%),
  convictions 290 of 584 aged 10 to 17 (49.7%); SDQ: 474 of 976 aged 5 to 16 have a score (48.6%), average
  20.3, 291 of them (61.4%) 17 or more;
* 24 care leavers aged 17 or 18 (the fake OC3 has no one older; 12 who died and 14 still looked after on
  their birthday are left out, and no young person the episodes show to be a care leaver lacks an OC3 row):
  8 in touch (33.3%), 14 in education, employment or training (58.3%), 12 in suitable accommodation (50.0%);
* of 1,896 children looked after during the year, 15 went missing (0.8%, 15 episodes) and 14 were away
  without authorisation (0.7%, 16 episodes); 3 missing and 2 away episodes in January to March 2018.

As at 31/12/2017 (the third quarter, as an in-year extract would give it): 1,313 looked after (141 started in
the 12 months); 160 (12.2%) with three or more placements; long-term stability 48 of 106 (45.3%); 881 looked
after for 12 months or more, 447 (50.7%) with health assessments up to date; no care leaver counted yet (the
fake OC3's 17-year-olds all have birthdays from January to March 2018); 6 missing episodes in the quarter.

The return is read by the product's own reader (performance/ssda903/read.py), from data/ssda903/.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from performance.reference import catalogue
from performance.ssda903.indicators import CATALOGUE_KEYS, METHODS, compute
from performance.ssda903.read import read_return
from performance.ssda903.tables import Return
from tests.performance.ssda903.conftest import fake_files

AS_AT = dt.date(2018, 3, 31)

# key: (numerator, denominator, value)
EXPECTED = {
    "children_looked_after": (1201, None, "1201"),
    "starts": (177, None, "177"),
    "placements_3_or_more": (228, 1201, "19.0"),
    "long_term_stability": (46, 140, "32.9"),
    "foster_care": (281, 1201, "23.4"),
    "placed_for_adoption": (180, 1201, "15.0"),
    "cohort_12_months": (1053, None, "1053"),
    "health_assessments": (530, 1053, "50.3"),
    "immunisations": (524, 1053, "49.8"),
    "dental_checks": (501, 1053, "47.6"),
    "substance_misuse": (545, 1053, "51.8"),
    "development_checks_under_5": (28, 63, "44.4"),
    "convictions_10_to_17": (290, 584, "49.7"),
    "sdq_average": (9600, 474, "20.3"),
    "sdq_with_score": (474, 976, "48.6"),
    "sdq_concern": (291, 474, "61.4"),
    "care_leavers_17_18": (24, None, "24"),
    "care_leavers_17_18_in_touch": (8, 24, "33.3"),
    "care_leavers_17_18_eet": (14, 24, "58.3"),
    "care_leavers_17_18_accommodation": (12, 24, "50.0"),
    "care_leavers_19_21": (0, None, "0"),
    "care_leavers_19_21_in_touch": (0, 0, None),
    "care_leavers_19_21_eet": (0, 0, None),
    "care_leavers_19_21_accommodation": (0, 0, None),
    "care_leavers_19_21_higher_education": (0, 0, None),
    "care_leavers_19_21_activity_not_known": (0, 0, None),
    "missing_children": (15, 1896, "0.8"),
    "missing_episodes": (15, None, "15"),
    "away_children": (14, 1896, "0.7"),
    "away_episodes": (16, None, "16"),
    "missing_episodes_quarter": (3, None, "3"),
    "away_episodes_quarter": (2, None, "2"),
}

# As at 31/12/2017: key: (numerator, denominator)
IN_YEAR = {
    "children_looked_after": (1313, None),
    "starts": (141, None),
    "placements_3_or_more": (160, 1313),
    "long_term_stability": (48, 106),
    "cohort_12_months": (881, None),
    "health_assessments": (447, 881),
    "care_leavers_17_18": (0, None),
    "missing_episodes_quarter": (6, None),
}


@pytest.fixture(scope="module")
def fake_return() -> Return:
    result = read_return(fake_files(), year=2018)
    return result.ret


@pytest.fixture(scope="module")
def fake_figures(fake_return):
    return compute(fake_return, as_at=AS_AT)


def test_the_fake_return_is_all_there(fake_return):
    assert len(fake_return.rows("header")) == 2675
    assert len(fake_return.rows("episodes")) == 5050


def test_the_fake_return_gives_the_documented_figures(fake_figures):
    got = {
        key: (figure.numerator, figure.denominator, None if figure.value is None else str(figure.value))
        for key, figure in fake_figures.items()
    }
    assert got == EXPECTED
    assert fake_figures["care_leavers_17_18"].note.endswith(
        "Left out: 12 recorded as having died and 14 still looked after on their 17th or 18th birthday."
    )


def test_the_fake_return_in_year_gives_the_documented_figures(fake_return):
    result = compute(fake_return, as_at=dt.date(2017, 12, 31))
    got = {key: (result[key].numerator, result[key].denominator) for key in IN_YEAR}
    assert got == IN_YEAR


def test_with_a_population_the_rates_are_given(fake_return):
    result = compute(fake_return, as_at=AS_AT, population=34_680)
    assert result["children_looked_after_rate"].value == Decimal("346.3")  # 1,201 x 10,000 / 34,680
    assert result["starts_rate"].value == Decimal("51.0")  # 177 x 10,000 / 34,680


def test_every_figure_is_explained(fake_return):
    keys = set(compute(fake_return, as_at=AS_AT, population=1_000))
    assert keys <= set(METHODS)
    for key in keys:
        method = METHODS[key]
        assert method.title and method.rule and method.source, key
        assert "Department for Education" in method.source


def test_catalogue_keys_name_real_indicators_with_the_same_unit(fake_return):
    result = compute(fake_return, as_at=AS_AT, population=1_000)
    units = {entry["code"]: entry["unit"] for entry in catalogue.INDICATORS}
    for key, code in CATALOGUE_KEYS.items():
        assert code in units, code
        assert result[key].unit == units[code], key
    assert len(set(CATALOGUE_KEYS.values())) == len(CATALOGUE_KEYS)


def test_no_child_reference_or_date_of_birth_reaches_a_figure(fake_return, fake_figures):
    """Figures hold counts only: their notes name no child reference, and no date but the period's own."""
    references = {row["CHILD"] for row in fake_return.rows("header")}
    period_dates = {"31/03/2018", "31/03/2017", "01/04/2017", "01/01/2018"}
    for figure in fake_figures.values():
        words = set(figure.note.replace(".", " ").replace(",", " ").split())
        assert not words & references, figure.key
        assert set(re.findall(r"\d\d/\d\d/\d{4}", figure.note)) <= period_dates, figure.key
