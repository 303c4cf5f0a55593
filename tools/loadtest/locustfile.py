"""Locust users for `make loadtest` and `make faultdrill`: officers recording progress through the real
forms, directors reading dashboards. Run by tools/loadtest/run.py (and tools/faultdrill/run.py), which
set the environment read here:

- LOADTEST_ACCOUNTS: the accounts file written by tools/loadtest/accounts.py (plan, officers, directors)
- LOADTEST_OUT: a folder for the record of accepted notes (accepted.jsonl) and the status counts (statuses.json)
- LOADTEST_PREFIX: the start of every note's text, unique to the run, so the check finds exactly its notes
- LOADTEST_THINK: "low,high" seconds a user pauses between tasks (default "5,15")
- LOADTEST_MAX_REQUESTS: stop the run after this many requests, whatever the time left (default 20000)

An officer opens the update form of an action they lead, posts it back as a browser would (CSRF token,
the `version` the form was opened at, every field as shown) with a new note, and follows the redirect.
A 409 is the stale-edit page (another lead saved the action first): counted as a conflict, not an
error; the officer saves again from that page, as a person would, and the note counts as accepted only
when a save is redirected to the action's page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
from collections import Counter
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tools.loadtest.forms import page_kind, post_form
from tools.loadtest.names import SAVE, SAVE_AGAIN


def _think() -> tuple[float, float]:
    low, _, high = os.environ.get("LOADTEST_THINK", "5,15").partition(",")
    return float(low), float(high or low)


class Record:
    """What the run's users saw: status counts per request type and the notes' outcomes, written as
    they happen (a fault drill may kill anything)."""

    def __init__(self) -> None:
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.error_pages: Counter[tuple[int, str]] = Counter()  # (status, "styled" or "bare")
        self.requests = 0
        self.retried = 0  # GETs sent again after the connection closed without an answer (BrowserRetry)
        self.env = None
        self._lock = threading.Lock()
        self._accounts: dict | None = None
        self._officers: itertools.cycle | None = None
        self._directors: itertools.cycle | None = None

    @property
    def out(self) -> Path:
        return Path(os.environ.get("LOADTEST_OUT", "."))

    def accounts(self) -> dict:
        if self._accounts is None:
            self._accounts = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
            self._officers = itertools.cycle(self._accounts["officers"])
            self._directors = itertools.cycle(self._accounts["directors"])
        return self._accounts

    def next_account(self, kind: str) -> dict:
        self.accounts()
        return next(self._officers if kind == "officers" else self._directors)  # type: ignore[call-overload]

    def note(self, outcome: str, action: int, text: str, user: str) -> None:
        """sent (posted, no answer yet), then accepted (the save redirected), refused (a second conflict, a
        4xx: not saved) or unknown (no answer or a 5xx: the user cannot tell whether it was saved)."""
        if outcome != "sent":
            self.outcomes[outcome] += 1
        with self._lock, (self.out / "accepted.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps({"outcome": outcome, "action": action, "text": text, "user": user}) + "\n")

    def error(self, name: str, status: str, kind: str) -> None:
        """errors.jsonl: each error page or unanswered request with its time, for a drill's timeline."""
        row = {"t": time.time(), "name": name, "status": status, "page": kind}
        with self._lock, (self.out / "errors.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")

    def save(self) -> None:
        """statuses.json: status counts per request type, the notes' outcomes, and Locust's timings."""
        rows = [{"name": n, "status": s, "count": c} for (n, s), c in sorted(self.statuses.items())]
        pages = [{"status": s, "page": k, "count": c} for (s, k), c in sorted(self.error_pages.items())]
        timings = []
        if self.env is not None:
            entries = [*self.env.stats.entries.values(), self.env.stats.total]
            for e in entries:
                timings.append({
                    "name": e.name, "method": e.method or "", "requests": e.num_requests, "failures": e.num_failures,
                    "rps": e.total_rps, "p50": e.get_response_time_percentile(0.5),
                    "p95": e.get_response_time_percentile(0.95), "p99": e.get_response_time_percentile(0.99),
                    "max": e.max_response_time, "seconds": e.last_request_timestamp - e.start_time
                    if e.last_request_timestamp else 0,
                })
        (self.out / "statuses.json").write_text(
            json.dumps({"statuses": rows, "notes": dict(self.outcomes), "timings": timings, "error_pages": pages,
                        "retried": self.retried}, indent=1),
            encoding="utf-8",
        )


RECORD = Record()


