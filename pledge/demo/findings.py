"""'You said, we did' for the demo council's two pledge surveys.

The surveys themselves come from pledge.demo.surveys (keyed by year); where that part has not run, the two
surveys are added here with the same titles and years, so the findings always have a survey to belong to."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from cpboard.core.locking import save_audited
from performance.models import Indicator
from pledge.models import Finding, PledgeVersion, Promise, Survey

DEMO_REASON = "Demo council"
DONE, DOING, PLANNED = Finding.Status.DONE, Finding.Status.IN_PROGRESS, Finding.Status.PLANNED

# year: (opens, closes, pledge version number)
SURVEYS = {
    2025: (dt.date(2025, 10, 1), dt.date(2025, 11, 30), 1),
    2026: (dt.date(2026, 11, 1), dt.date(2026, 12, 31), 2),
}

# year: [(promise key, you said, we did, status, indicator code to link or "")]
FINDINGS = {
    2025: [
        (
            "worries",
            "Lots of you did not know what an advocate is, or how to get one.",
            "We gave every child a card with the advocacy service's phone number. We added a promise about "
            "sorting out worries to our pledge.",
            DONE,
            "",
        ),
        (
            "social-worker",
            "Some of you said nobody rang you back when you left a message.",
            "Every team now checks its messages each day. We now promise to ring you back by the end of the next "
            "working day.",
            DONE,
            "SW-VISITS",
        ),
        (
            "hobbies",
            "Some of you asked for a leisure card and did not get one.",
            "We are sending leisure cards to everyone who asked. New children get one within a month.",
            DOING,
            "",
        ),
        (
            "health",
            "Some of you had not seen a dentist for a long time.",
            "We asked the health team to book dental checks for everyone who is due one.",
            DOING,
            "DENTAL",
        ),
    ],
    2026: [
        (
            "a-good-home",
            "Some of you said you were not told about a move until the day it happened.",
            "Social workers will tell you about a new home before you move, unless it is an emergency. We will "
            "check how this is going in the next survey.",
            PLANNED,
            "PS-3PLUS",
        ),
        (
            "",
            "You told us the survey was too long for younger children.",
            "We made a shorter survey for children aged 8 to 11.",
            DONE,
            "",
        ),
    ],
}


def _survey(year: int, *, by) -> Survey:
    survey = Survey.objects.filter(year=year).order_by("pk").first()
    if survey is not None:
        return survey
    opens, closes, number = SURVEYS[year]
    version = PledgeVersion.objects.filter(number=number).first() or PledgeVersion.objects.current()
    return save_audited(
        Survey(
            title=f"Pledge survey {year}",
            year=year,
            pledge_version=version,
            opens_on=opens,
            closes_on=closes,
            is_ready=True,
        ),
        by=by,
        reason=DEMO_REASON,
    )


def seed(out, *, people) -> None:
    """Findings for each demo survey that has none yet."""
    officer = people["officer"]
    indicator_type = ContentType.objects.get_for_model(Indicator)
    added = 0
    for year, findings in FINDINGS.items():
        survey = _survey(year, by=officer)
        if survey.findings.exists():
            continue
        promises = {p.key: p for p in Promise.objects.filter(pledge_version_id=survey.pledge_version_id)}
        for order, (key, you_said, we_did, status, code) in enumerate(findings, start=1):
            indicator = Indicator.objects.filter(code=code).first() if code else None
            finding = Finding(
                survey=survey,
                promise=promises.get(key),
                order=order,
                you_said=you_said,
                we_did=we_did,
                status=status,
                action_type=indicator_type if indicator else None,
                action_id=indicator.pk if indicator else None,
            )
            save_audited(finding, by=officer, reason=DEMO_REASON)
            added += 1
    if added:
        out.write(f"Pledge: {added} “you said, we did” findings added for the 2025 and 2026 surveys.")
