"""The action list's cost is set by the page it shows (issue 14): filtered without DISTINCT over joins,
counted on the plain query, and each row's extras (last note, RAG) read for the 25 rows shown only."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import ActionLead
from tests.factories import ActionFactory, NoteFactory


def test_the_list_reads_notes_for_the_rows_it_shows_and_never_distinct(client, world):
    ActionLead.objects.filter(action=world.theirs).update(person=world.hl)
    for position in range(3, 40):
        action = ActionFactory(recommendation=world.rec, position=position, status="in_progress")
        ActionLead.objects.create(action=action, person=world.hl)
        NoteFactory(action=action, text=f"Note on {position}")
        NoteFactory(action=action, text=f"Later note on {position}")
    client.force_login(world.users["viewer"])
    url = reverse("action_list") + "?status=in_progress&status=not_started&lead=HL"
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "39 actions found" in html
    assert len(re.findall(r'href="/actions/\d+/"', html)) == 25  # a page of 25, one link a row
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "DISTINCT" in s]
    reads_notes = [s for s in sql if "actionplan_progressnote" in s]
    assert len(reads_notes) == 1  # one read, for the page, after the list is counted and cut
    (ids,) = re.findall(r'"action_id" IN \(([^)]*)\)', reads_notes[0])
    assert len(ids.split(",")) == 25
