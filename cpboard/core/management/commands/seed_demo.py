"""The demo council. Each app brings its own demo data, named on its AppConfig (so core imports no app):

    demo_people = "cpboard.accounts.demo.seed_people"      # exactly one app: seed_people(out) -> {username: person}
    demo = "performance.demo.seed_performance"            # any app: seed_performance(out, *, people)

The people come first; then every app's `demo`, in INSTALLED_APPS order. Each function must be idempotent:
running seed_demo again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from cpboard.core.apps import project_apps


def demo_functions() -> tuple[str, list[str]]:
    """The dotted path of the one function that creates the demo people, and every app's demo function."""
    people = [name for config in project_apps() if (name := getattr(config, "demo_people", ""))]
    if len(people) != 1:
        raise CommandError(
            f"Exactly one app must name its demo people (demo_people); found {people or 'none'}."
        )
    return people[0], [name for config in project_apps() if (name := getattr(config, "demo", ""))]


class Command(BaseCommand):
    help = (
        "Create the fictional Thistledon Council's board, people and data. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo council cannot be created in production mode.")
        seed_people, seeds = demo_functions()
        with transaction.atomic():
            people = import_string(seed_people)(self.stdout)
            for seed in seeds:
                import_string(seed)(self.stdout, people=people)
        self.stdout.write(self.style.SUCCESS(f"Demo council ready: {settings.COUNCIL_NAME}."))
