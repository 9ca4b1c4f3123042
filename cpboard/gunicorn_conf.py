"""gunicorn's configuration for cpboard, read from environment variables (docs/production.md).

`cpboard serve` starts gunicorn with this module (`gunicorn -c python:cpboard.gunicorn_conf cpboard.wsgi`).
"""

from __future__ import annotations

import os
import sys


def _whole_number(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        sys.stderr.write(f"cpboard: {name} must be a whole number of at least 1, not {text!r}.\n")
        raise SystemExit(1)
    return value


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# Where to listen: one address or several, comma-separated (host:port or unix:/path). Loopback by default:
# the reverse proxy that terminates TLS is on the same machine (docs/deploy/nginx.conf).
bind = [
    address.strip()
    for address in os.environ.get("CPBOARD_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]

# Threads share a worker's memory; workers use the cores. Each thread holds at most one database connection.
worker_class = "gthread"
workers = _whole_number("CPBOARD_WORKERS", 2 * _cores() + 1)
threads = _whole_number("CPBOARD_THREADS", 2)
# A board pack PDF of a large board can take a while; a request running longer than this is stopped.
timeout = _whole_number("CPBOARD_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (each a fresh fork of the loaded application), so a slow leak
# cannot grow for ever; the jitter keeps them from all restarting at once.
max_requests = _whole_number("CPBOARD_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Load the application once in the master, then fork the workers: settings refuse to load in the master,
# before any worker exists (one line, then exit); memory is shared; cpboard/wsgi.py's gc.freeze() runs
# before the fork, so the workers inherit the frozen start-up objects. Importing the application opens no
# database connection (tests/core/test_settings.py), so no connection is shared across the fork. New code
# needs a restart (systemctl restart cpboard), not a HUP.
preload_app = True

# Which proxies may tell gunicorn the original scheme and client (X-Forwarded-*). Django itself trusts
# X-Forwarded-Proto (CPBOARD_BEHIND_PROXY) and counts X-Forwarded-For hops (CPBOARD_PROXY_COUNT), so the app
# must be reachable only through the proxy: hence the loopback bind.
forwarded_allow_ips = os.environ.get("CPBOARD_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout (the journal under systemd), CPBOARD_ACCESS_LOG=off for none. The path only: query
# strings (search terms, ?next= addresses) and referrers are left out; the client is the proxy's
# X-Forwarded-For when there is one.
_access_log = os.environ.get("CPBOARD_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() in {"off", "none", "false", ""} else _access_log
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("CPBOARD_GUNICORN_LOG_LEVEL", "info")
proc_name = "cpboard"
# The workers' heartbeat files in memory, not on a disk that may stall (or be read-only in a container).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 24+'s runtime control socket (gunicornc) is not used: it would be one shared path for every
# instance on the machine. (gunicorn 23, which pyproject allows, has none and ignores this.)
control_socket_disable = True
