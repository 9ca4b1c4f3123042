#!/usr/bin/env python
"""Django's command-line utility for cpboard."""

import os
import sys

# Commands that can run without a database; every other command checks it can connect first, so a wrong
# DATABASE_URL is one clear line rather than a traceback. With DATABASE_URL unset that check starts the embedded
# server (settings never do: cpboard/db/__init__.py), and a server that cannot start is one line too.
NO_DATABASE_COMMANDS = {
    "help",
    "check",
    "makemigrations",
    "collectstatic",
    "version",
    "--version",
    "--help",
    "-h",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    from cpboard.db import DatabaseUnavailable, check_reachable
    from cpboard.startup import RefusedToStart, exit_refused

    try:
        from django.conf import settings
        from django.core.management import execute_from_command_line

        databases = settings.DATABASES  # loads settings: production refuses here, whatever the command
        command = sys.argv[1] if len(sys.argv) > 1 else "help"
        if command not in NO_DATABASE_COMMANDS:
            check_reachable(databases["default"])
        execute_from_command_line(sys.argv)
    except RefusedToStart as refusal:
        exit_refused(refusal, status=1)
    except DatabaseUnavailable as error:
        sys.stderr.write(f"cpboard: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
