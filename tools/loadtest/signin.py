"""Signing the drill's accounts in before the timed run, through the real sign-in form.

An officer signs in once a day and then records progress; the timed run measures the recording. Each
sign-in costs a deliberately slow password hash (about half a second of CPU), so 55 sign-ins inside the
60 s would be a sign-in storm, not the steady work the drill is about. They are done here first, two at
a time, timed and reported on their own; their session cookies go into the accounts file, and the
simulated users start signed in. This also brings every gunicorn worker up before the clock starts.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tools.loadtest.forms import post_form


def session_open(base_url: str, account: dict) -> tuple[float, dict[str, str]]:
    """Sign in; (seconds the sign-in post took, the session's cookies). Raises when refused."""
    with requests.Session() as s:
        page = s.get(f"{base_url}/accounts/login/", timeout=60)
        form = post_form(page.text)
        if page.status_code != 200 or form is None:
            raise RuntimeError(f"the sign-in page answered {page.status_code} without its form")
        started = time.monotonic()
        r = s.post(f"{base_url}/accounts/login/", data=form.data(username=account["username"],
                   password=account["password"]), allow_redirects=False, timeout=60)
        took = time.monotonic() - started
        if r.status_code != 302:
            raise RuntimeError(f"signing in {account['username']} answered {r.status_code}")
        return took, s.cookies.get_dict()


def sessions_open(base_url: str, accounts: dict, *, at_once: int = 2) -> list[float]:
    """Sign every account in (officers, directors, clerks), keep its cookies on the account; the sign-in times."""
    everyone = accounts["officers"] + accounts["directors"] + accounts.get("clerks", [])
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        results = list(pool.map(lambda a: session_open(base_url, a), everyone))
    for account, (_, cookies) in zip(everyone, results, strict=True):
        account["cookies"] = cookies
    return [took for took, _ in results]
