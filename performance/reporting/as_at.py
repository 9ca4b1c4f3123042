"""Which quarter's figures a page, a download or a PDF shows, and how final they are: "2026-27 Q2,
provisional". The newest quarterly return the person may read (board members never hear of a draft), so the
dashboard's heading, its CSV, XLSX and PDF file names and the PDF's title all say the same."""

from __future__ import annotations

from performance.models import QuarterReturn

PROVISIONAL = "provisional"
SIGNED_OFF = "signed off"


def recent_returns(user, count: int = 8) -> list[QuarterReturn]:
    """The newest quarterly returns `user` may read, newest first."""
    return list(
        QuarterReturn.objects.visible_to(user).select_related("period").order_by("-period__end_date")[:count]
    )


def figures_label(quarter_return: QuarterReturn | None) -> str:
    """ "2026-27 Q2, provisional" or "2026-27 Q2, signed off"; "" before any quarter."""
    if quarter_return is None:
        return ""
    status = SIGNED_OFF if quarter_return.is_locked else PROVISIONAL
    return f"{quarter_return.period.label}, {status}"


def file_name(stem: str, quarter_return: QuarterReturn | None) -> str:
    """ "cpboard-dashboard-2026-27-Q2-provisional" (no extension); the stem alone before any quarter."""
    label = figures_label(quarter_return)
    if not label:
        return stem
    return "-".join([stem, *label.replace(",", "").split()])
