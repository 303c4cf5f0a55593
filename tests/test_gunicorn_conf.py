"""The repository's gunicorn.conf.py as the README's deployment and the benchmark run it: each answer closes
its connection, so the next request may go to whichever worker is free (why: the comment in the file)."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connection_header(tmp_path: Path, **env: str) -> str | None:
    """The Connection header of gunicorn's answer to /healthz, on a connection that asks to be kept alive."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "jartracker.wsgi"],
        cwd=ROOT,
        env={
            **os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings", "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "JARTRACKER_BIND": f"127.0.0.1:{port}",
            "JARTRACKER_WEB_WORKERS": "1", **env,
        },
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz", headers={"Connection": "keep-alive"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.getheader("Connection")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_each_answer_closes_its_connection(tmp_path):
    assert (_connection_header(tmp_path) or "").lower() == "close"


def test_keep_alive_can_be_set_back(tmp_path):
    assert (_connection_header(tmp_path, JARTRACKER_WEB_KEEPALIVE="5") or "").lower() != "close"
