"""Fifty councillors at once: `cpboard serve` in production mode against a big board, loaded by 50 signed-in
people, then a saturation run. Prints figures; asserts nothing (the goal, 100 ms p95, is in the notes).

    .venv/bin/python bench/load.py [--seconds 60] [--users 50] [--concurrency 16] [--saturate-seconds 20]
                                   [--workers 5] [--threads N] [--repo PATH]

1. Builds a database `load_cpboard` on the local (embedded) PostgreSQL with bench/dashboard.py's data
   (60 indicators x 12 years of quarters, targets, three comparators a year), every quarter signed off so board
   members see it, and 50 board members, each with a password and a TOTP device.
2. Starts `cpboard serve` as production does (CPBOARD_ENVIRONMENT=production, MFA on, gunicorn with
   cpboard/gunicorn_conf.py: CPBOARD_WORKERS workers, gthread with CPBOARD_THREADS threads unless --threads),
   on a free loopback port, behind no proxy but saying X-Forwarded-Proto: https as the proxy does.
3. Signs each person in through the forms: password, then the TOTP code django_otp.oath.TOTP computes from the
   device's key (a real authenticator would show the same).
4. The mix: 50 people, each looping dashboard -> one indicator page -> home, pausing 1 s after each page, for
   --seconds; a prober asks /healthz every 0.1 s in the same run (the floor: a request that does nothing).
5. Saturation: --concurrency clients with no pauses on the dashboard, then on indicator pages, with the
   /healthz prober again. Prints p50/p95/p99, requests a second, and each page's ratio to /healthz.

--repo serves (and builds the data with) another checkout's code, e.g. a worktree at main for "before"
figures: `git worktree add /tmp/cpboard-main main && .venv/bin/python bench/load.py --repo /tmp/cpboard-main`.
The client runs on the same cores as the server, as a councillor's browser does not: its own CPU is part of
every figure, the same before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parents[1]
PYTHON = HERE / ".venv" / "bin" / "python"
HOST = "cpboard.load.test"
ORIGIN = f"https://{HOST}"
DB_NAME = "load_cpboard"
PASSWORD = "load-" + secrets.token_urlsafe(12)


# --- Data: run in a subprocess with the served code on sys.path ---------------------------------------------


def build(users: int, password: str, role: str = "board_member") -> None:
    """Create load_cpboard (migrated), fill it, print the connection details and the people as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    os.environ["CPBOARD_TEST_DATABASE"] = DB_NAME
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from simple_history.utils import bulk_create_with_history

    sys.path.insert(0, str(HERE / "bench"))
    from dashboard import build_data  # type: ignore[import-not-found]

    from cpboard.accounts.models import User
    from cpboard.core.roles import ROLES
    from performance.models import Period, QuarterReturn

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    build_data()
    bulk_create_with_history(  # audited like every other write, as bench/dashboard.py's data is
        [
            QuarterReturn(period=p, status=QuarterReturn.Status.SIGNED_OFF)
            for p in Period.objects.filter(kind=Period.Kind.QUARTER)
        ],
        QuarterReturn,
    )
    group = Group.objects.get(name=ROLES[role].name)
    people = []
    for n in range(users):
        person = User.objects.create_user(f"load-member-{n}", password=password, first_name=f"Member {n}")
        person.groups.set([group])
        device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
        people.append({"username": person.username, "key": device.key})
    from cpboard.db import embedded_server

    config = embedded_server(Path(connection.settings_dict["DATA_DIR"]))
    print(
        "LOAD-JSON "
        + json.dumps(
            {
                "host": str(config.get("HOST") or ""),
                "port": str(config.get("PORT") or ""),
                "user": str(config.get("USER") or ""),
                "people": people,
            }
        )
    )


def drop() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    import django

    django.setup()
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def in_repo(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), str(Path(__file__).resolve()), *args],
        cwd=repo,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        check=True,
    )


# --- A person at a browser ----------------------------------------------------------------------------------


