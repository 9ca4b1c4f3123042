"""Real pack builders for the build tests, named through settings.PACK_BUILDER (CPBOARD_PACK_BUILDER for a
worker subprocess): each renders a small PDF with the shared renderer, stores it and makes a draft PackVersion,
reporting progress in steps as the pack's own builder does. The gated one waits, at its second step, until a
file named by CPBOARD_TEST_BUILD_GATE exists, so a test can kill the worker while the build is running."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from cpboard.board.models import PackBuild, PackVersion
from cpboard.core.locking import save_audited
from cpboard.core.pdf import render_pdf
from cpboard.core.uploads import store_upload

GATE_STAGE = "Rendering the performance scorecard"
GATE_WAIT_SECONDS = 600  # never reached in a passing test: the test opens the gate or kills the worker


class PackNotReady(Exception):  # noqa: N818 - the pack builder's name for a refusal
    """A refusal worded for the person, as cpboard.board.services.packs.PackNotReady is."""


def _version(build: PackBuild) -> PackVersion:
    html = f"<h1>Board pack</h1><p>{escape(str(build.meeting))}</p>"
    data = render_pdf(html)
    with transaction.atomic():
        stored = store_upload(
            data, name="board-pack.pdf", kind="pdf", purpose="board-pack", by=build.requested_by
        )
        number = PackVersion.objects.filter(meeting=build.meeting).count() + 1
        version = PackVersion(
            meeting=build.meeting,
            number=number,
            generated_at=timezone.now(),
            generated_by=build.requested_by,
            pdf=stored,
            sha256=hashlib.sha256(data).hexdigest(),
            pages=1,
            html=html,
        )
        return save_audited(version, by=build.requested_by, reason="Pack generated (test builder)")


def build_in_steps(build: PackBuild, *, progress) -> PackVersion:
    for percent, stage in ((10, "Reading the agenda"), (50, GATE_STAGE), (90, "Storing the pack")):
        progress(percent, stage)
    return _version(build)


def build_at_the_gate(build: PackBuild, *, progress) -> PackVersion:
    """Waits at its second step until the gate file exists (the worker-kill test)."""
    progress(10, "Reading the agenda")
    progress(50, GATE_STAGE)
    gate = Path(os.environ["CPBOARD_TEST_BUILD_GATE"])
    deadline = time.monotonic() + GATE_WAIT_SECONDS
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    progress(90, "Storing the pack")
    return _version(build)


def build_refused(build: PackBuild, *, progress) -> PackVersion:
    progress(5, "Reading the agenda")
    raise PackNotReady(
        "This meeting has no agenda items yet: add at least one item before generating the pack"
    )


def build_broken(build: PackBuild, *, progress) -> PackVersion:
    progress(5, "Reading the agenda")
    raise RuntimeError("template board/pack/cover.html: unexpected None at line 12")
