"""`cpboard serve`'s steps in order, and gunicorn's configuration from the environment. (tests/core/test_serve.py
runs the real thing.)"""

from __future__ import annotations

import importlib
import os
import sys

import pytest
from django.core.management.base import SystemCheckError

from cpboard import serve


class Execed(Exception):
    pass


@pytest.fixture
def steps(monkeypatch):
    """Record the management commands serve runs and the program it would become, doing none of them."""
    done: list = []

    def call_command(name, **options):
        done.append(name)
        if name == "check" and done_fail.get("check"):
            raise SystemCheckError("?: (security.W004) You have not set a value for SECURE_HSTS_SECONDS.")

    def execv(path, argv):
        done.append(argv[1:])
        raise Execed

    done_fail: dict = {}
    monkeypatch.setattr("django.core.management.call_command", call_command)
    monkeypatch.setattr("cpboard.db.check_reachable", lambda config: done.append("connect"))
    monkeypatch.setattr("cpboard.core.health.unapplied_migrations", lambda: done_fail.get("unapplied", []))
    monkeypatch.setattr(os, "execv", execv)
    return done, done_fail


GUNICORN = ["-m", "gunicorn", "--config", "python:cpboard.gunicorn_conf", "cpboard.wsgi:application"]


def test_serve_checks_connects_collects_static_then_becomes_gunicorn(steps):
    done, _ = steps
    with pytest.raises(Execed):
        serve.main(["serve"])
    assert done == ["check", "connect", "collectstatic", GUNICORN]


def test_serve_applies_migrations_only_when_asked(steps):
    done, _ = steps
    with pytest.raises(Execed):
        serve.main(["serve", "--migrate"])
    assert done == ["check", "connect", "migrate", "collectstatic", GUNICORN]


def test_serve_will_not_start_new_code_on_an_unmigrated_database(steps, capsys):
    done, fail = steps
    fail["unapplied"] = [("performance", "0009_new_things"), ("performance", "0010_more")]
    with pytest.raises(SystemExit) as stopped:
        serve.main(["serve"])
    assert stopped.value.code == 1
    assert done == ["check", "connect"]  # no static files, no server
    error = capsys.readouterr().err
    assert error.startswith("cpboard: 2 database migration(s) are not applied (the first is performance.0009")
    assert "cpboard serve --migrate" in error


def test_serve_stops_when_the_system_checks_fail(steps, capsys):
    done, fail = steps
    fail["check"] = True
    with pytest.raises(SystemExit) as stopped:
        serve.main(["serve"])
    assert stopped.value.code == 1
    assert done == ["check"]
    assert "fail Django's system checks" in capsys.readouterr().err


def gunicorn_conf(monkeypatch, **env):
    for name in (
        "CPBOARD_WORKERS",
        "CPBOARD_THREADS",
        "CPBOARD_BIND",
        "CPBOARD_TIMEOUT",
        "CPBOARD_ACCESS_LOG",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import cpboard.gunicorn_conf

    return importlib.reload(cpboard.gunicorn_conf)


def test_gunicorn_defaults(monkeypatch):
    conf = gunicorn_conf(monkeypatch)
    assert conf.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert (conf.worker_class, conf.threads, conf.bind, conf.timeout) == (
        "gthread",
        2,
        ["127.0.0.1:8000"],
        60,
    )
    assert conf.preload_app is True  # settings refuse once, in the master; gc.freeze() before the fork
    assert conf.forwarded_allow_ips == "127.0.0.1,::1"
    # The path only: no query strings (%(q)s, or %(r)s, the request line with them), no referrer (%(f)s).
    assert "%(U)s" in conf.access_log_format
    assert not {"%(q)s", "%(r)s", "%(f)s"} & set(conf.access_log_format.split())


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    conf = gunicorn_conf(
        monkeypatch,
        CPBOARD_WORKERS="3",
        CPBOARD_THREADS="4",
        CPBOARD_BIND="0.0.0.0:9000, unix:/run/cpboard.sock",
    )
    assert (conf.workers, conf.threads, conf.bind) == (3, 4, ["0.0.0.0:9000", "unix:/run/cpboard.sock"])
    assert gunicorn_conf(monkeypatch, CPBOARD_ACCESS_LOG="off").accesslog is None


def test_a_wrong_worker_count_is_one_plain_line(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        gunicorn_conf(monkeypatch, CPBOARD_WORKERS="lots")
    assert (
        capsys.readouterr().err
        == "cpboard: CPBOARD_WORKERS must be a whole number of at least 1, not 'lots'.\n"
    )


def test_serve_stops_on_a_wrong_worker_count_before_it_checks_migrates_or_collects(steps, monkeypatch):
    done, _ = steps
    monkeypatch.setenv("CPBOARD_WORKERS", "lots")
    monkeypatch.delitem(sys.modules, "cpboard.gunicorn_conf", raising=False)
    with pytest.raises(SystemExit):
        serve.main(["serve", "--migrate"])
    assert done == []
