"""Downloads of compliance (CSV, XLSX, PDF), the board-pack section, and history of training records."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from cpboard.core.models import SecurityEvent
from tests.factories.training import (
    AppointmentFactory,
    PersonFactory,
    TrainingRecordFactory,
    induction_and_refresher,
)
from training.packs import compliance_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    induction, refresher = induction_and_refresher()
    trained = PersonFactory(display_name="Aled Ashworth")
    AppointmentFactory(person=trained)
    TrainingRecordFactory(person=trained, course=refresher, completed_on=dt.date(2025, 3, 11))
    lapsed = PersonFactory(display_name="Bethan Bevan")
    AppointmentFactory(person=lapsed)
    TrainingRecordFactory(person=lapsed, course=induction, completed_on=dt.date(2020, 6, 9))
    return trained, lapsed


def test_the_csv_lists_each_persons_status_as_at_the_date_asked(client_as, board_member, board):
    response = client_as(board_member).get(
        reverse("training:compliance-export", args=["csv"]), {"as_at": "31/03/2025"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="training-compliance-2025-03-31.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Name",
        "Kind",
        "Ward",
        "Party",
        "Start date",
        "Compliant with every mandatory course",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Aled Ashworth"][5:7] == ["Yes", "Compliant"]  # the refresher renews the induction
    assert by_name["Bethan Bevan"][5:8] == [
        "No",
        "Overdue",
        "Corporate parenting induction expired on 08/06/2023",
    ]
    assert SecurityEvent.objects.filter(kind="export").exists()


def test_the_xlsx_download_is_a_workbook(client_as, scrutiny_officer, board):
    response = client_as(scrutiny_officer).get(reverse("training:compliance-export", args=["xlsx"]))
    assert response.content[:2] == b"PK"


def test_the_board_pack_section_and_pdf_hold_the_figures(client_as, board_member, board):
    html = compliance_section(board_member, as_at=dt.date(2026, 12, 1))
    assert "Member training at 01/12/2026" in html
    assert "Bethan Bevan" in html  # overdue
    response = client_as(board_member).get(reverse("training:compliance-pdf"), {"as_at": "01/12/2026"})
    assert response["Content-Type"] == "application/pdf"
    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Board members" in text and "50%" in text


def test_officers_see_the_history_of_a_training_record(client_as, officer, board):
    trained, _ = board
    record = trained.training_records.get()
    url = reverse("core:record-history", args=["training", "trainingrecord", record.pk])
    page = client_as(officer).get(url)
    assert page.status_code == 200
    assert "Aled Ashworth" in page.content.decode()
