"""Importing an attendance spreadsheet: whole file, all or nothing, every problem by row and column."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.factories.training import CourseFactory, PersonFactory
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("attendance.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def directory():
    PersonFactory(display_name="Alys Hughes")
    PersonFactory(display_name="Tomasz Nowak", term_ends_on=dt.date(2024, 5, 6))
    PersonFactory(display_name="Sam Twin")
    PersonFactory(display_name="Sam Twin")
    CourseFactory(code="cp-refresher", name="Corporate parenting refresher", offered_from=dt.date(2013, 5, 1))


def test_a_clean_file_is_imported_and_importing_it_again_changes_nothing(client_as, officer, directory):
    client = client_as(officer)
    text = "name,course,date\nCllr Alys Hughes,cp-refresher,11/03/2025\nalys  hughes,Corporate parenting refresher,08/10/2024\n"
    response = client.post(reverse("training:import"), {"file": _csv(text)})
    assert response.status_code == 302
    assert TrainingRecord.objects.count() == 2
    assert TrainingRecord.objects.first().history.latest().history_change_reason == (
        "Imported from an attendance spreadsheet"
    )
    client.post(reverse("training:import"), {"file": _csv(text)})
    assert TrainingRecord.objects.count() == 2


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_saved(client_as, officer, directory):
    text = (
        "name,course,date\n"
        "Alys Hughes,cp-refresher,11/03/2025\n"  # fine on its own
        "Nobody Known,cp-refresher,11/03/2025\n"
        "Sam Twin,cp-refresher,11/03/2025\n"
        "Alys Hughes,no-such-course,31/02/2025\n"
        "Alys Hughes,cp-refresher,01/01/2099\n"
        "Alys Hughes,cp-refresher,01/01/2012\n"
        "Tomasz Nowak,cp-refresher,11/03/2025\n"
        "Alys Hughes,cp-refresher,11/03/2025\n"
    )
    response = client_as(officer).post(reverse("training:import"), {"file": _csv(text)})
    problems = [(p.row, p.column) for p in response.context["report"].problems]
    assert problems == [
        (3, "name"),
        (4, "name"),
        (5, "course"),
        (5, "date"),
        (6, "date"),
        (7, "date"),
        (8, "date"),
        (9, "name"),
    ]
    messages = [p.message for p in response.context["report"].problems]
    assert messages[0].startswith("Nobody called “Nobody Known” is in the people directory.")
    assert "listed twice" in messages[-1]
    assert "Nothing has been imported" in response.context["form"].errors["file"][0]
    assert not TrainingRecord.objects.exists()


def test_an_excel_file_with_real_dates_is_read(client_as, officer, directory):
    workbook = Workbook()
    workbook.active.append(["Name", "Course", "Date"])
    workbook.active.append(["Alys Hughes", "cp-refresher", dt.datetime(2025, 3, 11)])  # noqa: DTZ001
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("attendance.xlsx", data.getvalue())
    assert client_as(officer).post(reverse("training:import"), {"file": upload}).status_code == 302
    assert TrainingRecord.objects.get().completed_on == dt.date(2025, 3, 11)


def test_a_file_without_the_columns_is_refused(client_as, officer, directory):
    response = client_as(officer).post(reverse("training:import"), {"file": _csv("who,when\nA,B\n")})
    assert response.context["report"].problems[0].column == "name, course, date"
