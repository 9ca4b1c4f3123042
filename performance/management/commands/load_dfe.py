import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from performance.services.dfe import dfe_load


class Command(BaseCommand):
    help = (
        "Load the DfE's published figures for the council (its own annual values) and its comparators "
        "(England, region, statistical neighbours' median) from the DfE data folder. Running it again "
        "changes nothing unless the files have changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--la-code",
            default=settings.COUNCIL_LA_CODE,
            help=f"The DfE (old) local-authority code. Default: {settings.COUNCIL_LA_CODE}.",
        )
        parser.add_argument(
            "--data-dir",
            default=str(settings.DFE_DATA_DIR),
            help="The folder holding the DfE CSV files. Default: the CPBOARD_DFE_DATA_DIR setting.",
        )

    def handle(self, *args, la_code, data_dir, **options):
        started = time.monotonic()
        try:
            summary = dfe_load(la_code=la_code, data_dir=data_dir, by=None)
        except KeyError as error:
            raise CommandError(f"The DfE files have no local authority with code {la_code!r}.") from error
        except FileNotFoundError as error:
            raise CommandError(f"A DfE data file is missing: {error.filename}. Check --data-dir.") from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
        self.stdout.write(f"Took {time.monotonic() - started:.1f} seconds.")