class Person:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, dict, str, float]:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "cpboard-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(fields or {}).encode()
            headers |= {
                "Origin": ORIGIN,
                "Referer": ORIGIN + path,
                "Content-Type": "application/x-www-form-urlencoded",
            }
        began = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
        except OSError:
            return 0, {}, "", time.perf_counter() - began
        finally:
            conn.close()
        seconds = time.perf_counter() - began
        for value in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                if morsel.value:
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return (
            raw.status,
            {k.lower(): v for k, v in raw.getheaders()},
            data.decode("utf-8", "replace"),
            seconds,
        )

    def form(self, path: str, fields: dict) -> tuple[int, dict]:
        _, _, page, _ = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError(f"no form on {path}")
        status, headers, _, _ = self.request("POST", path, {"csrfmiddlewaretoken": token[1], **fields})
        return status, headers

    def sign_in(self, username: str, key: str) -> None:
        from django_otp.oath import TOTP

        status, _ = self.form("/account/sign-in/", {"username": username, "password": PASSWORD})
        assert status == 302, f"sign-in refused for {username}: {status}"
        code = f"{TOTP(bytes.fromhex(key)).token():06d}"
        status, _ = self.form("/account/verify/", {"code": code})
        assert status == 302, f"TOTP code refused for {username}: {status}"
        status, _, page, _ = self.request("GET", "/performance/")
        assert status == 200, f"dashboard {status} for {username}"


# --- Measuring ----------------------------------------------------------------------------------------------


class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_page: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}

    def add(self, page: str, status: int, seconds: float) -> None:
        with self.lock:
            if status == 200:
                self.by_page.setdefault(page, []).append(seconds * 1000)
            else:
                self.errors[page] = self.errors.get(page, 0) + 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(title: str, timings: Timings, seconds: float) -> None:
    print(f"\n{title} ({seconds:.0f} s)")
    floor = timings.by_page.get("/healthz", [])
    base = {p: percentile(floor, p) for p in (50, 95, 99)} if floor else {}
    print(f"  {'page':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  vs /healthz")
    for page, values in sorted(timings.by_page.items(), key=lambda item: item[0] == "/healthz"):
        p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
        ratio = (
            f"  p50 x{p50 / base[50]:.1f}, p95 x{p95 / base[95]:.1f}" if base and page != "/healthz" else ""
        )
        print(
            f"  {page:<16}{len(values):>9}{len(values) / seconds:>8.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{ratio}"
        )
    if timings.errors:
        print(f"  errors (not 200): {timings.errors}")


def prober(port: int, timings: Timings, stop: threading.Event) -> None:
    probe = Person(port)
    while not stop.is_set():
        status, _, _, seconds = probe.request("GET", "/healthz")
        timings.add("/healthz", status, seconds)
        stop.wait(0.1)


def page_name(path: str) -> str:
    if path.startswith("/performance/indicators/"):
        return "indicator page"
    return {"/performance/": "dashboard", "/": "home"}.get(path, path)


def mix(people: list[Person], codes: list[str], seconds: float) -> None:
    timings, stop = Timings(), threading.Event()

    def person_loop(person: Person) -> None:
        time.sleep(random.random())  # people do not all click at the same instant
        while not stop.is_set():
            for path in ("/performance/", f"/performance/indicators/{random.choice(codes)}/", "/"):
                if stop.is_set():
                    return
                status, _, _, took = person.request("GET", path)
                timings.add(page_name(path), status, took)
                stop.wait(1.0)

    threads = [threading.Thread(target=person_loop, args=(p,)) for p in people]
    threads.append(threading.Thread(target=prober, args=(people[0].port, timings, stop)))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    report(f"{len(people)} signed-in people, 1 s between pages", timings, seconds)


