"""The stale-edit page: what others saved after the form was opened, read from the history
(selectors/history.edits_since) in a fixed number of queries however many saves there were."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.selectors.history import edits_since


def save_as(client, action, **data):
    action.refresh_from_db()
    base = {"version": action.version, "status": "in_progress", "note_date": timezone.localdate().isoformat(),
            "note_text": "", "rag": "", "rag_reason": ""}
    response = client.post(reverse("action_update", args=[action.pk]), {**base, **data})
    assert response.status_code == 302
    return response


def stale_save(client, action, opened):
    """Post as if the form had been opened at `opened`; returns the 409 page and its query count."""
    data = {"version": opened, "status": "completed", "note_text": "My note", "note_date": "2006-03-01", "rag": "",
            "rag_reason": ""}
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("action_update", args=[action.pk]), data)
    assert response.status_code == 409
    return response, len(ctx.captured_queries)


def test_edits_since_lists_each_save_newest_first_with_what_it_changed(client, world):
    client.force_login(world.users["manager"])
    opened = world.mine.version
    save_as(client, world.mine, status="delayed", note_text="Waiting for the LSCB")
    save_as(client, world.mine, status="in_progress", note_text="LSCB met")
    world.mine.refresh_from_db()
    seen = edits_since(world.mine, opened)
    saves = [e for e in seen.entries if e.what == "Action changed"]
    statuses = [[(c.label, c.old, c.new) for c in e.changes if c.label == "Status"] for e in saves]
    assert statuses == [[("Status", "Delayed", "In progress")], [("Status", "Not started", "Delayed")]]
    assert all(c.label != "Version" for e in seen.entries for c in e.changes)
    notes = [c.new for e in seen.entries if e.what.startswith("Progress note") for c in e.changes]
    assert notes == ["LSCB met", "Waiting for the LSCB"]  # newest first
    # The lead the fixture added after creating the action, with no user, was no save since the form opened.
    assert seen.heading == "manager saved this action after you opened this page"


def test_stale_edit_page_reads_the_history_in_a_fixed_number_of_queries(client, world):
    """It was N+1 (one prev_record query per save): ten saves cost what one does."""
    manager = client.__class__()
    manager.force_login(world.users["manager"])
    client.force_login(world.users["officer"])
    opened = world.mine.version
    save_as(manager, world.mine, status="delayed", note_text="First")
    _, after_one = stale_save(client, world.mine, opened)
    for i in range(9):
        save_as(manager, world.mine, status="delayed" if i % 2 else "in_progress", note_text=f"Note {i}")
    page, after_ten = stale_save(client, world.mine, opened)
    assert after_ten == after_one, (after_one, after_ten)
    assert page.content.decode().count(": Progress note dated") == 10
    world.mine.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        edits_since(world.mine, opened)
    # the action's history rows with their users, then those of its notes, evidence, leads and claims
    assert len(ctx.captured_queries) == 5
