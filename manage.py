#!/usr/bin/env python
"""Django's command-line utility for cpboard."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    from cpboard.db import DatabaseUnavailable

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except DatabaseUnavailable as error:
        sys.stderr.write(f"cpboard: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
