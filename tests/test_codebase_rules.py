"""House rules that keep later work honest: checked over the source, so a new app is held to them too."""

from __future__ import annotations

import re
from pathlib import Path

from cpboard.core.apps import project_apps

REPO = Path(__file__).resolve().parents[1]
BULK_WRITE = re.compile(r"\.bulk_create\(|\.bulk_update\(|\.update\(\s*\*\*|\.update\(\s*\w+\s*=")
# Deliberate exceptions, each with its reason.
BULK_ALLOWED = {
    # Anonymisation scrubs the *history* rows themselves and the security log (not audited models).
    "cpboard/core/management/commands/purge_expired.py",
}


def _app_dirs() -> list[Path]:
    """Every app of ours (project_apps), plus cpboard/ itself for the wiring (settings, urls, db)."""
    return [REPO / "cpboard", *(Path(c.path) for c in project_apps() if not c.name.startswith("cpboard."))]


def _python_sources():
    for folder in _app_dirs():
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_bulk_writes_bypass_the_audit_history():
    offenders = []
    for path in _python_sources():
        relative = str(path.relative_to(REPO))
        if relative in BULK_ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if BULK_WRITE.search(line) and "with_history" not in line and "dict.update" not in line:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], (
        "Use save() or bulk_create_with_history / bulk_update_with_history:\n" + "\n".join(offenders)
    )


def test_the_product_never_says_lac():
    """Children dislike "LAC"; the product says "children in care" (or the council's configured words)."""
    pattern = re.compile(r"\bLAC\b")
    offenders = []
    for path in [
        *_python_sources(),
        *(REPO / "templates").rglob("*.html"),
        *(REPO / "cpboard").rglob("*.html"),
    ]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert offenders == []


def test_every_domain_model_keeps_history():
    from django.apps import apps

    unaudited = [
        f"{model._meta.app_label}.{model.__name__}"
        for model in apps.get_models()
        if model._meta.app_config in project_apps()
        and not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
        # append-only logs and a cache's counter (written by database triggers), not domain records
        and model.__name__ not in {"SecurityEvent", "RateLimitWindow", "Generation"}
        and model._meta.managed  # no table, no rows: core.Disclosure only carries a permission
    ]
    assert unaudited == []


def test_history_attribution_is_set_in_one_place():
    """Who made a change and why reach django-simple-history only through cpboard.core.history
    (attribute_next_save, used by save_audited and friends), so no service forgets one of them."""
    pattern = re.compile(r"\._history_user\s*=|\._change_reason\s*=")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in _python_sources()
        if path.relative_to(REPO) != Path("cpboard/core/history.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == [], "Save through cpboard.core.locking.save_audited instead:\n" + "\n".join(offenders)
