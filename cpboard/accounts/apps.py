from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cpboard.accounts"
    label = "accounts"
    verbose_name = "People and sign-in"
    demo_people = "cpboard.accounts.demo.seed_people"  # run first by seed_demo; the others get its people

    def ready(self) -> None:
        from cpboard.accounts import signals  # noqa: F401
