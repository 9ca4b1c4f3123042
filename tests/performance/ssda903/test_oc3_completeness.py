"""Care leavers who must have an OC3 record: the data-quality report names those with none, and the
care-leaver figures count exactly the same young people (performance/ssda903/leavers.py has the rule).

The return is for 2017-18 (01/04/2017 to 31/03/2018). Each young person below was worked out by hand before
the test was run; "after 14" and "after 16" are the days looked after from the 14th and 16th birthdays.
Born 01/06/2000 means a 14th birthday on 01/06/2014, a 16th on 01/06/2016 and a 17th on 01/06/2017.

* A: in care 01/01/2016 to 01/05/2017 (486 days after 14, 334 after 16), left before the 17th birthday, no
  OC3 row: must have one. Missing.
* B: as A, with an OC3 row (in touch, in education, suitable accommodation): not missing, counted.
* C: in care since 01/01/2016 and still looked after on the 17th birthday: needs no record yet; its OC3 row
  is left out of the figures.
* D: in care 01/03/2016 to 15/05/2016: 75 days after 14, none after 16. Not a care leaver.
* E: in care 15/05/2016 to 10/06/2016: 26 days after 14 (9 after 16), under 13 weeks. Not a care leaver.
* F: in care 01/03/2017 to 01/06/2017, the 17th birthday itself: 92 days after 14 (31 + 30 + 31), so 13
  weeks; care ended on the birthday, so not looked after that day: must have a record. Missing.
* G: born 01/02/1999, in care 01/01/2015 to 01/02/2017 (aged 18), 19 on 01/02/2018: missing (19 to 21).
* H: as A, but adopted (E11): not reported as a care leaver.
* J: born 01/02/2000, in care 01/01/2016 to 01/01/2017, 18 on 01/02/2018: missing at 31/03/2018, not yet
  due at 31/12/2017.
* K: as A, but every episode a short break (V3): never looked after as the figures count it.
* L: as A, but care taken over by another council (E3): that council reports them.

Expected at 31/03/2018: missing A, F, G and J. Care leavers aged 17 or 18: B, A, F and J (4), 1 in touch
(25.0%), 1 in education, employment or training, 1 in suitable accommodation. Aged 19 to 21: G (1), 0 in
touch, activity not known 1 of 1. At 31/12/2017: missing A and F only; 3 care leavers aged 17 or 18.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import ReturnImport
from performance.ssda903.indicators import compute
from performance.ssda903.quality import check_return
from tests.performance.ssda903.builders import ReturnBuilder
from tests.performance.ssda903.conftest import small_return

YEAR_END = dt.date(2018, 3, 31)
IN_YEAR = dt.date(2017, 12, 31)


def _leavers() -> ReturnBuilder:
    b = ReturnBuilder()
    b.child("A", dob="01/06/2000").episode("01/01/2016").ceased("01/05/2017", rec="E8")
    b.child("B", dob="01/06/2000").episode("01/01/2016").ceased("01/05/2017", rec="E8").oc3("YES", "F2", "U1")
    b.child("C", dob="01/06/2000").episode("01/01/2016").oc3("YES", "F2", "U1")
    b.child("D", dob="01/06/2000").episode("01/03/2016").ceased("15/05/2016", rec="E13")
    b.child("E", dob="01/06/2000").episode("15/05/2016").ceased("10/06/2016", rec="E13")
    b.child("F", dob="01/06/2000").episode("01/03/2017").ceased("01/06/2017", rec="E8")
    b.child("G", dob="01/02/1999").episode("01/01/2015").ceased("01/02/2017", rec="E8")
    b.child("H", dob="01/06/2000").episode("01/01/2016").ceased("01/05/2017", rec="E11")
    b.child("J", dob="01/02/2000").episode("01/01/2016").ceased("01/01/2017", rec="E8")
    b.child("K", dob="01/06/2000").episode("01/01/2016", ls="V3").ceased("01/05/2017", rec="E8")
    b.child("L", dob="01/06/2000").episode("01/01/2016").ceased("01/05/2017", rec="E3")
    return b


def _missing(as_at: dt.date) -> list[str]:
    report = check_return(_leavers().build(), as_at=as_at)
    found = [f for f in report.findings if f.check == "oc3_missing"]
    return found[0].children if found else []


def test_the_report_names_the_care_leavers_with_no_oc3_record():
    report = check_return(_leavers().build(), as_at=YEAR_END)
    [finding] = [f for f in report.findings if f.check == "oc3_missing"]
    assert finding.children == ["A", "F", "G", "J"]
    assert finding.count == 4
    assert not finding.blocking  # the figures are still worked out
    assert "13 weeks" in finding.message and "01/04/2017" in finding.message
    assert report.counts()["oc3_missing"] == 4  # what is stored: the count, no reference
    assert ("A", finding.title, finding.message) in report.child_rows()  # the officers' download


def test_in_year_only_birthdays_already_passed_are_due():
    assert _missing(IN_YEAR) == ["A", "F"]


def test_the_care_leaver_figures_count_the_same_young_people():
    result = compute(_leavers().build(), as_at=YEAR_END)
    group = result["care_leavers_17_18_in_touch"]
    assert (group.numerator, group.denominator, group.value) == (1, 4, Decimal("25.0"))
    assert result["care_leavers_17_18"].value == 4
    assert result["care_leavers_17_18_eet"].numerator == 1
    assert result["care_leavers_17_18_accommodation"].numerator == 1
    older = result["care_leavers_19_21_activity_not_known"]
    assert (older.numerator, older.denominator) == (1, 1)
    assert result["care_leavers_19_21_in_touch"].numerator == 0
    note = result["care_leavers_17_18"].note
    assert "4 who must have an OC3 record and have none" in note
    assert "1 still looked after on their 17th or 18th birthday" in note
    assert compute(_leavers().build(), as_at=IN_YEAR)["care_leavers_17_18"].value == 3


def test_with_every_record_there_the_report_is_silent_and_the_figures_unchanged():
    b = _leavers()
    for ref in ("A", "F", "G", "J"):
        b.tables["oc3"].append({"CHILD": ref, "DOB": None, "IN_TOUCH": "NO", "ACTIV": "G5", "ACCOM": "0"})
    report = check_return(b.build(), as_at=YEAR_END)
    assert "oc3_missing" not in report.counts()
    assert compute(b.build(), as_at=YEAR_END)["care_leavers_17_18"].value == 4


@pytest.mark.django_db
def test_officers_see_the_young_person_to_fix_once_and_only_the_count_is_kept(catalogue, officer, client_as):
    """C3 (born 01/06/2000) was in care from 01/01/2016 to 01/05/2017 and turned 17 on 01/06/2017, before
    the extract of 31/12/2017: a care leaver with no OC3 row. Expected: C3 named on the page, 1 kept."""
    header = (
        "A1,1,01/02/2010,WBRI,A123456789012,,",
        "B2,2,15/06/2012,WBRI,B123456789012,,",
        "C3,1,01/06/2000,WBRI,C123456789012,,",
    )
    episodes = (
        "A1,01/05/2016,S,C2,N1,U1,PR1,01/09/2017,X1,CARPL,AB1 2CD,EF3 4GH,SC1",
        "A1,01/09/2017,P,C2,N1,U3,PR1,,,,AB1 2CD,IJ5 6KL,SC2",
        "B2,10/10/2017,S,V2,N2,U1,PR1,,,,MN7 8OP,QR9 0ST,SC3",
        "C3,01/01/2016,S,C2,N1,U1,PR1,01/05/2017,E8,,AB1 2CD,EF3 4GH,SC4",
    )
    uploads = [
        SimpleUploadedFile(name, data)
        for name, data in small_return(header_rows=header, episode_rows=episodes)
    ]
    page = (
        client_as(officer)
        .post(reverse("performance:ssda903-upload"), {"as_at": "31/12/2017", "return_files": uploads})
        .content.decode()
    )
    assert "Care leavers with no OC3 (care leaver) row" in page
    assert "<strong>Care leavers with no OC3 (care leaver) row:</strong> C3" in page
    record = ReturnImport.objects.get()
    assert record.quality["oc3_missing"] == 1
    assert "C3" not in str(record.quality) and "C3" not in record.provenance
