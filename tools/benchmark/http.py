"""Requests a second under load: the benchmark's database served by gunicorn as a council runs it
(production settings, the repository's gunicorn.conf.py: workers and threads from the cores), and a
bounded client on loopback: a fixed number of connections, each sending its next request when the last
is answered (as wrk does), for a fixed time a page.

The client is wrk when it is installed (Debian's package `wrk`; `make benchmark` installs it), the same
client the Redmine figures in the README were measured with: written in C, it takes little of the two
cores from the server. Without it, a Python client in this process does the same (threads, one
connection each), but its own work competes with the server's, so its figures are lower. Either way the
client shares the machine with the server, so the figures are for this machine as a whole; the JSON
names the client, and figures compare within one run.

Each page is first asked for by the same connections for a fifth of the measured time (at least a
second for wrk, which counts whole seconds), and those answers are not counted: every worker and
thread has then read its templates and URLs once, as in a server that has been up for a while. A
single warm-up request would warm one worker only, and the other's first answers would be timed.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from actionplan.middleware import RENEWED_AT
from tools.benchmark.measure import Page
from tools.benchmark.report import http_line

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"
START_SECONDS = 60
WARM_SHARE = 0.2  # of the measured time, spent warming the workers first (not counted)


def database_url() -> str:
    """The URL of the database the benchmark is using now (for the server's DATABASE_URL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db.get("USER") or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return f"postgres://{auth}@{where}/{db['NAME']}"


def signed_in_session(user) -> str:
    """A session cookie for `user`, saved as the sign-in page would save it (renewed now, so no request writes)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[RENEWED_AT] = int(timezone.now().timestamp())
    session.create()
    return session.session_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log_path.read_text(errors='replace')[-1500:]}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {START_SECONDS} s")


@contextmanager
def served():
    """gunicorn serving the current database with the production settings; yields its port."""
    connection.close()  # nothing held open while another process reads the file
    port = _free_port()
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings", "DJANGO_DEBUG": "false",
        # The same key as this process, which signed the session cookie the client sends.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY, "DATABASE_URL": database_url(),
        "DJANGO_ALLOWED_HOSTS": HOST, "JARTRACKER_BIND": f"{HOST}:{port}",
    }
    with tempfile.NamedTemporaryFile(prefix="jartracker-gunicorn-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "jartracker.wsgi"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server, log_path)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log_path.unlink(missing_ok=True)


def _get(conn: http.client.HTTPConnection, url: str, cookie: str) -> int:
    conn.request("GET", url, headers={"Host": HOST, "Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    response.read()
    return response.status


def load(port: int, url: str, cookie: str, *, connections: int, seconds: float) -> dict:
    """`connections` clients asking for `url` one request after another for `seconds`, after a warm-up."""
    first = _first_status(port, url, cookie)
    _load(port, url, cookie, connections=connections, seconds=seconds * WARM_SHARE)  # not counted
    figures = _load(port, url, cookie, connections=connections, seconds=seconds)
    return {**figures, "first_status": first, "warm_up_seconds": round(seconds * WARM_SHARE, 1)}


def _first_status(port: int, url: str, cookie: str) -> int:
    """One request before any timing: whether the page answers at all."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        return _get(conn, url, cookie)
    finally:
        conn.close()


def _load(port: int, url: str, cookie: str, *, connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                status = _get(conn, url, cookie)
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else None
    return {
        "rps": round(len(latencies) / elapsed, 1), "p95_ms": round(p95, 1) if p95 is not None else None,
        "requests": len(latencies), "failed": len(latencies) - statuses.get(200, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "connections": connections, "seconds": round(elapsed, 1), "client": "python",
    }


WRK_REPORT = Path(__file__).with_name("wrk_report.lua")


def load_with_wrk(port: int, url: str, cookie: str, *, connections: int, seconds: float) -> dict:
    """As `load`, with wrk: one thread keeping `connections` connections busy for `seconds`, after a warm-up."""
    first = _first_status(port, url, cookie)
    warm_up = max(1, round(seconds * WARM_SHARE))  # wrk takes whole seconds
    _wrk(port, url, cookie, connections=connections, seconds=warm_up)  # not counted
    out = _wrk(port, url, cookie, connections=connections, seconds=seconds)
    summary = json.loads(out.strip().splitlines()[-1])
    elapsed = summary["duration_us"] / 1e6
    # wrk counts only the answers that were not 2xx or 3xx; the page is checked to answer 200 above.
    failed = summary["non_2xx_3xx"] + summary["socket_errors"]
    statuses = {"2xx or 3xx": summary["requests"] - summary["non_2xx_3xx"], "other": summary["non_2xx_3xx"],
                "socket errors": summary["socket_errors"]}
    return {
        "rps": round(summary["requests"] / elapsed, 1), "p95_ms": round(summary["p95_us"] / 1000, 1),
        "requests": summary["requests"], "failed": failed, "statuses": statuses, "first_status": first,
        "connections": connections, "seconds": round(elapsed, 1), "warm_up_seconds": warm_up, "client": "wrk",
    }


def _wrk(port: int, url: str, cookie: str, *, connections: int, seconds: float) -> str:
    return subprocess.run(
        # wrk takes whole seconds.
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "120s", "-s", str(WRK_REPORT),
         "-H", f"Cookie: sessionid={cookie}", f"http://{HOST}:{port}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout


def client_name() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def measure_http(pages: list[Page], user, *, keys, connections: int, seconds: float, log) -> dict:
    """Each page of `keys` under load from gunicorn; {key: {rps, p95_ms, …}}."""
    cookie = signed_in_session(user)
    run = load_with_wrk if client_name() == "wrk" else load
    figures = {}
    with served() as port:
        for page in pages:
            if page.key in keys:
                figures[page.key] = run(port, page.url, cookie, connections=connections, seconds=seconds)
                log(http_line(page.label, page.key, figures[page.key]))
    return figures
