"""The training section of a board pack: the board's compliance as at a date, as print HTML. Board packs
(roadmap) call `compliance_section`; the compliance page's PDF download uses it too."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from cpboard.core.pdf import print_context, render_pdf
from training.services.compliance import STATUS_LABELS, Status, build_compliance


def compliance_section(user, *, as_at: dt.date | None = None) -> str:
    """HTML for the board's training compliance on `as_at` (today if not given): each group's percentage
    compliant with every mandatory course, by course, people overdue and new people not yet inducted.
    Names are councillors' and officers', never children's."""
    day = as_at or timezone.localdate()
    compliance = build_compliance(as_at=day)
    overdue = [
        (row.person, [c for c in row.cells if c.status in (Status.OVERDUE, Status.NEVER_DONE)])
        for row in compliance.rows
    ]
    return render_to_string(
        "training/compliance_section.html",
        {
            "compliance": compliance,
            "overdue": [(person, cells) for person, cells in overdue if cells],
            "labels": STATUS_LABELS,
            **print_context(),
        },
    )


def compliance_pdf(user, *, as_at: dt.date | None = None) -> bytes:
    day = as_at or timezone.localdate()
    html = render_to_string(
        "training/compliance_print.html",
        {
            **print_context(),
            "title": f"Member training compliance at {day:%d/%m/%Y}",
            "section": compliance_section(user, as_at=day),
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html)
