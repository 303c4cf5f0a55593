"""Fault 3: the background worker killed while a paper is being issued, then a new worker and the clerk
clicking Issue again, through the real pages, as a person would: follow the progress page (it refreshes
every 3 seconds), and click Issue again when it says the paper was not issued.

Done when the paper is issued; stuck when the progress page still says "being issued" after the task
lease (JARTRACKER_TASK_LEASE_SECONDS) and a minute more, or Issue has been clicked four times. Then the
database must hold exactly one issued version from the drill's clicks and one finished issue render, no
render left waiting, and the issued PDF must download with the SHA-256 recorded for it.
"""

from __future__ import annotations

import hashlib
import re
import signal
import time
from dataclasses import dataclass, field

import psycopg
import requests

from tools.loadtest.forms import page_kind, post_form

RENDER = re.compile(r"/papers/(\d+)/renders/(\d+)/")
TITLE = re.compile(r"<title>\s*(.*?)\s*(?:–|&ndash;)", re.S)
REFRESH_SECONDS = 3
MAX_CLICKS = 4


@dataclass
class IssueDrill:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pages: list[tuple[int, str]] = field(default_factory=list)  # error pages the clerk saw: (status, kind)

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(f"  {line}", flush=True)


def title(html: str) -> str:
    found = TITLE.search(html)
    return found.group(1).strip() if found else "(no title)"


class Clerk:
    def __init__(self, base: str, cookies: dict[str, str], drill: IssueDrill) -> None:
        self.base, self.drill = base, drill
        self.session = requests.Session()
        self.session.cookies.update(cookies)

    def get(self, path: str, **kw) -> requests.Response:
        r = self.session.get(self.base + path, timeout=120, **kw)
        if r.status_code >= 400:
            self.drill.pages.append((r.status_code, page_kind(r.text)))
        return r

    def click_issue(self, paper: int) -> int | None:
        """Open the Issue page and press Issue; the render the clerk is sent to, or None (already issued)."""
        page = self.get(f"/papers/{paper}/issue/", allow_redirects=False)
        if page.status_code == 302:
            return None
        form = post_form(page.text, action="")
        if form is None:
            raise RuntimeError(f"the Issue page answered {page.status_code} without its form")
        r = self.session.post(f"{self.base}/papers/{paper}/issue/", data=form.data(), allow_redirects=False,
                              timeout=120)
        if r.status_code >= 400:
            self.drill.pages.append((r.status_code, page_kind(r.text)))
        found = RENDER.search(r.headers.get("Location", ""))
        if r.status_code != 302 or found is None:
            raise RuntimeError(f"Issue answered {r.status_code}, not the progress page")
        return int(found.group(2))

    def render_title(self, paper: int, render: int) -> str:
        return title(self.get(f"/papers/{paper}/renders/{render}/").text)


def render_state(db_url: str, render: int) -> tuple[str, str]:
    with psycopg.connect(db_url) as conn:
        row = conn.execute("SELECT status, stage FROM actionplan_paperrender WHERE id = %s", [render]).fetchone()
    return (row[0], row[1]) if row else ("missing", "")


def wait_running(db_url: str, render: int, seconds: float = 180) -> str:
    """Wait for the worker to start the render; its status when it did (or when time ran out)."""
    deadline = time.monotonic() + seconds
    status = "queued"
    while time.monotonic() < deadline:
        status, stage = render_state(db_url, render)
        if status != "queued":
            return status
        time.sleep(0.05)
    return status


def kill_mid_issue(clerk: Clerk, paper: int, worker, db_url: str) -> int | None:
    """Click Issue and kill the worker once it is laying the PDF out; the killed render, or None if the
    render was over before the kill could land (then there is nothing to recover from)."""
    render = clerk.click_issue(paper)
    if render is None:
        clerk.drill.problems.append("the paper was issued before the drill began")
        return None
    status = wait_running(db_url, render)
    time.sleep(0.3)  # into WeasyPrint's layout, not the first database update
    worker.kill(signal.SIGKILL)
    after, stage = render_state(db_url, render)
    clerk.drill.say(f"Issue clicked: render {render} {status}; worker killed (SIGKILL) at stage {stage!r}; "
                    f"the render's status after the kill: {after}")
    return render if after == "running" else None


def follow(clerk: Clerk, paper: int, render: int, until: float) -> str:
    """Follow the progress page as its refresh does; the last title seen."""
    seen = clerk.render_title(paper, render)
    while time.monotonic() < until and ("being issued" in seen or "being prepared" in seen):
        time.sleep(REFRESH_SECONDS)
        seen = clerk.render_title(paper, render)
    return seen


def recover(clerk: Clerk, paper: int, killed: int, *, lease: int, killed_at: float) -> bool:
    """After the new worker started: click Issue again, follow, click again on failure. Whether it issued."""
    until = killed_at + lease + 60
    for _ in range(MAX_CLICKS):
        render = clerk.click_issue(paper)
        if render is None:
            clerk.drill.say("Issue clicked again: the paper is already issued")
            return True
        same = " (the killed render)" if render == killed else ""
        clicked = time.monotonic() - killed_at
        seen = follow(clerk, paper, render, until)
        clerk.drill.say(f"Issue clicked again {clicked:.0f} s after the kill: render {render}{same}; "
                        f"{time.monotonic() - killed_at:.0f} s after the kill its progress page says {seen!r}")
        if seen.startswith("Paper issued"):
            return True
        if time.monotonic() >= until:
            break
    return False


def issued_check(db_url: str, clerk: Clerk, paper: int, drill_started) -> None:
    """Exactly one version issued by the drill, one finished issue render, none waiting; the PDF intact."""
    with psycopg.connect(db_url) as conn:
        issued = conn.execute(
            "SELECT id, version, issued_sha256 FROM actionplan_paper WHERE issued_at >= %s", [drill_started]
        ).fetchall()
        done = conn.execute(
            "SELECT count(*) FROM actionplan_paperrender WHERE paper_id = %s AND kind = 'issue' AND status = 'done'",
            [paper],
        ).fetchone()[0]
        waiting = conn.execute(
            "SELECT count(*) FROM actionplan_paperrender WHERE status IN ('queued', 'running')"
        ).fetchone()[0]
    drill = clerk.drill
    drill.say(f"Database: {len(issued)} version(s) issued during the drill, {done} finished issue render(s) "
              f"of the paper, {waiting} render(s) still waiting or running")
    if [row[0] for row in issued] != [paper]:
        drill.problems.append(f"issued during the drill: {issued} (expected paper {paper} once)")
    if done != 1:
        drill.problems.append(f"{done} finished issue renders of the paper (expected 1)")
    if waiting:
        drill.problems.append(f"{waiting} renders left waiting or running")
    if len(issued) == 1:
        pdf = clerk.get(f"/papers/{paper}/pdf/")
        intact = pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == issued[0][2]
        drill.say(f"The issued PDF downloads ({pdf.status_code}, {len(pdf.content)} bytes) "
                  + ("with its recorded SHA-256" if intact else "but NOT with its recorded SHA-256"))
        if not intact:
            drill.problems.append("the issued PDF does not match its recorded SHA-256")
