"""Single-use access codes: how they are made, read back from what a child typed, and cancelled.

A code is 10 characters from an alphabet of 29 letters and digits with the look-alikes left out (no 0/O, 1/I/L,
U/V), chosen by the operating system's secure random generator: 29 ** 10 is about 2 ** 48.6 possible codes, so a
code cannot be guessed, and the codes of a batch follow no sequence. Codes are printed in two groups of five
("KM7QP-R3XTA") and read back forgivingly: spaces, dashes and lower case are fine.

    batch = make_batch(survey, label="Oak House", count=30, by=officer)
    found = find("km7qp r3xta")   # Found(code=<AccessCode>, problem=None), or a problem the child is told
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from django.db import transaction

from cpboard.core.locking import create_many_audited, lock, save_audited
from pledge.models import AccessCode, CodeBatch, Survey

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # no 0 O 1 I L U V
LENGTH = 10
GROUP = 5
BITS = LENGTH * math.log2(len(ALPHABET))
MAX_BATCH = 500

BATCH_MADE = "Codes made for a batch"
CODE_MADE = "Code made"
VOIDED = "Code cancelled"


class Problem:
    """Why a typed code cannot be used. The words the child reads are in pledge.views.answering."""

    EMPTY = "empty"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    VOIDED = "voided"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class Found:
    code: AccessCode | None
    problem: str | None


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """A code as printed: two groups of five."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if not ch.isspace() and ch not in "-_.")


@transaction.atomic
def make_batch(survey: Survey, *, label: str, count: int, age_band: str = "", by) -> CodeBatch:
    """A batch of `count` new codes for `survey` (at most MAX_BATCH at a time)."""
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"A batch has between 1 and {MAX_BATCH} codes.")
    batch = save_audited(CodeBatch(survey=survey, label=label, age_band=age_band), by=by, reason=BATCH_MADE)
    wanted: set[str] = set()
    while len(wanted) < count:
        wanted.add(new_code())
        if len(wanted) == count:  # a clash with an earlier batch is next to impossible; draw again if so
            wanted -= set(AccessCode.objects.filter(code__in=wanted).values_list("code", flat=True))
    create_many_audited(
        AccessCode, [AccessCode(batch=batch, code=code) for code in sorted(wanted)], by=by, reason=CODE_MADE
    )
    return batch


def find(typed: str) -> Found:
    """The code a child typed, or why it cannot be used."""
    code = normalise(typed)
    if not code:
        return Found(None, Problem.EMPTY)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return Found(None, Problem.MALFORMED)
    found = AccessCode.objects.select_related("batch__survey").filter(code=code).first()
    if found is None:
        return Found(None, Problem.UNKNOWN)
    if found.status == AccessCode.Status.VOIDED:
        return Found(found, Problem.VOIDED)
    if found.status == AccessCode.Status.SUBMITTED:
        return Found(found, Problem.SUBMITTED)
    return Found(found, None)


@transaction.atomic
def void(code: AccessCode, *, reason: str, by) -> AccessCode:
    """Cancel a code that has not been used to send answers (a lost slip, a code given out twice)."""
    locked = lock(code)
    if locked.status == AccessCode.Status.SUBMITTED:
        raise ValueError("Answers have already been sent with this code, so it cannot be cancelled.")
    locked.status = AccessCode.Status.VOIDED
    locked.void_reason = reason
    return save_audited(locked, by=by, reason=VOIDED, locked=True)
