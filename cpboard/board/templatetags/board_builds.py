"""`{% pack_build_state meeting as state %}`: the meeting's latest pack build for the progress region
(templates/board/_build_progress.html), after queueing again or failing a build whose worker stopped, so a
dead worker's build is noticed whenever the page is looked at, even with no worker running; and
`{% pack_refresh_url meeting %}`, the link that draws the page again."""

from __future__ import annotations

import time

from django import template

from cpboard.board.models import Meeting
from cpboard.board.services.builds import BuildState, build_state

register = template.Library()


@register.simple_tag
def pack_build_state(meeting: Meeting) -> BuildState | None:
    return build_state(meeting)


@register.simple_tag
def pack_refresh_url(meeting: Meeting) -> str:
    """The meeting page again, at the pack panel. The query differs every time the page is drawn: a link to
    the page's own address plus a #fragment only scrolls, so "Refresh this page" would do nothing."""
    return f"{meeting.get_absolute_url()}?refreshed={time.time_ns() // 1_000_000}#pack-build"
