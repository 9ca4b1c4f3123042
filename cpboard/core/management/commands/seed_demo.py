from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cpboard.accounts.demo import seed_people


class Command(BaseCommand):
    help = (
        "Create the fictional Thistledon Council's board, people and data. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo council cannot be created in production mode.")
        with transaction.atomic():
            people = seed_people(self.stdout)
            from performance.demo import seed_performance

            seed_performance(self.stdout, people=people)
        self.stdout.write(self.style.SUCCESS(f"Demo council ready: {settings.COUNCIL_NAME}."))
