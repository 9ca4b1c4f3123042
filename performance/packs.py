"""The performance section of a board pack: the same scorecard and charts as the dashboard, as print HTML.
Board packs (roadmap) will call `scorecard_section`; today it also gives the dashboard's PDF download."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cpboard.core.pdf import print_context, render_pdf
from performance.models import Period
from performance.reporting.as_at import figures_label, recent_returns
from performance.reporting.charts import trend_chart
from performance.reporting.presentation import NOT_COMPARABLE_WHY
from performance.reporting.rag import RAG_LABELS, RATED_AS_SHOWN
from performance.reporting.scorecard import Scorecard, build_indicator_history, build_scorecard


def scorecard_section(
    user, *, area: str = "", rag: str = "", as_at: Period | None = None, scorecard: Scorecard | None = None
) -> str:
    """HTML for the scorecard, with small numbers suppressed for `user` as on screen; `as_at`: as at a quarter.
    `scorecard`: one already built for the same user, area, rag and quarter (board packs pass theirs)."""
    scorecard = scorecard or build_scorecard(user, area=area, rag=rag, as_at=as_at)
    return render_to_string(
        "performance/scorecard_section.html",
        {
            "scorecard": scorecard,
            "shown_only": RAG_LABELS.get(rag, "") if rag else "",
            "rated_as_shown": RATED_AS_SHOWN,
            "not_comparable_why": NOT_COMPARABLE_WHY,
            **print_context(),
        },
    )


def trends_section(
    user, *, area: str = "", as_at: Period | None = None, scorecard: Scorecard | None = None
) -> str:
    """HTML for each indicator's trend, as board packs show it after the scorecard: the indicator page's own
    chart (the same server-side SVG, with its axes and unit), the figures it draws in a table, and what
    officers said about the latest quarters. Figures and words are those `user` may see (no draft quarter,
    small numbers hidden as on screen)."""
    scorecard = scorecard or build_scorecard(user, area=area, as_at=as_at)
    indicators = []
    for group in scorecard.groups:
        for row in group.rows:
            history = build_indicator_history(row.indicator, user, as_at=as_at)
            indicators.append(
                {
                    "area": group.area,
                    "row": row,
                    "chart": trend_chart(history),
                    "values": history.values[:8],
                    "commentary": history.commentary[:1],
                }
            )
    return render_to_string("performance/trends_section.html", {"indicators": indicators, **print_context()})


def scorecard_pdf(user, *, area: str = "", rag: str = "", as_at: Period | None = None) -> bytes:
    """The scorecard PDF, as at a quarter if one is chosen; its title (the PDF's own, and its heading) names
    the quarter and how final it is: "Performance scorecard: 2026-27 Q2, provisional"."""
    returns = recent_returns(user, count=1, as_at=as_at)
    label = figures_label(returns[0] if returns else None)
    html = render_to_string(
        "performance/scorecard_print.html",
        {
            **print_context(),
            "title": f"Performance scorecard: {label}" if label else "Performance scorecard",
            "figures_label": label,
            "as_at_label": as_at.label if as_at else "",
            "section": scorecard_section(user, area=area, rag=rag, as_at=as_at),
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html)
