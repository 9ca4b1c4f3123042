"""`{% pack_panel meeting %}`: the meeting page's board-pack panel, listing the pack versions the reader may
see (published ones for board members; drafts too for the people who build packs)."""

from __future__ import annotations

from django import template

from cpboard.board.models import PackVersion

register = template.Library()


@register.inclusion_tag("board/_pack_panel.html", takes_context=True)
def pack_panel(context, meeting):
    user = context["request"].user
    versions = list(
        PackVersion.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("pdf", "print_pdf")
        .order_by("-number")
    )
    return {
        "meeting": meeting,
        "versions": versions,
        "can_generate": user.has_perm("board.generate_pack"),
        "request": context["request"],
    }
