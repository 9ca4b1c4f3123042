"""Building and publishing a meeting's board pack.

`build_pack` runs in the worker (never in a web request): it renders the meeting's agenda, with each live
section drawn from its app for a board member's eyes (`cpboard.board.sections`), into a board paper
(cover, one-page summary, contents with page numbers, the items, a key to RAG and arrows, definitions and
sources), as a tagged PDF (WeasyPrint's PDF/UA-1 variant, through the shared renderer, which fetches nothing
outside the project's static files). Attached PDFs break a tagged document if merged into it, so the
accessible pack lists them (each downloadable beside it) and a second, print PDF merges them after their
item with pypdf, bookmarks kept. Both PDFs, the HTML and the figures shown are stored with a new draft
`PackVersion`, which is never changed afterwards: a later build makes a new version.

`publish` makes a version visible to board members, and the one published before it superseded.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from cpboard.board.models import AgendaItem, Meeting, PackBuild, PackVersion, Question, Section
from cpboard.board.sections import SECTIONS, BoardReader, Figure, Rendered
from cpboard.board.services import snapshot
from cpboard.board.services.questions import matters_arising
from cpboard.core.locking import save_audited
from cpboard.core.models import StoredFile
from cpboard.core.pdf import PDF_UA, StaticOnlyFetcher, print_context, render_pdf_pages
from cpboard.core.storage import upload_storage
from cpboard.core.uploads import store_upload

NO_AGENDA = "This meeting has no agenda items yet: add at least one item before generating the pack"
CANCELLED = (
    "This meeting is cancelled, so it has no pack. If it is going ahead after all, change its status first"
)
GENERATED = "Pack generated"
PUBLISHED = "Pack published to board members"
SUPERSEDED = "Replaced by a later published version"
SUMMARY_LIMIT = 8  # lines per list on the one-page summary; the rest are counted ("and 4 more")


class PackNotReady(Exception):
    """The meeting cannot have a pack yet; the message says what is missing, for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class PackItem:
    number: int
    item: AgendaItem
    anchor: str
    live: Rendered | None = None
    questions: list[Question] = field(default_factory=list)
    attachment_pages: int | None = None
    last_minutes: LastMinutes | None = None

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.item.title}"


@dataclass
class MinutedItem:
    number: int
    title: str
    minutes: str
    decisions: list[str]


@dataclass
class LastMinutes:
    """What the "minutes of the last meeting" item puts before the board to agree: the last meeting's
    minutes and decisions, item by item (only the items something was minuted or decided under)."""

    meeting: Meeting
    items: list[MinutedItem]
    other_decisions: list[str]


def last_minutes(meeting: Meeting) -> LastMinutes | None:
    from cpboard.board.services.meetings import previous_meeting

    earlier = previous_meeting(meeting)
    if earlier is None:
        return None
    decisions: dict[int | None, list[str]] = {}
    for decision in earlier.decisions.order_by("pk"):
        decisions.setdefault(decision.item_id, []).append(decision.text)
    items = [
        MinutedItem(number, item.title, item.minutes, decisions.get(item.pk, []))
        for number, item in enumerate(earlier.items.order_by("position", "pk"), start=1)
        if item.minutes.strip() or decisions.get(item.pk)
    ]
    return LastMinutes(earlier, items, decisions.get(None, []))


@dataclass
class Shortlist:
    """A list on the one-page summary: the first SUMMARY_LIMIT lines and how many more there are."""

    lines: list[str]
    more: int = 0

    @classmethod
    def of(cls, lines: list[str]) -> Shortlist:
        return cls(lines[:SUMMARY_LIMIT], max(0, len(lines) - SUMMARY_LIMIT))


def previous_pack(meeting: Meeting) -> PackVersion | None:
    """The pack issued for the meeting before this one: its published version (else its latest issued)."""
    issued = PackVersion.objects.filter(
        meeting__starts_at__lt=meeting.starts_at,
        status__in=[PackVersion.Status.PUBLISHED, PackVersion.Status.SUPERSEDED],
    ).select_related("meeting")
    latest = issued.order_by("-meeting__starts_at").first()
    if latest is None:
        return None
    same_meeting = issued.filter(meeting=latest.meeting)
    return (
        same_meeting.filter(status=PackVersion.Status.PUBLISHED).first()
        or same_meeting.order_by("-number").first()
    )


def _definitions(items: list[PackItem]) -> list[dict]:
    """Each scorecard indicator's definition, who is counted and its sources, by DfE publication name."""
    from performance.models import Indicator
    from performance.reference.dfe_measures import MEASURES
    from performance.reference.dfe_publications import publication_for

    areas = {
        (entry.item.section_options or {}).get("area", "")
        for entry in items
        if entry.item.section == Section.SCORECARD and entry.live and not entry.live.empty
    }
    if not areas:
        return []
    indicators = Indicator.objects.active().select_related("outcome_area")
    if "" not in areas:
        indicators = indicators.filter(outcome_area__slug__in=areas)
    rows = []
    for indicator in indicators.order_by("outcome_area__order", "outcome_area__name", "order", "title"):
        measure = MEASURES.get(indicator.dfe_measure) if indicator.dfe_measure else None
        publication = publication_for(measure.file) if measure else None
        rows.append(
            {
                "indicator": indicator,
                "publication": publication.title if publication else "",
            }
        )
    return rows


def _figures_of(items: list[PackItem]) -> list[Figure]:
    return [figure for entry in items if entry.live for figure in entry.live.figures]


def _summary(meeting: Meeting, items: list[PackItem], figures: list[Figure], questions) -> dict:
    red = [f for f in figures if f.rag == "red" and f.key.startswith("scorecard:")]
    red_actions = [f for f in figures if f.key.startswith("plan:action:") and f.rag == "red"]
    overdue = [f for f in figures if f.key.startswith("plan:action:") and f.value.endswith("overdue")]
    has_scorecard = any(e.item.section == Section.SCORECARD for e in items)
    has_plan = any(e.item.section == Section.PLAN for e in items)
    previous = previous_pack(meeting)
    current = {f.key: f.as_json() for f in figures}
    moved = snapshot.movements(previous.figures if previous else {}, current)
    return {
        "red": Shortlist.of(
            [f"{f.label}: {f.value} ({f.period})" if f.period else f"{f.label}: {f.value}" for f in red]
        ),
        "red_actions": Shortlist.of([f.label for f in red_actions]),
        "overdue": Shortlist.of([f.label for f in overdue]),
        "moved": Shortlist.of([m.text for m in moved]),
        "previous": previous,
        "questions": Shortlist.of(
            [
                f"{q.text} (raised {q.meeting.starts_at:%d/%m/%Y}; to answer: {q.to_answer})"
                for q in questions
                if q.status == Question.Status.OPEN  # matters arising also reports answers given since
            ]
        ),
        "has_scorecard": has_scorecard,
        "has_plan": has_plan,
    }


def _attached(item: AgendaItem) -> StoredFile:
    """The item's attached document (only asked of items that have one)."""
    if item.attachment is None:
        raise ValueError(f"Agenda item {item.pk} has no attached document.")
    return item.attachment


def _attachment_bytes(item: AgendaItem) -> bytes:
    with upload_storage.open(_attached(item).file.name, "rb") as handle:
        return handle.read()


def _print_pdf(accessible: bytes, items: list[PackItem], anchors: list[set[str]]) -> bytes | None:
    """The accessible pack with each attachment's pages merged after its item, and its bookmarks kept
    (under one bookmark per attachment). None when there is nothing to merge."""
    with_attachments = [entry for entry in items if entry.item.attachment_id]
    if not with_attachments:
        return None
    # The page each section starts on. WeasyPrint lists a section's id on every page it runs over, so the
    # first page that lists it wins: an attachment goes before the next item's first page, not its last.
    page_of: dict[str, int] = {}
    for n, page in enumerate(anchors):
        for anchor in page:
            page_of.setdefault(anchor, n)
    order = [entry.anchor for entry in items] + ["pack-key"]
    writer = PdfWriter(clone_from=io.BytesIO(accessible))
    inserted = 0
    merged: list[tuple[int, int, int]] = []  # (first page index in the print PDF, pages, item number)
    for entry in with_attachments:
        following = order[order.index(entry.anchor) + 1]
        position = page_of.get(following, len(anchors)) + inserted  # the page after the item's last page
        data = _attachment_bytes(entry.item)
        attached = PdfReader(io.BytesIO(data))
        writer.merge(
            position,
            attached,
            outline_item=f"Attachment to item {entry.number}: {_attached(entry.item).original_name}",
            import_outline=True,
        )
        merged.append((position, len(attached.pages), entry.number))
        inserted += len(attached.pages)
    _label_pages(writer, merged, total=len(anchors) + inserted)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _label_pages(writer: PdfWriter, merged: list[tuple[int, int, int]], *, total: int) -> None:
    """Page labels, so a PDF reader's page box agrees with what is printed: the pack's own pages keep the
    numbers in their footers and contents ("Page 8 of 36") although attachments sit between them, and an
    attachment's pages read "Item 5 attachment, page 1" and so on."""
    pack_page, at = 1, 0
    for first, pages, number in merged:
        if first > at:
            writer.set_page_label(at, first - 1, style=PageLabelStyle.DECIMAL, start=pack_page)
            pack_page += first - at
        writer.set_page_label(
            first,
            first + pages - 1,
            style=PageLabelStyle.DECIMAL,
            prefix=f"Item {number} attachment, page ",
            start=1,
        )
        at = first + pages
    if at < total:
        writer.set_page_label(at, total - 1, style=PageLabelStyle.DECIMAL, start=pack_page)


