"""Shared set-up for the pack tests: a meeting with a scorecard and the plan on its agenda, and a build."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from pypdf import PdfReader

from cpboard.board.models import AgendaItem, PackBuild, Section
from cpboard.board.services.packs import build_pack
from tests.factories.actions import ActionFactory
from tests.factories.board import AgendaItemFactory, MeetingFactory
from tests.factories.performance import (
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    TargetFactory,
    quarter,
    released,
)

CARE_LEAVERS = "Care leavers in education, employment or training"


def scorecard_data():
    area = OutcomeAreaFactory(slug="achieving", name="Enjoying and achieving", order=3)
    indicator = IndicatorFactory(
        code="CL-EET", title=CARE_LEAVERS, outcome_area=area, polarity="higher", tolerance=Decimal("2")
    )
    periods = [quarter(2026, 1), quarter(2026, 2)]
    released(*periods)
    IndicatorValueFactory(
        indicator=indicator, period=periods[0], numerator=50, denominator=100, value=Decimal("50.0")
    )
    latest = IndicatorValueFactory(
        indicator=indicator, period=periods[1], numerator=54, denominator=100, value=Decimal("54.0")
    )
    TargetFactory(indicator=indicator, period=quarter(2026, 1).financial_year(), value=Decimal("60.0"))
    return indicator, latest


def meeting_with_agenda(**meeting):
    meeting = MeetingFactory(**meeting)
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        kind=AgendaItem.Kind.APOLOGIES,
        title="Apologies for absence",
        narrative="",
    )
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Performance report",
        section=Section.SCORECARD,
        narrative="The quarter's figures.",
    )
    AgendaItemFactory(
        meeting=meeting,
        position=3,
        kind=AgendaItem.Kind.PLAN,
        title="Action-plan progress",
        section=Section.PLAN,
        narrative="",
    )
    return meeting


def build_for(meeting, user, **kwargs):
    build = PackBuild.objects.create(meeting=meeting, requested_by=user, status=PackBuild.Status.RUNNING)
    stages = []
    version = build_pack(build, progress=lambda percent, stage: stages.append((percent, stage)), **kwargs)
    build.status, build.result = PackBuild.Status.DONE, version
    build.save()
    return version, stages


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def plan_data():
    ActionFactory(
        text="Refresh the pledge with the Children in Care Council",
        status="off_track",
        due_on=dt.date(2027, 6, 1),
    )
    ActionFactory(
        text="Publish the local offer for care leavers", status="on_track", due_on=dt.date(2026, 9, 1)
    )