def saturate(people: list[Person], paths, label: str, concurrency: int, seconds: float) -> None:
    timings, stop = Timings(), threading.Event()

    def hammer(person: Person) -> None:
        while not stop.is_set():
            path = paths()
            status, _, _, took = person.request("GET", path)
            timings.add(page_name(path), status, took)

    threads = [threading.Thread(target=hammer, args=(people[i % len(people)],)) for i in range(concurrency)]
    threads.append(threading.Thread(target=prober, args=(people[0].port, timings, stop)))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    report(f"saturation: {concurrency} clients, no pauses, {label}", timings, seconds)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(repo: Path, data: dict, *, workers: int, threads: int = 0, **extra: str):
    """`cpboard serve` (production settings) on a free loopback port against load_cpboard; waits for /healthz.
    Returns (process, port, work folder)."""
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="cpboard-load-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(repo),
        "CPBOARD_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": ORIGIN,
        "CPBOARD_LA_CODE": "813",
        "DATABASE_URL": f"postgres://{data['user']}@/{DB_NAME}",
        "PGHOST": data["host"],  # the embedded server's socket directory (a URL cannot carry it)
        "PGPORT": data["port"],
        "CPBOARD_BIND": f"127.0.0.1:{port}",
        "CPBOARD_WORKERS": str(workers),
        "CPBOARD_SSL_REDIRECT": "false",
        "CPBOARD_ACCESS_LOG": "off",
        "CPBOARD_STATIC_ROOT": str(work / "static"),
        "CPBOARD_UPLOAD_ROOT": str(work / "uploads"),
        "CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS": "0",
        **extra,
    }
    if threads:
        env["CPBOARD_THREADS"] = str(threads)
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(PYTHON), "-m", "cpboard.serve", "serve"],
        cwd=repo,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while Person(port).request("GET", "/healthz")[0] != 200:
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit(f"cpboard serve did not start: {(work / 'serve.log').read_text()[-3000:]}")
        time.sleep(0.3)
    return server, port, work


def stop_server(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, 15)
    server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--saturate-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="CPBOARD_THREADS (default: as configured)")
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout whose code is served")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--drop", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--password", default="", help=argparse.SUPPRESS)
    parser.add_argument("--role", default="board_member", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pgdata = HERE / "var" / "pgdata"  # one embedded server, whichever checkout's code runs
    os.environ["CPBOARD_PGDATA_DIR"] = str(pgdata)
    if args.build:
        globals()["PASSWORD"] = args.password
        return build(args.users, args.password, args.role)
    if args.drop:
        return drop()

    repo = args.repo.resolve()
    commit = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    print(f"code served: {repo} at {commit[:90]}")
    started = time.perf_counter()
    built = in_repo(repo, "--build", "--users", str(args.users), "--password", PASSWORD)
    data = json.loads(next(line for line in built.stdout.splitlines() if line.startswith("LOAD-JSON "))[10:])
    print(
        f"data built in {time.perf_counter() - started:.0f} s: 60 indicators x 12 years, {args.users} people"
    )
    server, port, work = start_server(repo, data, workers=args.workers, threads=args.threads)
    try:
        settings_line = f"workers={args.workers}, threads={args.threads or 'as configured'}"
        print(f"cpboard serve on 127.0.0.1:{port}, production settings, {settings_line}")
        people = [Person(port) for _ in data["people"]]
        began = time.perf_counter()
        for person, who in zip(people, data["people"], strict=True):
            person.sign_in(who["username"], who["key"])
        print(
            f"{len(people)} board members signed in (password + TOTP) in {time.perf_counter() - began:.1f} s"
        )
        codes = [f"B{i:03d}" for i in range(60)]
        for person in people[:5]:  # warm every worker a little
            person.request("GET", "/performance/")
        mix(people, codes, args.seconds)
        saturate(people, lambda: "/performance/", "dashboard", args.concurrency, args.saturate_seconds)
        saturate(
            people,
            lambda: f"/performance/indicators/{random.choice(codes)}/",
            "indicator pages",
            args.concurrency,
            args.saturate_seconds,
        )
    finally:
        stop_server(server)
        in_repo(repo, "--drop")


if __name__ == "__main__":
    main()
