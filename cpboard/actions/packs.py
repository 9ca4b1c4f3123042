"""The action plan's section of a board pack: progress at a glance (overdue and off-track actions first),
then the recommendation tracker. Board packs (the meetings issue) call `plan_section`; the plan page's PDF
download uses it too. Owners are posts and staff, never children."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cpboard.actions.services.reporting import build_plan, build_tracker, revisits
from cpboard.core.pdf import print_context, render_pdf


def plan_section(user, *, as_at: dt.date | None = None) -> str:
    """HTML for the plan's progress on `as_at` (today if not given): counts by theme, the actions that need
    attention (overdue, then off track, then at risk) and every recommendation with its latest commentary."""
    day = as_at or timezone.localdate()
    plan = build_plan(as_at=day)
    due, coming = revisits(day)
    return render_to_string(
        "actions/plan_section.html",
        {
            "plan": plan,
            "attention": plan.needing_attention(),
            "tracker": build_tracker(as_at=day),
            "due": due,
            "as_at": day,
            **print_context(),
        },
    )


def recommendations_section(user, *, as_at: dt.date | None = None, tracker=None) -> str:
    """HTML for the recommendation tracker alone (the board pack's "Scrutiny recommendation tracker"
    section): every review's recommendations with the response, latest commentary and the plan's actions
    answering each, and which are due for revisit on `as_at` (today if not given)."""
    day = as_at or timezone.localdate()
    due, _ = revisits(day)
    return render_to_string(
        "actions/recommendations_section.html",
        {
            "tracker": tracker if tracker is not None else build_tracker(as_at=day),
            "due": due,
            "as_at": day,
            **print_context(),
        },
    )


def plan_pdf(user, *, as_at: dt.date | None = None) -> bytes:
    day = as_at or timezone.localdate()
    html = render_to_string(
        "actions/plan_print.html",
        {
            **print_context(),
            "title": f"{settings.BOARD_NAME}: action plan and recommendations",
            "section": plan_section(user, as_at=day),
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html)
