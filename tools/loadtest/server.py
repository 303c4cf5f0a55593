"""The drills' server: the app under gunicorn with production settings on loopback, a throwaway
PostgreSQL database for it, and the machine's description for the report.

Production settings are those of docs/jartracker.env.example less what needs TLS, which loopback has
not: DJANGO_DEBUG off, a freshly generated secret key, ALLOWED_HOSTS 127.0.0.1, no SSL redirect, no
HSTS and no Secure cookies (a browser, like the drills' client, does not send a Secure cookie over plain
HTTP). Gunicorn reads ./gunicorn.conf.py when the project has one; otherwise the drills give it
2 × cores + 1 sync workers (gunicorn's own rule of thumb) and say so.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"


def production_env(database_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JARTRACKER_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        JARTRACKER_MEDIA_ROOT=str(media_root),
        JARTRACKER_SITE_URL="http://127.0.0.1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="jartracker.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cores() -> int:
    return len(os.sched_getaffinity(0))


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{cores()} cores, load average {load} (1, 5, 15 min), {when}"


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)


def database_create(server_url: str, name: str) -> str:
    """Create database `name` on the server (a postgres://user@host:port URL); return its URL."""
    try:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise SystemExit(f"cannot create a database on {server_url} ({first}); --server names another") from None
    return f"{server_url}/{name}"


def database_drop(server_url: str, name: str) -> None:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def gunicorn_args(port: int) -> tuple[list[str], str]:
    """The command line, and how the workers were sized, in words for the report."""
    args = [str(BIN / "gunicorn"), "jartracker.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    if GUNICORN_CONF.exists():
        return args + ["--config", str(GUNICORN_CONF)], f"workers and threads from {GUNICORN_CONF.name}"
    workers = 2 * cores() + 1
    return args + ["--workers", str(workers)], f"{workers} sync workers (2 × {cores()} cores + 1; no gunicorn.conf.py)"


class Gunicorn:
    """gunicorn in its own process group, its output to `log`; stopped (TERM, then KILL) on exit."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.args, self.sizing = gunicorn_args(port)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        up_wait(f"{self.url}/accounts/login/", process=self.process)
        return self

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the gunicorn master)."""
        assert self.process is not None
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the live workers have used since they started."""
        return sum(process_cpu_seconds(pid) for pid in self.workers())

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def up_wait(url: str, *, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")
