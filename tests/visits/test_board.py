"""Compliance (due, done, late, missed per home and month; percentage on time) and the six-monthly summary."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.factories.visits import ActionFactory, HomeFactory, QualityReviewFactory, VisitFactory
from training.models import add_months
from visits import packs
from visits.models import Visit
from visits.periods import half_year_containing
from visits.reporting.compliance import Cell, build_compliance
from visits.reporting.summary import build_summary

pytestmark = pytest.mark.django_db


def _done(home, month, *, late_days=0, submitted=True):
    visited = month + dt.timedelta(days=10)
    end = add_months(month, 1) - dt.timedelta(days=1)
    return VisitFactory(
        home=home,
        period_start=month,
        visited_on=visited if not late_days else end + dt.timedelta(days=late_days),
        submitted_on=(visited if not late_days else end + dt.timedelta(days=late_days))
        if submitted
        else None,
        status=Visit.Status.SUBMITTED if submitted else Visit.Status.DRAFT,
        themes=["staffing"],
    )


def test_each_month_is_done_late_missed_or_due(officer, this_month):
    home = HomeFactory(visits_from=add_months(this_month, -12))
    m1, m2, m3, m4 = (add_months(this_month, -n) for n in (1, 2, 3, 4))
    _done(home, m1)
    _done(home, m2, late_days=3)
    _done(home, m4, submitted=False)  # visited, report never written: late
    result = build_compliance(officer)
    cells = {c.period.start: c.status for c in result.rows[0].cells}
    assert cells[m1] == Cell.DONE
    assert cells[m2] == Cell.LATE
    assert cells[m3] == Cell.MISSED
    assert cells[m4] == Cell.LATE
    assert cells[this_month] == Cell.DUE
    row = result.rows[0]
    assert (row.due, row.on_time, row.late, row.missed) == (11, 1, 2, 8)
    assert row.percent_on_time == 9


def test_months_before_a_home_opened_are_not_due(officer, this_month):
    HomeFactory(visits_from=add_months(this_month, -2))
    row = build_compliance(officer).rows[0]
    assert row.due == 2
    assert sum(c.status == Cell.NOT_DUE for c in row.cells) == 9


def test_the_compliance_page_updates_when_a_report_is_submitted(client, board_member, last_month):
    home = HomeFactory(name="Hollins Test", visits_from=last_month)
    signed_in(client, board_member)
    assert "0 of 1 visits due" in client.get(reverse("visits:compliance")).content.decode()
    _done(home, last_month)
    page = client.get(reverse("visits:compliance")).content.decode()
    assert "1 of 1 visits due" in page and "100%" in page


def _thirty_homes_five_years(this_month):
    for n in range(30):
        home = HomeFactory(visits_from=add_months(this_month, -60))
        for m in range(1, 61):
            if (n + m) % 7:
                _done(home, add_months(this_month, -m))


def test_the_compliance_view_runs_a_fixed_number_of_queries(client, board_member, this_month):
    signed_in(client, board_member)
    HomeFactory()
    client.get(reverse("visits:compliance"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("visits:compliance"))
    _thirty_homes_five_years(this_month)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("visits:compliance")).status_code == 200
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as five_years:
        result = build_compliance(board_member, first=add_months(this_month, -60))
    assert len(result.rows) == 31 and len(five_years) <= 6


def test_the_summary_counts_visits_themes_actions_and_reviews(board_member):
    start, end = half_year_containing(add_months(half_year_containing(timezone.localdate())[0], -1))
    home = HomeFactory(name="Summary Home", visits_from=dt.date(2020, 1, 1))
    for m in range(6):
        month = add_months(start, m)
        if m != 2:
            visit = _done(home, month, late_days=2 if m == 4 else 0)
    ActionFactory(visit=visit, due_on=timezone.localdate() - dt.timedelta(days=1))
    ActionFactory(visit=visit, due_on=timezone.localdate() + dt.timedelta(days=10))
    QualityReviewFactory(home=home, completed_on=add_months(timezone.localdate(), -7))
    summary = build_summary(board_member, start=start)
    row = summary.homes[0]
    assert (row.due, row.on_time, row.late, row.missed) == (6, 4, 1, 1)
    assert row.themes == [("Staffing", 5)]
    assert (row.open_actions, row.overdue_actions) == (2, 1)
    assert row.review_late is True
    html = packs.summary_section(board_member, start=start)
    assert "Summary Home" in html and "4 of 6" in html


def test_the_summary_never_shows_what_visitors_wrote(client, board_member, last_month):
    home = HomeFactory(visits_from=last_month)
    visit = _done(home, last_month)
    visit.children_said = "A child called Jordan said hello."
    visit.save()
    signed_in(client, board_member)
    start = half_year_containing(last_month)[0]
    page = client.get(reverse("visits:summary") + f"?from={start:%Y-%m}").content.decode()
    assert "Jordan" not in page
    pdf = client.get(reverse("visits:summary-pdf") + f"?from={start:%Y-%m}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
