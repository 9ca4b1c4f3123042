from django.core.management.base import BaseCommand

from performance.services.catalogue import catalogue_load


class Command(BaseCommand):
    help = (
        "Add the standard outcome areas and indicator catalogue. Only adds what is missing: indicators that "
        "already exist (perhaps edited by an officer) are left as they are."
    )

    def handle(self, *args, **options):
        counts = catalogue_load(by=None)
        self.stdout.write(self.style.SUCCESS(str(counts)))
