"""`{% pack_panel meeting %}`: the meeting page's board-pack panel. It lists the versions the reader may see
(published ones for board members; drafts too for the people who build packs), each with its SHA-256 and
downloads (the accessible pack, the print pack and the documents attached when it was built), a publish
button for drafts, and, for the version members read now, what has changed in the data since it was issued."""

from __future__ import annotations

from django import template

from cpboard.board.models import PackVersion
from cpboard.board.services.packs import publishable
from cpboard.board.services.snapshot import changes_since

register = template.Library()


@register.inclusion_tag("board/_pack_panel.html", takes_context=True)
def pack_panel(context, meeting):
    user = context["request"].user
    versions = list(
        PackVersion.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("pdf", "print_pdf", "generated_by", "published_by")
        .order_by("-number")
    )
    current = next((v for v in versions if v.status == PackVersion.Status.PUBLISHED), None)
    publishable_ids = {v.pk for v in versions if publishable(v, current)}
    if current is None and versions and user.has_perm("board.generate_pack"):
        current = versions[0]  # builders: the newest draft, before anyone publishes it
    can_generate = user.has_perm("board.generate_pack")
    return {
        "meeting": meeting,
        "versions": versions,
        "current": current,
        "changes": changes_since(current) if current is not None else [],
        "can_generate": can_generate,
        "can_publish": user.has_perm("board.publish_pack"),
        "publishable": publishable_ids,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }
