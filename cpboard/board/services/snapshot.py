"""What a pack showed, and what has changed since.

When a pack is built, each live section's figures are stored with the version (`PackVersion.figures`):

    {"sections": [{"item": 12, "title": "Performance", "section": "scorecard", "options": {...},
                   "fixed": {"as_at_period": 31}}, ...],
     "values": {"scorecard:CL-EET": {"label": "...", "value": "54.0%", "period": "2026-27 Q2", "rag": "amber"},
                ...}}

`fixed` pins what each section was "as at" (the quarter, the day, the half-year), so `changes_since` can
work the same sections out again today, for the same reader, and say which figures differ: a correction
entered after the pack was issued ("Care leavers in education, employment or training, 2026-27 Q2: 54.0% in
the pack, now 58.0%"). The stored pack itself never changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpboard.board.models import PackVersion
from cpboard.board.sections import SECTIONS, BoardReader, Figure


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    period: str
    was: str
    now: str

    @property
    def text(self) -> str:
        what = f"{self.label}, {self.period}" if self.period else self.label
        return f"{what}: {self.was} in the pack, now {self.now}"

    def __str__(self) -> str:
        return self.text


NO_LONGER_SHOWN = "no longer shown"


def figures_now(sections: list[dict], reader: BoardReader | None = None) -> dict[str, dict]:
    """The figures the stored sections give today (same options, same "as at", same reader)."""
    reader = reader or BoardReader()
    values: dict[str, dict] = {}
    for entry in sections:
        spec = SECTIONS.get(entry["section"])
        if spec is None:
            continue
        for figure in spec.figures(reader, entry.get("options") or {}, entry.get("fixed") or {}):
            values[figure.key] = figure.as_json()
    return values


def snapshot(sections: list[dict], figures: list[Figure]) -> dict:
    return {"sections": sections, "values": {f.key: f.as_json() for f in figures}}


def changes_since(version: PackVersion) -> list[Change]:
    """What the pack's figures are now, where they differ from what it showed."""
    stored = version.figures or {}
    was = stored.get("values", {})
    if not was:
        return []
    now = figures_now(stored.get("sections", []))
    changes = []
    for key, then in was.items():
        current = now.get(key)
        if current is None:
            changes.append(Change(key, then["label"], then.get("period", ""), then["value"], NO_LONGER_SHOWN))
        elif current["value"] != then["value"] or current.get("period", "") != then.get("period", ""):
            now_text = current["value"]
            if current.get("period", "") != then.get("period", ""):
                now_text = f"{now_text} ({current['period']})"
            changes.append(Change(key, then["label"], then.get("period", ""), then["value"], now_text))
    return changes


@dataclass(frozen=True)
class Movement:
    """A figure that moved between the last meeting's pack and this one."""

    label: str
    before: str
    after: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.before} at the last meeting, {self.after} now"


def movements(previous: dict, current: dict[str, dict]) -> list[Movement]:
    """Figures in both the last meeting's pack and this one whose value (or RAG) is different."""

    def shown(figure: dict) -> str:
        return f"{figure['value']} ({figure['period']})" if figure.get("period") else figure["value"]

    before = (previous or {}).get("values", {})
    moved = []
    for key, figure in current.items():
        old = before.get(key)
        if old is None or key.startswith("plan:action:"):
            continue
        if old["value"] != figure["value"] or old.get("rag", "") != figure.get("rag", ""):
            moved.append(Movement(figure["label"], shown(old), shown(figure)))
    return moved