def build_pack(
    build: PackBuild,
    *,
    progress: Callable[[int, str], None],
    url_fetcher: StaticOnlyFetcher | None = None,
) -> PackVersion:
    """Render the meeting's pack and keep it as a new draft version. Raises PackNotReady (with what to do)
    when the meeting cannot have one. `url_fetcher`: only to inspect what rendering fetched (tests)."""
    meeting = Meeting.objects.select_related("board").get(pk=build.meeting_id)
    agenda = list(meeting.items.select_related("attachment", "presenter").order_by("position", "pk"))
    if meeting.status == Meeting.Status.CANCELLED:
        raise PackNotReady(CANCELLED)
    if not agenda:
        raise PackNotReady(NO_AGENDA)
    progress(2, "Reading the agenda")
    reader = BoardReader()
    today = timezone.localdate()
    questions = list(matters_arising(meeting))
    items = [PackItem(n, item, f"item-{n}") for n, item in enumerate(agenda, 1)]
    sections: list[dict] = []
    live_count = max(1, sum(1 for entry in items if entry.item.section))
    done = 0
    for entry in items:
        item = entry.item
        if item.kind == AgendaItem.Kind.MATTERS_ARISING:
            entry.questions = questions
        if item.kind == AgendaItem.Kind.MINUTES:
            entry.last_minutes = last_minutes(meeting)
        if item.section and item.section in SECTIONS:
            spec = SECTIONS[item.section]
            progress(5 + 45 * done // live_count, spec.stage)
            options = spec.options(item.section_options)
            fixed = spec.fix(today, options)
            entry.live = spec.render(reader, options, fixed)
            sections.append(
                {
                    "item": item.pk,
                    "title": item.title,
                    "section": item.section,
                    "options": options,
                    "fixed": fixed,
                }
            )
            done += 1
        if item.attachment_id:
            entry.attachment_pages = len(PdfReader(io.BytesIO(_attachment_bytes(item))).pages)
    figures = _figures_of(items)
    number = (meeting.packs.aggregate(n=Max("number"))["n"] or 0) + 1
    generated_at = timezone.now()
    board = meeting.board
    progress(50, "Writing the summary and contents")
    context = {
        **print_context(),
        "protective_marking": board.protective_marking,
        "board_name": board.name,
        "title": f"{board.name}: pack for the meeting on {timezone.localtime(meeting.starts_at):%d/%m/%Y}, version {number}",
        "meeting": meeting,
        "board": board,
        "number": number,
        "generated_at": timezone.localtime(generated_at),
        "items": items,
        "summary": _summary(meeting, items, figures, questions),
        "definitions": _definitions(items),
        "with_attachments": [entry for entry in items if entry.item.attachment_id],
    }
    html = render_to_string("board/pack/pack.html", context)
    progress(55, "Laying out the pages")
    rendered = render_pdf_pages(html, url_fetcher=url_fetcher, variant=PDF_UA)
    progress(85, "Merging the attachments into the print version")
    print_bytes = _print_pdf(rendered.data, items, rendered.anchors)
    progress(92, "Storing the pack")
    by = build.requested_by
    stamp = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    with transaction.atomic():
        pdf = store_upload(
            rendered.data, name=f"board-pack-{stamp}-v{number}.pdf", kind="pdf", purpose="board-pack", by=by
        )
        print_pdf = (
            store_upload(
                print_bytes,
                name=f"board-pack-{stamp}-v{number}-print.pdf",
                kind="pdf",
                purpose="board-pack",
                by=by,
            )
            if print_bytes is not None
            else pdf
        )
        version = save_audited(
            PackVersion(
                meeting=meeting,
                number=number,
                generated_at=generated_at,
                generated_by=by,
                pdf=pdf,
                print_pdf=print_pdf,
                sha256=hashlib.sha256(rendered.data).hexdigest(),
                pages=rendered.pages,
                html=html,
                figures={
                    **snapshot.snapshot(sections, figures),
                    "attachments": [
                        {
                            "item": entry.number,
                            "title": entry.item.title,
                            "uuid": str(_attached(entry.item).uuid),
                            "name": _attached(entry.item).original_name,
                            "pages": entry.attachment_pages,
                        }
                        for entry in items
                        if entry.item.attachment_id
                    ],
                },
            ),
            by=by,
            reason=GENERATED,
        )
    progress(100, "Ready")
    return version


class OlderThanPublished(Exception):
    """A draft older than the version members read now cannot replace it (it would be marked "replaced by a
    later version", which it was not): generate a new version instead."""

    def __init__(self, version: PackVersion, published: PackVersion):
        super().__init__(
            f"Version {version.number} is older than version {published.number}, the published pack, so it "
            "cannot replace it. To change what members read, generate a new version and publish that."
        )
        self.message = str(self)


def publishable(version: PackVersion, published: PackVersion | None) -> bool:
    """A draft newer than the published version (if any)."""
    return version.status == PackVersion.Status.DRAFT and (
        published is None or version.number > published.number
    )


def publish(version: PackVersion, *, by) -> PackVersion:
    """Make `version` the pack board members read; the version published before it becomes superseded.
    Nothing in the pack itself changes: its bytes and SHA-256 are those it was built with. Raises
    OlderThanPublished for a draft older than the published version."""
    with transaction.atomic():
        version = PackVersion.objects.select_for_update().get(pk=version.pk)
        if version.status == PackVersion.Status.PUBLISHED:
            return version
        published = list(
            PackVersion.objects.select_for_update().filter(
                meeting=version.meeting_id, status=PackVersion.Status.PUBLISHED
            )
        )
        for earlier in published:
            if earlier.number > version.number:
                raise OlderThanPublished(version, earlier)
        for earlier in published:
            earlier.status = PackVersion.Status.SUPERSEDED
            save_audited(earlier, by=by, reason=SUPERSEDED, locked=True)
        version.status = PackVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = by
        return save_audited(version, by=by, reason=PUBLISHED, locked=True)