@events.request.add_listener
def _count(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = str(response.status_code) if response is not None and response.status_code else ""
    if not status:
        cause = getattr(response, "error", None) or exception  # the connection's error, not a marked failure
        status = f"no answer ({type(cause).__name__})" if cause else "no answer"
    RECORD.statuses[(name, status)] += 1
    if not status.isdigit() or (int(status) >= 400 and status != "409"):
        kind = page_kind(response.text) if status.isdigit() else "none"
        if status.isdigit():
            RECORD.error_pages[(int(status), kind)] += 1
        RECORD.error(name, status, kind)
    RECORD.requests += 1
    if RECORD.requests == int(os.environ.get("LOADTEST_MAX_REQUESTS", "20000")) and RECORD.env is not None:
        gevent.spawn(RECORD.env.runner.quit)  # not from this user's greenlet, which quitting stops


@events.init.add_listener
def _init(environment, **kwargs):
    RECORD.env = environment


@events.test_stop.add_listener
def _save(**kwargs):
    RECORD.save()


@events.quitting.add_listener
def _save_on_quit(**kwargs):
    RECORD.save()  # a fault drill stops Locust with a signal when its faults are done


class Officer(HttpUser):
    """An action lead recording progress on the actions they lead."""

    fixed_count = int(os.environ.get("LOADTEST_OFFICERS", "50"))
    wait_time = between(*_think())

    def on_start(self):
        self.account = RECORD.next_account("officers")
        self.saved = 0
        sign_in(self, self.account)

    @task
    def record_progress(self):
        action = random.choice(self.account["actions"])
        url = f"/actions/{action}/update/"
        with self.client.get(url, name="update form", catch_response=True) as page:
            form = post_form(page.text, needs="version") if page.status_code == 200 else None
            if form is None:
                page.failure(f"update form {page.status_code} without its form")
                return
        self.saved += 1
        text = f"{os.environ.get('LOADTEST_PREFIX', 'Load test')} {self.account['username']} #{self.saved}: " + (
            "progress recorded during the drill"
        )
        self.save(url, action, form.data(note_text=text), text, SAVE)

    def save(self, url: str, action: int, data, text: str, name: str) -> None:
        user = self.account["username"]
        RECORD.note("sent", action, text, user)
        with self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code == 302 and r.headers.get("Location", "").rstrip("/").endswith(f"/actions/{action}"):
                RECORD.note("accepted", action, text, user)
                r.success()
            elif r.status_code == 409:
                r.success()  # the stale-edit page: a conflict, shown with the note kept
                again = post_form(r.text, needs="version")
                if name == SAVE and again is not None and again.value("note_text") == text:
                    self.save(url, action, again.data(), text, SAVE_AGAIN)
                    return
                RECORD.note("refused", action, text, user)
                if again is None or again.value("note_text") != text:
                    r.failure("the stale-edit page lost the note")
            elif r.status_code >= 500 or r.status_code == 0:
                RECORD.note("unknown", action, text, user)
                r.failure(f"{r.status_code}")
                return
            else:
                RECORD.note("refused", action, text, user)
                r.failure(f"unexpected {r.status_code}")
                return
        if r.status_code == 302:
            self.client.get(f"/actions/{action}/", name="action page")


class Director(HttpUser):
    """A director reading the plan's dashboards."""

    fixed_count = int(os.environ.get("LOADTEST_DIRECTORS", "5"))
    wait_time = between(*_think())

    def on_start(self):
        self.account = RECORD.next_account("directors")
        self.plan = RECORD.accounts()["plan"]
        sign_in(self, self.account)

    @task(3)
    def dashboard(self):
        self.client.get(f"/plans/{self.plan}/dashboard/", name="dashboard")

    @task(2)
    def dashboard_actions(self):
        self.client.get(f"/plans/{self.plan}/dashboard/actions/", name="dashboard actions")

    @task(1)
    def portfolio(self):
        self.client.get("/portfolio/", name="portfolio")


class BrowserRetry(Retry):
    """A browser sends a GET again, once, when the connection it reused closes without an answer (the server
    dropped an idle keep-alive connection just as the request went out); it does not send a form again.
    Each such retry is counted, and put on the timeline of errors."""

    def increment(self, method=None, url=None, *args, **kwargs):
        again = super().increment(method, url, *args, **kwargs)  # raises when no retry is left: not a retry
        RECORD.retried += 1
        RECORD.error(f"{method} {url}", "retried after the connection closed", "none")
        return again


def browser_like(user: HttpUser) -> None:
    retry = BrowserRetry(total=1, connect=1, read=1, status=0, other=0, redirect=0,
                         allowed_methods=frozenset({"GET"}), raise_on_status=False)
    user.client.mount("http://", HTTPAdapter(max_retries=retry))


def sign_in(user: HttpUser, account: dict) -> None:
    """Start signed in with the session the runner opened (tools/loadtest/signin.py), else sign in here."""
    browser_like(user)
    if account.get("cookies"):
        user.client.cookies.update(account["cookies"])
        return
    page = user.client.get("/accounts/login/", name="sign in form")
    form = post_form(page.text) if page.status_code == 200 else None
    if form is None:
        raise StopUser()
    data = form.data(username=account["username"], password=account["password"])
    with user.client.post("/accounts/login/", data=data, name="sign in", allow_redirects=False,
                          catch_response=True) as r:
        if r.status_code != 302:
            r.failure(f"sign-in answered {r.status_code}")
            raise StopUser()
