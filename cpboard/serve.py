"""`cpboard serve`: start cpboard in production with gunicorn, after checking it is fit to.

    cpboard serve [--migrate]

1. Load the settings (production refuses to start with MFA off, no ALLOWED_HOSTS, debug on or a weak
   SECRET_KEY: one line, cpboard/startup.py) and run Django's system checks, with the deployment checks in
   production, failing on any warning.
2. Connect to the database (one line if it cannot), then apply migrations with --migrate, or refuse to
   start if any are not applied (new code on an old database would fail page by page).
3. Collect the static files (`collectstatic --noinput`: production serves them from CPBOARD_STATIC_ROOT,
   through a manifest of hashed names, and answers 500 without it).
4. Replace this process with gunicorn, configured by cpboard/gunicorn_conf.py from environment variables.

docs/production.md describes the variables, the reverse proxy and the systemd unit.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

GUNICORN = [
    "-m",
    "gunicorn",
    "--config",
    "python:cpboard.gunicorn_conf",
    "cpboard.wsgi:application",
]


def say(text: str) -> None:
    print(f"cpboard: {text}", flush=True)


def fail(text: str) -> NoReturn:
    sys.stderr.write(f"cpboard: {text}\n")
    sys.stderr.flush()
    raise SystemExit(1)


def serve(*, migrate: bool) -> NoReturn:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    import django

    import cpboard.gunicorn_conf  # noqa: F401  # a bad CPBOARD_WORKERS etc. stops here, before anything runs
    from cpboard.startup import RefusedToStart, exit_refused

    try:
        django.setup()
    except RefusedToStart as refusal:
        exit_refused(refusal, status=1)

    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.db import connections

    from cpboard.core.health import unapplied_migrations
    from cpboard.db import DatabaseUnavailable, check_reachable, describe

    mode = (
        "production" if settings.PRODUCTION else "local (set CPBOARD_ENVIRONMENT=production for production)"
    )
    say(f"checking the settings, {mode}")
    try:
        call_command("check", deploy=settings.PRODUCTION, fail_level="WARNING")
    except SystemCheckError as error:
        fail(f"the settings fail Django's system checks, so the server has not been started.\n{error}")

    config = settings.DATABASES["default"]
    try:
        check_reachable(config)
        if migrate:
            say(f"applying migrations to {describe(config)}")
            call_command("migrate", interactive=False, verbosity=1)
        else:
            unapplied = unapplied_migrations()
            if unapplied:
                first = ".".join(unapplied[0])
                fail(
                    f"{len(unapplied)} database migration(s) are not applied (the first is {first}), so the "
                    "server has not been started. Run `cpboard serve --migrate` (on one server only), or "
                    "`manage.py migrate`."
                )
    except DatabaseUnavailable as error:
        fail(str(error))
    finally:
        connections.close_all()  # gunicorn's workers open their own

    call_command("collectstatic", interactive=False, verbosity=0)
    say(f"static files collected in {settings.STATIC_ROOT}")

    say("starting gunicorn (cpboard/gunicorn_conf.py)")
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *GUNICORN])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="cpboard", description="Run cpboard.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    serve_parser = commands.add_parser(
        "serve",
        help="check the settings, collect static files and start the production server (gunicorn)",
        description="Check the settings, collect static files and start gunicorn (docs/production.md).",
    )
    serve_parser.add_argument(
        "--migrate",
        action="store_true",
        help="apply database migrations before starting (on one server only)",
    )
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(migrate=args.migrate)


if __name__ == "__main__":
    main()
