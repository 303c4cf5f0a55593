"""Forms sent at once by several people, with pages being read meanwhile, on an SQLite file as a small
installation runs it (jartracker/db/reads.py): no request fails with "database is locked", nothing sent
is lost, and the page reads (whose transactions take no write lock) all answer.

Each thread is its own database connection, as each gunicorn worker thread is. An update form is a
read-then-write transaction (the version is checked, then the note written): begun without the write
lock, two of them at once fail at the second one's first write; begun IMMEDIATE they queue."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WRITERS, READERS, EACH = 4, 4, 12

RACE = """
import json, sys, threading, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.test import Client
from django.urls import reverse
from actionplan import roles
from actionplan.models import Action, ProgressNote
from tests.conftest import make_user
from tests.factories import ActionFactory, RecommendationFactory

writers, readers, each = (int(a) for a in sys.argv[1:4])
rec = RecommendationFactory(number=1)
actions = [ActionFactory(recommendation=rec, position=i + 1) for i in range(writers)]
manager = make_user("manager", roles.PLAN_MANAGER)
connection.close()
barrier, outcomes, errors = threading.Barrier(writers + readers), [], []

def write(pk):
    client = Client()
    client.force_login(manager)
    barrier.wait()
    for n in range(each):
        version = Action.objects.get(pk=pk).version
        data = {"version": version, "status": "in_progress", "note_date": "2026-11-02", "note_text": f"note {n}",
                "rag": "", "rag_reason": ""}
        outcomes.append(("write", client.post(reverse("action_update", args=[pk]), data).status_code))

def read(pk):
    client = Client()
    client.force_login(manager)
    barrier.wait()
    for _ in range(each):
        outcomes.append(("read", client.get(reverse("action_detail", args=[pk])).status_code))

def run(job, pk):
    try:
        job(pk)
    except Exception as e:  # noqa: BLE001 - counted and reported below
        errors.append(repr(e))
    finally:
        connection.close()

threads = [threading.Thread(target=run, args=(write, a.pk)) for a in actions]
threads += [threading.Thread(target=run, args=(read, actions[i % writers].pk)) for i in range(readers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
notes = {str(a.pk): ProgressNote.objects.filter(action=a).count() for a in actions}
print(json.dumps({"outcomes": outcomes, "errors": errors, "notes": notes}))
"""


def test_concurrent_forms_never_fail_locked_and_lose_nothing_while_pages_are_read(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings_test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}", "DJANGO_ALLOWED_HOSTS": "testserver"}
    completed = subprocess.run(
        [sys.executable, "-c", RACE, str(WRITERS), str(READERS), str(EACH)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout.splitlines()[-1])
    assert report["errors"] == []  # no "database is locked", nor anything else
    writes = [status for kind, status in report["outcomes"] if kind == "write"]
    reads = [status for kind, status in report["outcomes"] if kind == "read"]
    assert writes == [302] * (WRITERS * EACH)
    assert reads == [200] * (READERS * EACH)
    assert sorted(report["notes"].values()) == [EACH] * WRITERS  # every note sent was saved
