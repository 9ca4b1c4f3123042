"""`{% pack_build_state meeting as state %}`: the meeting's latest pack build for the progress region
(templates/board/_build_progress.html), after queueing again or failing a build whose worker stopped, so a
dead worker's build is noticed whenever the page is looked at, even with no worker running."""

from __future__ import annotations

from django import template

from cpboard.board.models import Meeting
from cpboard.board.services.builds import BuildState, build_state

register = template.Library()


@register.simple_tag
def pack_build_state(meeting: Meeting) -> BuildState | None:
    return build_state(meeting)
