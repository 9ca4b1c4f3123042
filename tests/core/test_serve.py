"""The production server itself: gunicorn started as a subprocess, the way a council starts it.

Settings refuse unsafe production values whichever way the app starts (gunicorn never runs system checks);
`cpboard serve` checks, collects static files and serves signed-in pages; with the database gone it answers
a 503 page with Retry-After and comes back by itself when the database does. The database is this test
session's own, reached through a small TCP proxy the test can close and open again.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client, override_settings

from tests.conftest import make_person, signed_in
from tests.security.support import REPO, production_env

pytestmark = pytest.mark.xdist_group("gunicorn")

HOST = "cpboard.example.gov.uk"
BOOT_SECONDS = 90  # generous: two cores shared with other test sessions
CPBOARD = Path(sys.executable).parent / "cpboard"  # the console script from pyproject's [project.scripts]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpboard.settings", **production_env(), **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in a deployment
    return env


def run_until_exit(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=BOOT_SECONDS, check=False
    )


PLAIN_GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "1"]
OUR_CONFIG = [sys.executable, "-m", "gunicorn", "--config", "python:cpboard.gunicorn_conf"]


@pytest.mark.parametrize(
    ("setting", "said", "how"),
    [
        ({"CPBOARD_MFA_REQUIRED": "false"}, "multi-factor authentication is switched off", PLAIN_GUNICORN),
        ({"CPBOARD_MFA_REQUIRED": "false"}, "multi-factor authentication is switched off", OUR_CONFIG),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be a random value of at least 50 characters", PLAIN_GUNICORN),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be a random value", PLAIN_GUNICORN),
        ({"CPBOARD_DEBUG": "true"}, "CPBOARD_DEBUG is on", PLAIN_GUNICORN),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is not set", PLAIN_GUNICORN),
        ({"CPBOARD_LA_CODE": ""}, "CPBOARD_LA_CODE is not set", PLAIN_GUNICORN),
    ],
    ids=[
        "mfa-off",
        "mfa-off-preloaded",
        "no-secret-key",
        "short-secret-key",
        "debug-on",
        "no-allowed-hosts",
        "no-council-code",
    ],
)
def test_gunicorn_refuses_to_serve_unsafe_production_settings(setting, said, how):
    port = free_port()
    command = [*how, "--bind", f"127.0.0.1:{port}", "cpboard.wsgi:application"]
    result = run_until_exit(
        command, server_env(CPBOARD_BIND=f"127.0.0.1:{port}", CPBOARD_WORKERS="1", **setting)
    )
    assert result.returncode != 0
    refusals = [line for line in result.stderr.splitlines() if line.startswith("cpboard will not start")]
    assert refusals, result.stderr
    assert said in refusals[0]
    assert "Traceback" not in result.stderr
    # gunicorn's master stopped at once rather than starting worker after worker (exit status 4).
    assert result.stderr.count("Booting worker") <= 1


def test_cpboard_serve_refuses_with_one_line_and_starts_nothing():
    result = run_until_exit([str(CPBOARD), "serve"], server_env(CPBOARD_MFA_REQUIRED="false"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cpboard will not start in production: multi-factor authentication is switched off "
        "(CPBOARD_MFA_REQUIRED=false): only a local demo may run without it."
    ]
    assert "gunicorn" not in result.stdout


def test_the_asgi_application_refuses_too():
    code = "import cpboard.asgi"
    result = run_until_exit([sys.executable, "-c", code], server_env(CPBOARD_DEBUG="true"))
    assert result.returncode != 0
    assert result.stderr.startswith("cpboard will not start in production: CPBOARD_DEBUG is on")
    assert "Traceback" not in result.stderr


class DatabaseProxy:
    """A TCP port in front of the test database. close() is the database going away (new connections are
    refused, open ones cut); open() brings it back on the same port."""

    def __init__(self, settings_dict: dict):
        host, port = settings_dict.get("HOST") or "localhost", int(settings_dict.get("PORT") or 5432)
        self.target: tuple = (
            (socket.AF_UNIX, f"{host}/.s.PGSQL.{port}")
            if host.startswith("/")
            else (socket.AF_INET, (host, port))
        )
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.open()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self) -> None:
        if self.listener is not None:
            for closing in (self.listener, *self.sockets):
                with contextlib.suppress(OSError):
                    closing.shutdown(socket.SHUT_RDWR)
                closing.close()
            self.listener, self.sockets = None, []

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            family, address = self.target
            upstream = socket.socket(family, socket.SOCK_STREAM)
            try:
                upstream.connect(address)
            except OSError:
                client.close()
                continue
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for done in (source, sink):
            with contextlib.suppress(OSError):
                done.shutdown(socket.SHUT_RDWR)

    def url(self, settings_dict: dict) -> str:
        user = quote(settings_dict.get("USER") or "postgres", safe="")
        password = settings_dict.get("PASSWORD") or ""
        credentials = f"{user}:{quote(password, safe='')}" if password else user
        return f"postgres://{credentials}@127.0.0.1:{self.port}/{quote(settings_dict['NAME'], safe='')}"


def fetch(port: int, path: str, *, cookie: str = "", secure: bool = True) -> tuple[int, dict, str]:
    headers = {"Host": HOST}
    if secure:
        headers["X-Forwarded-Proto"] = "https"  # what the TLS-terminating proxy sends
    if cookie:
        headers["Cookie"] = cookie
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        conn.close()


def wait_until_up(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"cpboard serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if fetch(port, "/healthz", secure=False)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"cpboard serve did not answer within {BOOT_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)  # the server is another process: it sees only committed rows
def test_cpboard_serve_serves_signed_in_pages_and_a_503_while_the_database_is_away(tmp_path):
    secret_key = production_env()["SECRET_KEY"]
    with override_settings(SECRET_KEY=secret_key):  # the session is signed with the server's key
        officer = make_person("officer", first_name="Olive", last_name="Officer")
        session = signed_in(Client(), officer).cookies["sessionid"].value
    connection.ensure_connection()  # the embedded server's socket and port are filled in on connecting
    proxy = DatabaseProxy(connection.settings_dict)
    port = free_port()
    log = tmp_path / "server.log"
    env = server_env(
        SECRET_KEY=secret_key,
        DATABASE_URL=proxy.url(connection.settings_dict),
        CPBOARD_BIND=f"127.0.0.1:{port}",
        CPBOARD_WORKERS="1",
        CPBOARD_THREADS="2",
        CPBOARD_STATIC_ROOT=str(tmp_path / "static"),
        CPBOARD_DB_CONNECT_TIMEOUT="3",
        CPBOARD_LOG_LEVEL="WARNING",
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(CPBOARD), "serve"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(process, port, log)
        cookie = f"sessionid={session}"

        assert fetch(port, "/readyz", secure=False)[::2] == (200, "ok\n")
        status, _, sign_in = fetch(port, "/account/sign-in/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/css/cpboard\.[0-9a-f]{12}\.css)"', sign_in)
        assert stylesheet, "collectstatic's hashed names are in the page"
        assert fetch(port, stylesheet.group(1))[0] == 200
        status, headers, home = fetch(port, "/", cookie=cookie)
        assert status == 200
        assert "Olive Officer" in home
        assert "camera=()" in headers["permissions-policy"]

        proxy.close()  # the database goes away
        status, headers, page = fetch(port, "/", cookie=cookie)
        assert status == 503
        assert headers["retry-after"] == "30"
        assert "Sorry, the service is unavailable" in page
        assert "Traceback" not in page
        assert "Olive Officer" not in page
        assert fetch(port, "/readyz", secure=False)[::2] == (
            503,
            "not ready: the database cannot be reached\n",
        )
        assert fetch(port, "/healthz", secure=False)[::2] == (200, "ok\n")

        proxy.open()  # it comes back: no restart
        status, _, home = fetch(port, "/", cookie=cookie)
        assert status == 200
        assert "Olive Officer" in home
        assert fetch(port, "/readyz", secure=False)[0] == 200
    finally:
        stop(process)
        proxy.close()
    output = log.read_text()
    assert "cpboard: static files collected in" in output
    unavailable = [line for line in output.splitlines() if "Database unavailable (503): GET /: " in line]
    assert len(unavailable) == 1, output
    assert "Traceback" not in output
    assert "Service Unavailable: /readyz" not in output  # probes during an outage are not logged
