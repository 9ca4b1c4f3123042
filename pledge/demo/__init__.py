"""The demo council's pledge, its surveys, the children's answers and "you said, we did".

Each part seeds its own records and only adds what is missing, so running seed_demo again changes nothing. The
parts run in order: the pledge first (surveys are built from it), then the surveys, the answers, and last the
board's responses to what the answers said."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

PARTS = ("pledge", "surveys", "answers", "findings")


def seed_pledge(out, *, people) -> None:
    for part in PARTS:
        name = f"pledge.demo.{part}"
        if find_spec(name) is None:  # a part written separately that this copy of the app does not have
            continue
        import_module(name).seed(out, people=people)
