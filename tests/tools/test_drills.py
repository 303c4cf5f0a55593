"""The load and fault drills' parts that can be checked in seconds: the Locust file loads, the drill posts
the update form as a browser would, the check after a run finds a lost, a duplicated, an unasked and a
history-less note, error pages are told styled from bare and put under the fault they followed. The runs
themselves are `make loadtest` and `make faultdrill`, not tests."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from actionplan.models import ProgressNote
from tools.faultdrill.report import errors_by_phase
from tools.loadtest.check import Accepted, Stored, accepted_read, notes_check, stored_notes
from tools.loadtest.forms import page_kind, post_form
from tools.loadtest.report import failures


def test_the_locustfile_loads_with_fifty_officers_and_five_directors():
    # In a process of its own: importing Locust patches the standard library for gevent.
    code = "import tools.loadtest.locustfile as f; print(f.Officer.fixed_count, f.Director.fixed_count)"
    run = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                         timeout=60)
    assert run.stdout.split() == ["50", "5"], run.stderr


def stored(n, action, text, history_rows=1):
    return Stored(id=n, action=action, text=text, history_rows=history_rows)


def test_the_check_passes_when_every_accepted_note_is_stored_once_with_its_history():
    result = notes_check([Accepted(1, "a"), Accepted(2, "b")], [stored(1, 1, "a"), stored(2, 2, "b")])
    assert result.ok


def test_the_check_finds_a_lost_note():
    result = notes_check([Accepted(1, "a"), Accepted(2, "b")], [stored(1, 1, "a")])
    assert (result.ok, result.lost) == (False, ["b"])


def test_a_note_stored_on_another_action_than_the_one_saved_counts_as_lost():
    result = notes_check([Accepted(1, "a")], [stored(1, 2, "a")])
    assert result.lost == ["a"]


def test_the_check_finds_a_duplicated_note():
    result = notes_check([Accepted(1, "a")], [stored(1, 1, "a"), stored(2, 1, "a")])
    assert (result.ok, result.duplicated) == (False, ["a"])


def test_the_check_finds_a_note_stored_though_the_user_was_not_told_it_was_saved():
    result = notes_check([], [stored(1, 1, "a")])
    assert (result.ok, result.unexpected) == (False, ["a"])


def test_a_note_whose_save_ended_in_an_error_page_may_be_stored_but_not_twice():
    once = notes_check([], [stored(1, 1, "a")], maybe_saved={"a"})
    twice = notes_check([], [stored(1, 1, "a"), stored(2, 1, "a")], maybe_saved={"a"})
    assert (once.ok, twice.duplicated) == (True, ["a"])


def test_the_check_finds_a_note_without_its_history_row():
    result = notes_check([Accepted(1, "a")], [stored(1, 1, "a", history_rows=0)])
    assert (result.ok, result.without_history) == (False, ["a"])


def test_the_record_of_outcomes_is_read_back_as_accepted_and_maybe_saved(tmp_path):
    path = tmp_path / "accepted.jsonl"
    rows = [("sent", 1, "a"), ("accepted", 1, "a"), ("sent", 1, "b"), ("refused", 1, "b"), ("sent", 2, "c"),
            ("unknown", 2, "c"), ("sent", 2, "d")]  # d: its user was stopped before the answer came
    path.write_text("".join(json.dumps({"outcome": o, "action": a, "text": t}) + "\n" for o, a, t in rows))
    assert accepted_read(path) == ([Accepted(1, "a")], {"c", "d"})


def test_a_run_fails_on_a_server_error_a_dropped_request_or_a_lost_note():
    clean = {"lost": [], "duplicated": [], "unexpected": [], "without_history": [], "accepted": 3}
    statuses = {"statuses": [{"name": "save progress", "status": "302", "count": 3},
                             {"name": "save progress", "status": "409", "count": 1}]}
    assert failures(statuses, clean) == []
    broken = {"statuses": [*statuses["statuses"], {"name": "dashboard", "status": "502", "count": 2},
                           {"name": "update form", "status": "no answer (ConnectionError)", "count": 1}]}
    assert failures(broken, {**clean, "lost": ["x"]}) == ["3 requests answered 5xx or not at all", "1 notes lost"]


@pytest.mark.django_db
def test_the_drill_posts_the_update_form_as_shown_and_the_note_is_stored_with_its_history(client, world):
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.mine.pk])
    form = post_form(client.get(url).content.decode(), needs="version")
    assert form is not None
    response = client.post(url, dict(form.data(note_text="Drill note 1: minutes sent")))
    assert response.status_code == 302
    assert [(s.action, s.history_rows) for s in stored_notes("Drill note")] == [(world.mine.pk, 1)]


@pytest.mark.django_db
def test_the_stale_edit_page_carries_the_note_and_the_current_version_for_the_drills_second_save(client, world):
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.mine.pk])
    form = post_form(client.get(url).content.decode(), needs="version")
    assert client.post(url, dict(form.data(note_text="Drill note first"))).status_code == 302
    stale = client.post(url, dict(form.data(note_text="Drill note second")))
    assert stale.status_code == 409
    again = post_form(stale.content.decode(), needs="version")
    assert (again.value("note_text"), again.value("version")) == ("Drill note second", str(form_version(world)))
    assert client.post(url, dict(again.data())).status_code == 302
    assert ProgressNote.objects.filter(text="Drill note second").count() == 1


def form_version(world):
    world.mine.refresh_from_db()
    return world.mine.version


def test_the_service_s_own_error_page_is_told_from_a_bare_one(client, db):
    page = client.get("/no-such-page/")
    assert (page.status_code, page_kind(page.content.decode())) == (404, "styled")
    assert page_kind("Internal Server Error") == "bare"


def test_each_error_is_counted_under_the_fault_it_followed():
    timeline = [(100.0, "steady"), (110.0, "worker killed"), (120.0, "database restarted")]
    errors = [{"t": t, "status": s, "page": p} for t, s, p in
              [(105, "500", "bare"), (111, "no answer", "none"), (121, "503", "styled"), (122, "503", "styled")]]
    phases = errors_by_phase(errors, timeline)
    assert phases == {"steady": {("500", "bare"): 1}, "worker killed": {("no answer", "none"): 1},
                      "database restarted": {("503", "styled"): 2}}


RETRY_CHECK = """
import os, socket, sys, threading
os.environ["LOADTEST_OUT"] = sys.argv[1]
import tools.loadtest.locustfile as f  # first: Locust patches the standard library for gevent
import requests
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(5)
def serve():
    for answer in (False, True, False, True):  # each request's first connection closes without an answer
        c, _ = server.accept(); c.recv(65536)
        if answer:
            c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
        c.close()
threading.Thread(target=serve, daemon=True).start()
class User: client = requests.Session()
f.browser_like(User)
url = f"http://127.0.0.1:{server.getsockname()[1]}/"
print(User.client.get(url).status_code)
try:
    User.client.post(url, data={"note_text": "x"})
except requests.ConnectionError:
    print("post not sent again")
print(f.RECORD.retried)
"""


def test_like_a_browser_the_drill_sends_a_get_again_once_when_the_connection_closes_unanswered_but_not_a_form(
    tmp_path,
):
    run = subprocess.run([sys.executable, "-c", RETRY_CHECK, str(tmp_path)], cwd=settings.BASE_DIR,
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines() == ["200", "post not sent again", "1"], run.stderr
