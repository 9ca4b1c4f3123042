"""Shared set-up for the pack tests: a meeting with a scorecard and the plan on its agenda, and a build."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import cast

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


def blank_pdf(pages: int = 1, *, outline: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if outline:
        writer.add_outline_item(title=outline, page_number=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_version(*, status: str = "published", meeting=None):
    """A pack version with a stored (blank) PDF, without building one: for permission and panel tests."""
    import hashlib

    from django.utils import timezone

    from cpboard.accounts.models import User
    from cpboard.board.models import PackVersion
    from cpboard.core.locking import save_audited
    from cpboard.core.uploads import store_upload
    from tests.factories.accounts import UserFactory

    builder = cast(User, UserFactory(username=f"pack-builder-{PackVersion.objects.count()}"))
    meeting = meeting or MeetingFactory()
    data = blank_pdf(2)
    pdf = store_upload(data, name="pack.pdf", kind="pdf", purpose="board-pack", by=builder)
    number = PackVersion.objects.filter(meeting=meeting).count() + 1
    return save_audited(
        PackVersion(
            meeting=meeting,
            number=number,
            status=status,
            generated_at=timezone.now(),
            generated_by=builder,
            pdf=pdf,
            print_pdf=pdf,
            sha256=hashlib.sha256(data).hexdigest(),
            pages=2,
            html="<h1>Pack</h1>",
            figures={},
        ),
        by=builder,
        reason="Test pack",
    )
