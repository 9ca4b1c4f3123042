from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cpboard.accounts"
    label = "accounts"
    verbose_name = "People and sign-in"

    def ready(self) -> None:
        from cpboard.accounts import signals  # noqa: F401
