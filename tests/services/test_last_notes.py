"""The time of each action's newest note, kept on the action (Action.last_note_at) for the action list's
"Last update" sort: every way of writing notes leaves it equal to the newest note's, and nothing else writes it."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.models import Action, ProgressNote
from actionplan.services.progress import ProgressUpdate, action_record_progress
from tests.conftest import HEREFORDSHIRE
from tests.factories import ActionFactory, NoteFactory

pytestmark = pytest.mark.django_db


def newest_notes(actions) -> dict[int, datetime | None]:
    """Each action's newest note as read from the notes themselves."""
    return dict(actions.annotate(newest=Max("notes__recorded_at")).values_list("pk", "newest"))


def kept(actions) -> dict[int, datetime | None]:
    return dict(actions.values_list("pk", "last_note_at"))


def test_a_note_recorded_through_the_service_is_kept_on_the_action_and_a_later_save_does_not_undo_it(world):
    action = world.mine
    opened = Action.objects.get(pk=action.pk)  # a form opened before the note was recorded
    versions = action.history.count()
    action_record_progress(action_id=action.pk, user=world.users["officer"], expected_version=action.version,
                           update=ProgressUpdate(status="in_progress", note_date=date(2006, 3, 1),
                                                 note_text="Paper drafted"))
    note = ProgressNote.objects.get(action=action)
    assert Action.objects.get(pk=action.pk).last_note_at == note.recorded_at
    assert action.history.count() == versions + 1  # the status change's row only: the time is no version
    opened.description = "Discussion paper to be prepared and agreed"
    opened.save()  # its last_note_at, read before the note, is not written back
    assert Action.objects.get(pk=action.pk).last_note_at == note.recorded_at
    assert Action.objects.get(pk=world.theirs.pk).last_note_at is None  # no note yet: unknown


def test_the_plan_loader_and_its_later_facts_keep_every_actions_newest_note(db):
    call_command("load_plan", str(HEREFORDSHIRE), stdout=StringIO())
    actions = Action.objects.all()
    assert ProgressNote.objects.exists()
    assert kept(actions) == newest_notes(actions)


def test_a_workbook_import_keeps_the_newest_note_of_the_actions_it_writes_notes_for(world, tmp_path):
    NoteFactory(action=world.mine, text="Paper drafted", recorded_at=timezone.now() - timedelta(days=40))
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(world.plan, path)
    report = workbook_import(path, file_name="plan.xlsx", plan_slug="copy", dry_run=False)
    assert report.applied, report.lines()
    copied = Action.objects.filter(recommendation__plan__slug="copy")
    assert kept(copied) == newest_notes(copied)
    assert sum(1 for at in kept(copied).values() if at is not None) == 1


def test_the_list_sorted_by_last_update_reads_no_note_and_puts_the_newest_first(client, world):
    NoteFactory(action=world.theirs, recorded_at=timezone.now() - timedelta(days=30))
    NoteFactory(action=world.mine, recorded_at=timezone.now() - timedelta(days=60))
    NoteFactory(action=world.mine, recorded_at=timezone.now() - timedelta(days=2))  # mine now the newest
    never = ActionFactory(recommendation=world.rec, position=3, description="Never updated")
    client.force_login(world.users["viewer"])

    def order(sort):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("action_list"), {"sort": sort}).content.decode()
        page = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"] and "LIMIT 3" in q["sql"]]
        assert len(page) == 1
        assert "actionplan_progressnote" not in page[0]  # ordered on the action's own column
        return sorted((world.mine.pk, world.theirs.pk, never.pk), key=lambda pk: html.index(f'href="/actions/{pk}/"'))

    assert order("-last_update") == [world.mine.pk, world.theirs.pk, never.pk]  # never updated last
    assert order("last_update") == [never.pk, world.theirs.pk, world.mine.pk]  # and first the other way
