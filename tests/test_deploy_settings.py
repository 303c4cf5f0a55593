"""The documented production environment (docs/jartracker.env.example), read by the real settings module
in a fresh process: Django's deployment check is clean with it, and behind the TLS proxy HSTS is sent."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EXAMPLE = ROOT / "docs" / "jartracker.env.example"


def documented_environment(**changes: str) -> dict[str, str]:
    """The example file's variables (a generated secret key), on a bare environment: nothing inherited."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DJANGO_SETTINGS_MODULE"] = "jartracker.settings"
    env.update(changes)
    return env


DEPLOY_CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_documented_production_values_pass_the_deployment_check():
    result = run(DEPLOY_CHECK, documented_environment())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_them_the_deployment_check_fails_naming_hsts_and_the_redirect():
    env = documented_environment(DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_SSL_REDIRECT="false")
    result = run(DEPLOY_CHECK, env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


# Requests through Django's test client in the production settings' own process, on an empty SQLite
# file in place of the example's PostgreSQL server (the sign-in page reads nothing for a visitor).
REQUEST = """
import json, django
django.setup()
from django.test import Client
out = {}
for name, headers in (("proxied_https", {"x-forwarded-proto": "https"}), ("plain_http", {})):
    r = Client(headers={"host": "plans.example.gov.uk", **headers}).get("/accounts/login/")
    out[name] = {"status": r.status_code, "hsts": r.headers.get("Strict-Transport-Security"),
                 "location": r.headers.get("Location"), "cookie_secure": bool(r.cookies.get("csrftoken")
                 and r.cookies["csrftoken"]["secure"])}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def responses(tmp_path_factory):
    database = tmp_path_factory.mktemp("deploy") / "empty.sqlite3"
    result = run([sys.executable, "-c", REQUEST], documented_environment(DATABASE_URL=f"sqlite:///{database}"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_behind_the_tls_proxy_hsts_is_sent_for_a_year_with_subdomains_and_preload(responses):
    assert responses["proxied_https"]["status"] == 200
    assert responses["proxied_https"]["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_behind_the_tls_proxy_cookies_are_marked_secure(responses):
    assert responses["proxied_https"]["cookie_secure"] is True


def test_a_plain_http_request_is_redirected_to_https_without_hsts(responses):
    assert responses["plain_http"]["status"] == 301
    assert responses["plain_http"]["location"] == "https://plans.example.gov.uk/accounts/login/"
    assert responses["plain_http"]["hsts"] is None


def test_a_malformed_proxy_header_setting_is_refused_in_one_line():
    env = documented_environment(DJANGO_SECURE_PROXY_SSL_HEADER="X Forwarded Proto")
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto" in result.stderr
