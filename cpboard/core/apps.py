from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "cpboard.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cpboard.core import checks  # noqa: F401  (registers system checks)
        from cpboard.core.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="cpboard.core.sync_roles")
