from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

REPOSITORY = Path(__file__).resolve().parents[2]


def project_apps() -> list[AppConfig]:
    """Our own apps, in INSTALLED_APPS order: every installed app whose code is in this repository (cpboard.*
    and the top-level theme apps), none from site-packages. Rules that must cover every app (the History page,
    the demo data, the house-rule and import-direction tests) use this list, so a new app such as
    cpboard/board or cpboard/actions is covered as soon as it is in INSTALLED_APPS."""
    ours = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(REPOSITORY):
            continue
        relative = path.relative_to(REPOSITORY).parts
        if "site-packages" in relative or any(part.startswith(".") for part in relative):  # e.g. .venv/
            continue
        ours.append(config)
    return ours


class CoreConfig(AppConfig):
    name = "cpboard.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cpboard.core import checks  # noqa: F401  (registers system checks)
        from cpboard.core.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="cpboard.core.sync_roles")
