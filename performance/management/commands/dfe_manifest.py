import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance import dfe


class Command(BaseCommand):
    help = (
        "Write data/dfe/MANIFEST.json: the SHA-256 and row count of every DfE file the project ships. Run it "
        "only after replacing the shipped files with new ones you have checked (each file is checked as it "
        "is read: complete last line, the header's field count on every row)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=str(dfe.SHIPPED_MANIFEST.parent),
            help="The folder of DfE files to describe. Default: the project's data/dfe.",
        )

    def handle(self, *args, data_dir, **options):
        try:
            manifest = dfe.build_manifest(Path(data_dir))
        except dfe.DfeFileError as error:
            raise CommandError("\n".join(error.problems)) from error
        target = Path(data_dir) / "MANIFEST.json"
        target.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {target}: {len(manifest['files'])} files."))
