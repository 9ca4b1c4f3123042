"""Checking children's messages before the board reads them: approve (as written, or with names and other
details taken out) or withhold. The child's own words stay in their `Answer`, which only officers who check
messages see; the board reads `Message.shown_text`, and only once it is approved."""

from __future__ import annotations

from django.db import transaction

from cpboard.core.locking import StaleEdit, lock, save_audited
from pledge.models import Message

APPROVED = "Approved as the child wrote it"
EDITED = "Approved with personal details taken out"
WITHHELD = "Withheld from the board"


def _locked(message: Message, version: int | None) -> Message:
    current = lock(message, "answer")
    if version is None or version != current.version:
        raise StaleEdit(current=current)
    return current


@transaction.atomic
def approve(message: Message, *, shown_text: str, version: int | None, by) -> Message:
    """The board will see `shown_text`: the child's words, or those words with details taken out."""
    current = _locked(message, version)
    current.status = Message.Status.APPROVED
    current.shown_text = shown_text.strip()
    current.withheld_reason = ""
    reason = APPROVED if current.shown_text == current.answer.text.strip() else EDITED
    return save_audited(current, by=by, reason=reason, locked=True)


@transaction.atomic
def withhold(message: Message, *, reason: str, version: int | None, by) -> Message:
    """The board will not see this message; officers keep the reason."""
    current = _locked(message, version)
    current.status = Message.Status.WITHHELD
    current.shown_text = ""
    current.withheld_reason = reason.strip()
    return save_audited(current, by=by, reason=WITHHELD, locked=True)
