"""Page reads take no write lock; forms, commands and tasks take it up front (jartracker/db/reads.py).

Run outside the test's own transaction (transaction=True) so that each request's transaction really
begins, and the statement that begins it can be read."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan import roles
from actionplan.models import Plan
from actionplan.services.tokens import token_create
from jartracker.db import reads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the write lock is SQLite's"),
]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    for name in roles.ALL:  # a flushed database has none
        Group.objects.get_or_create(name=name)


def begins(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("BEGIN")]


def test_reading_a_page_begins_without_the_write_lock(client, world):
    client.force_login(world.users["manager"])
    assert begins(lambda: client.get(reverse("action_detail", args=[world.mine.pk]))) == ["BEGIN DEFERRED"]
    assert begins(lambda: client.get(reverse("action_list"))) == ["BEGIN DEFERRED"]


def test_sending_a_form_takes_the_write_lock_first(client, world):
    client.force_login(world.users["manager"])
    data = {"version": world.mine.version, "status": "in_progress", "note_date": timezone.localdate().isoformat(),
            "note_text": "Sent", "rag": "", "rag_reason": ""}
    sent = begins(lambda: client.post(reverse("action_update", args=[world.mine.pk]), data))
    assert sent[0] == "BEGIN IMMEDIATE"
    assert "BEGIN DEFERRED" not in sent


def test_work_outside_a_request_takes_the_write_lock_first(world):
    def command():
        with transaction.atomic():
            Plan.objects.filter(pk=world.plan.pk).update(title="Renamed")

    assert begins(command) == ["BEGIN IMMEDIATE"]


def test_a_read_that_tries_to_write_is_refused_naming_the_statement(world):
    refused = pytest.raises(reads.ReadRequestWrote, match='may not write; it tried: UPDATE "actionplan_plan"')
    with reads.reads_only(), connection.execute_wrapper(reads.refuse_writes), refused:
        Plan.objects.filter(pk=world.plan.pk).update(title="Renamed")
    world.plan.refresh_from_db()
    assert world.plan.title == "JAR plan"


def test_an_api_read_counts_the_call_in_a_short_write_of_its_own_then_reads_without_the_lock(client, world):
    """The per-token call count (shared by every worker) and the token's "last used" are written before the
    read's own transaction begins (actionplan/api/base.py), which then starts deferred as a page's does."""
    _, secret = token_create(user=world.users["viewer"], name="Feed", expires_on=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    first = begins(lambda: client.get("/api/v1/plans/", **headers))
    # The token's first use stamped (one statement, no transaction), the count written, then the read.
    assert first == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]
    assert begins(lambda: client.get("/api/v1/plans/", **headers)) == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]
