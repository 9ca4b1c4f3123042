"""The demo council's pledge, its surveys, the children's answers and "you said, we did".

Each part seeds its own records and only adds what is missing, so running seed_demo again changes nothing. The
parts run in order: the pledge first (surveys are built from it), then the surveys, the answers, and last the
board's responses to what the answers said."""

from __future__ import annotations

from importlib import import_module

PARTS = ("pledge", "surveys", "answers", "findings")


def seed_pledge(out, *, people) -> None:
    for part in PARTS:
        import_module(f"pledge.demo.{part}").seed(out, people=people)
