"""Importing an existing plan: whole-file, all-or-nothing, idempotent; every timescale the seeds use."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cpboard.actions.models import Action, Objective, ProgressUpdate, Theme
from cpboard.actions.services.imports import COLUMNS, parse_timescale
from tests.factories.actions import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False)


def _row(**values):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        theme="Being healthy",
        objective_reference="D1",
        objective="Identify health needs early",
        action_reference="D1.1",
        action="Complete health assessments on time",
        responsibility="Designated Doctor and Nurse for Looked After Children",
        timescale="Ongoing",
    )
    row.update(values)
    return row


def _csv(rows) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("plan.csv", out.getvalue().encode(), content_type="text/csv")


def _upload(client, rows):
    return client.post(reverse("actions:import"), {"file": _csv(rows)})


@pytest.mark.parametrize(
    ("text", "kind", "due", "every", "condition"),
    [
        ("30/06/2014", "date", dt.date(2014, 6, 30), None, ""),
        ("June 2014", "month", dt.date(2014, 6, 1), None, ""),
        ("June 2014 and annually", "recurring", dt.date(2014, 6, 1), 12, ""),
        ("July 2014 and ongoing", "ongoing", dt.date(2014, 7, 1), None, ""),
        ("Ongoing", "ongoing", None, None, ""),
        ("Subject to Future Council", "conditional", None, None, "Future Council"),
    ],
)
def test_every_timescale_the_plans_use_is_understood(text, kind, due, every, condition):
    timescale = parse_timescale(text)
    assert (timescale.kind, timescale.due_on, timescale.every, timescale.condition) == (
        kind,
        due,
        every,
        condition,
    )


def test_a_plan_imports_and_importing_it_again_changes_nothing(client_as, officer):
    review = ReviewFactory(title="Outcomes review")
    for number in ("23", "24", "25"):
        RecommendationFactory(review=review, number=number)
    rows = [
        _row(
            recommendations="23, 24, 25",
            progress="Initial improvements in timescales",
            progress_date="01/04/2026",
            status="On track",
        ),
        _row(
            action_reference="D1.2",
            action="Introduce the questionnaire",
            timescale="April 2027",
            responsibility="Designated nurse; CAMHS lead",
        ),
        _row(
            theme="Staying safe",
            objective_reference="E1",
            objective="Support care leavers",
            action_reference="E1.1",
            action="Staying put pilot",
            timescale="December 2026 and annually",
        ),
    ]
    client = client_as(officer)
    response = _upload(client, rows)
    assert response.status_code == 302
    assert Theme.objects.count() == 2 and Objective.objects.count() == 2 and Action.objects.count() == 3
    first = Action.objects.get(reference="D1.1")
    assert first.status == "on_track"
    assert sorted(r.number for r in first.objective.recommendations.all()) == ["23", "24", "25"]
    assert Action.objects.get(reference="D1.2").owner_text() == "Designated nurse and CAMHS lead"
    history = Action.history.count()
    response = _upload(client, rows)
    assert response.status_code == 302
    assert Action.history.count() == history
    assert ProgressUpdate.objects.count() == 1
    assert "Nothing to change" in client.get(reverse("actions:plan")).content.decode()


def test_one_bad_row_and_nothing_is_imported(client_as, officer):
    rows = [
        _row(),
        _row(action_reference="D1.2", action="Second", responsibility="", timescale="Soonish"),
        _row(action_reference="D1.3", action="Third", status="Complete"),
    ]
    response = _upload(client_as(officer), rows)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 problems" in page
    assert "Say who owns the action" in page
    assert "is not a timescale this plan understands" in page
    assert "needs a final progress note" in page
    assert not Action.objects.exists() and not Theme.objects.exists()


def test_unknown_recommendations_are_reported(client_as, officer):
    ReviewFactory(title="Outcomes review")
    page = _upload(client_as(officer), [_row(recommendations="99")]).content.decode()
    assert "has no recommendation 99" in page


def test_the_template_downloads_with_every_column(client_as, officer):
    response = client_as(officer).get(reverse("actions:import-template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == COLUMNS


def test_an_xlsx_plan_imports(client_as, officer):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([_row()[c] for c in COLUMNS])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile(
        "plan.xlsx",
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert client_as(officer).post(reverse("actions:import"), {"file": upload}).status_code == 302
    assert Action.objects.get().timescale == "ongoing"
