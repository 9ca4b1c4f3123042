import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from performance import dfe
from performance.services.dfe import DfeLoadRefused, dfe_load

NOTHING_SAVED = "Nothing was loaded."


class Command(BaseCommand):
    help = (
        "Load the DfE's published figures for the council (its own annual values) and its comparators "
        "(England, region, statistical neighbours' median) from the DfE data folder. Every file is checked "
        "first (complete, every row and figure sound) and nothing is saved unless all are. Running it again "
        "changes nothing unless the files have changed; figures officers entered by hand are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--la-code",
            default=settings.COUNCIL_LA_CODE,
            help=f"The DfE (old) local-authority code. Default: CPBOARD_LA_CODE ({settings.COUNCIL_LA_CODE}).",
        )
        parser.add_argument(
            "--data-dir",
            default=str(settings.DFE_DATA_DIR),
            help="The folder holding the DfE CSV files. Default: the CPBOARD_DFE_DATA_DIR setting.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="The database holds another council's DfE figures: remove that council's own figures and its "
            "regional and statistical-neighbour comparators (History keeps them) and load this council's.",
        )
        parser.add_argument(
            "--allow-missing",
            action="store_true",
            help="Load even though some indicators that had DfE figures would receive none (their earlier "
            "figures are kept as they are). Only when the DfE has really stopped publishing them.",
        )

    def handle(self, *args, la_code, data_dir, replace, allow_missing, **options):
        started = time.monotonic()
        try:
            summary = dfe_load(
                la_code=la_code, data_dir=data_dir, by=None, replace=replace, allow_missing=allow_missing
            )
        except KeyError as error:
            raise CommandError(
                f"The DfE files have no local authority with code {la_code!r}. {NOTHING_SAVED} Give the "
                "council's DfE (old) local-authority code with --la-code or CPBOARD_LA_CODE."
            ) from error
        except dfe.DfeFileError as error:
            raise CommandError(
                f"The DfE files in {data_dir} cannot be used. {NOTHING_SAVED}\n" + "\n".join(error.problems)
            ) from error
        except DfeLoadRefused as refused:
            raise CommandError(refused.message) from refused
        lines = summary.lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(self.style.ERROR(line) if line.startswith("WARNING") else line)
        self.stdout.write(f"Took {time.monotonic() - started:.1f} seconds.")
