"""The one cache cpboard uses: Django's database cache (CACHES["default"], table `cpboard_cache`), which every
app server shares because it lives in PostgreSQL (docs/several-servers.md). Nothing keeps state in a
process's memory.

What may be cached is what is the same for everyone in a class of people, for a given state of the records it
was built from: the key names the class (who may see drafts, who may see small numbers) and the records'
generation (cpboard.core.models.Generation, bumped by database triggers in the writing transaction), so a
change shows at once on every server and nobody is ever shown what another class may see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

TIMEOUT = 6 * 3600  # a safety net only: a change of generation is what retires an entry


def generation(name: str) -> int:
    """The current generation of `name` (0 before its first write). One small query."""
    from cpboard.core.models import Generation

    found = Generation.objects.filter(name=name).values_list("value", flat=True).first()
    return found or 0


def stamp(name: str) -> str:
    """What a cache key names the state of `name` by: its generation and the transaction that last wrote its row
    (PostgreSQL's xmin). The counter alone restarts when its row is emptied (`manage.py flush`, a hand-made
    delete) while the cache table, which is no model's, keeps its entries: the new figures' writes would bring
    the counter back to numbers whose entries were drawn from the old figures. A transaction id is never
    reused that way, so a re-made row never names an old entry. One small query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT value, xmin::text FROM core_generation WHERE name = %s", [name])
        found = cursor.fetchone()
    return f"{found[0]}.{found[1]}" if found else "0"


def key(*parts: object) -> str:
    """A cache key from its parts (hashed: keys have a length limit and the parts may hold any text)."""
    return "cpboard:" + hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def get_or_build(cache_key: str, build: Callable[[], Any], *, timeout: int = TIMEOUT) -> tuple[Any, bool]:
    """(value, was it cached). `build` runs only on a miss; its result is stored for the next person."""
    found = cache.get(cache_key)
    if found is not None:
        return found, True
    value = build()
    cache.set(cache_key, value, timeout)
    return value, False


def clear() -> None:
    cache.clear()
