"""The stale-edit page and the version every write form carries (issues 13 and 15).

A save from a form opened before someone else's save is refused, nothing is written, and the page names
who saved (their name, "you, in another tab or window", or "someone (name not recorded)" for an import
run without a user), when, and every field they changed, in the plan's words, keeping what was typed.
Whatever the history holds, the page is shown (409), never a server error. A form sent without its
version is refused and nothing is written.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan import roles
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.forms.versions import MISSING
from actionplan.models import Action, ProgressNote, Status
from actionplan.services import reporting
from tests.conftest import make_user
from tests.excel.test_import import COL, ROW_1_1
from tests.views.test_permissions_writes import (
    WRITES,
    db_state,
    plan,  # noqa: F401 - the fixture the writes run on
)

MISSING_HTML = MISSING.replace("'", "&#x27;")


def progress(version, **data):
    return {"version": version, "status": "in_progress", "note_date": "2006-03-01", "note_text": "",
            "rag": "", "rag_reason": "", **data}


def post_progress(client, action, version, **data):
    return client.post(reverse("action_update", args=[action.pk]), progress(version, **data))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def banner(response) -> str:
    html = response.content.decode()
    start = html.index('id="conflict"')
    return html[start:html.index("</div>\n</div>", start)]


def test_after_an_import_run_without_a_user_the_page_names_someone_not_recorded_and_the_status_change(
        world, tmp_path):
    """It was a 500: the page read the name of a history row's user, and an import without --user has none."""
    officer = signed_in(world.users["officer"])
    opened = world.mine.version
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(world.plan, path)
    wb = load_workbook(path)
    wb["Action plan"][f"{COL['status']}{ROW_1_1}"] = "Delayed"  # action 1.1
    wb.save(path)
    assert workbook_import(Path(path), file_name="plan.xlsx", user=None, dry_run=False).applied

    response = post_progress(officer, world.mine, opened, status="completed", note_text="Paper sent to the LSCB")
    assert response.status_code == 409
    text = banner(response)
    assert "Someone (name not recorded) saved this action after you opened this page." in text
    assert "Status: Not started → Delayed" in text
    assert "Imported from plan.xlsx" in text  # why, from the history
    assert "Paper sent to the LSCB</textarea>" in response.content.decode()  # the typed note is kept
    assert not ProgressNote.objects.filter(text="Paper sent to the LSCB").exists()


def test_the_same_person_in_another_tab_is_told_it_was_them(world):
    tab_one, tab_two = signed_in(world.users["officer"]), signed_in(world.users["officer"])
    opened = world.mine.version
    assert post_progress(tab_one, world.mine, opened, status="delayed", rag="green",
                         rag_reason="Staff shortage").status_code == 302
    response = post_progress(tab_two, world.mine, opened, status="completed", note_text="Done")
    assert response.status_code == 409
    text = banner(response)
    assert "You saved this action in another tab or window after you opened this page." in text
    assert "You, in another tab or window, " in text
    assert "Status: Not started → Delayed" in text
    assert "RAG override: — → Green" in text  # the domain's words, not "Rag override"
    assert "Reason for the RAG override: — → Staff shortage" in text


def test_a_save_that_changed_nothing_is_still_named_on_the_page(world):
    """Seen in Chromium: an officer who saved "no change" in one tab was told "Someone saved this action",
    with nothing listed under it, in the other."""
    tab_one, tab_two = signed_in(world.users["officer"]), signed_in(world.users["officer"])
    opened = world.mine.version
    assert post_progress(tab_one, world.mine, opened, status=world.mine.status).status_code == 302
    assert Action.objects.get(pk=world.mine.pk).version == opened + 1  # the review was recorded
    response = post_progress(tab_two, world.mine, opened, status="completed", note_text="Done")
    assert response.status_code == 409
    text = banner(response)
    assert "You saved this action in another tab or window after you opened this page." in text
    assert "Saved with no change to the action" in text


def test_each_save_since_is_listed_with_its_note_and_earlier_ones_are_not(world):
    director = signed_in(make_user("manager2", roles.PLAN_MANAGER, first_name="Sue", last_name="Fiennes"))
    manager = signed_in(world.users["manager"])
    post_progress(director, world.mine, world.mine.version, status="in_progress", note_text="Setting up")
    world.mine.refresh_from_db()
    opened = world.mine.version
    post_progress(director, world.mine, opened, status="delayed", note_text="LSCB postponed")
    world.mine.refresh_from_db()
    post_progress(director, world.mine, world.mine.version, status="delayed", note_text="New date set")
    officer = signed_in(world.users["officer"])
    response = post_progress(officer, world.mine, opened, status="completed", note_text="Mine")
    text = banner(response)
    assert "Sue Fiennes saved this action after you opened this page." in text
    assert "Status: In progress → Delayed" in text
    assert text.count("Progress note dated 1 March 2006 added") == 2
    assert "Setting up" not in text  # saved before the form was opened
    assert "Note: — → LSCB postponed" in text
    assert "Note: — → New date set" in text
    manager_post = post_progress(manager, world.mine, opened, status="completed")
    assert "Sue Fiennes saved this action" in banner(manager_post)


def test_a_version_with_no_history_row_and_rows_with_no_user_still_give_the_page(world):
    """History pruned or written by a loader: the page is shown, naming what it can."""
    officer = signed_in(world.users["officer"])
    opened = world.mine.version
    action = Action.objects.get(pk=world.mine.pk)
    action.status, action.version = Status.ONGOING, action.version + 1
    action.save()  # no user: as the plan's loader writes
    action.history.filter(version=opened).delete()
    response = post_progress(officer, world.mine, opened, status="completed", note_text="Kept")
    assert response.status_code == 409
    assert "Someone (name not recorded) saved this action" in banner(response)
    forged = post_progress(officer, world.mine, opened + 50, status="completed", note_text="Kept")
    assert forged.status_code == 409
    assert "saved this action after you opened this page" in banner(forged)


def test_a_stale_action_edit_names_who_and_what_changed(world):
    manager = signed_in(world.users["manager"])
    opened = world.mine.version
    post_progress(signed_in(world.users["officer"]), world.mine, opened, status="delayed", note_text="Postponed")
    fields = {"description": "Discussion paper for the LSCB", "lead_text": "HL", "by_when_text": "End Apr 06",
              "leads": [world.hl.pk], "partners": "", "capacity": "", "success_criteria": "", "reason": ""}
    response = manager.post(reverse("action_edit", args=[world.mine.pk]), {**fields, "version": opened})
    assert response.status_code == 409
    text = banner(response)
    assert "Henry Lewis saved this action after you opened this page" in text
    assert "Status: Not started → Delayed" in text
    assert "Note: — → Postponed" in text
    assert "Discussion paper for the LSCB" in response.content.decode()  # what the manager typed is kept
    world.mine.refresh_from_db()
    assert world.mine.description == "Discussion paper to be prepared"


def test_a_stale_recommendation_edit_names_who_saved(world):
    first, second = signed_in(world.users["manager"]), signed_in(world.users["director"])
    opened = world.rec.version
    assert first.post(reverse("recommendation_rag", args=[world.plan.slug, 1]),
                      {"version": opened, "rag": "green", "reason": "Agreed at the board", "summary_date": "",
                       "summary": ""}).status_code == 403  # a manager may not set it; the director does
    assert second.post(reverse("recommendation_rag", args=[world.plan.slug, 1]),
                       {"version": opened, "rag": "green", "reason": "Agreed at the board", "summary_date": "",
                        "summary": ""}).status_code == 302
    response = first.post(reverse("recommendation_edit", args=[world.plan.slug, 1]),
                          {"version": opened, "number": 1, "text": "Reworded", "group": world.group.pk, "reason": ""})
    assert response.status_code == 409
    assert "Sue Fiennes saved this recommendation after you opened this page" in banner(response)
    assert "Reworded</textarea>" in response.content.decode()
    world.rec.refresh_from_db()
    assert world.rec.text != "Reworded"
    again = first.post(reverse("recommendation_edit", args=[world.plan.slug, 1]),
                       {"version": world.rec.version, "number": 1, "text": "Reworded", "group": world.group.pk,
                        "reason": ""})
    assert again.status_code == 302


def test_a_stale_cancel_is_refused_naming_who_saved(world):
    manager = signed_in(world.users["manager"])
    opened = world.mine.version
    post_progress(signed_in(world.users["officer"]), world.mine, opened, status="delayed")
    response = manager.post(reverse("action_cancel", args=[world.mine.pk]), {"reason": "Duplicate", "version": opened})
    assert response.status_code == 409
    assert "Henry Lewis saved this action 1.1 after you opened this page" in banner(response)
    world.mine.refresh_from_db()
    assert world.mine.status == Status.DELAYED


# --- every write form requires its version ------------------------------------------------------------

def _edit_fields(w):
    return {"description": "Changed without a version", "lead_text": "HL", "by_when_text": "End Apr 06",
            "leads": [w.hl.pk], "partners": "", "capacity": "", "success_criteria": "", "reason": ""}


# Each write that changes a record already saved: the role making it, where, and a valid payload but for
# the version. The guard below fails when a write is added to tests/views/test_permissions_writes.py
# without being placed here or among the writes that need no version.
VERSIONED = {
    "progress update": ("officer", lambda w: reverse("action_update", args=[w.mine.pk]),
                        lambda w: progress(None, note_text="No version")),
    "evidence upload": ("officer", lambda w: reverse("action_update", args=[w.mine.pk]),
                        lambda w: progress(None, evidence_url="https://example.com/minutes")),
    "action edit": ("manager", lambda w: reverse("action_edit", args=[w.mine.pk]), _edit_fields),
    "action cancel": ("manager", lambda w: reverse("action_cancel", args=[w.mine.pk]),
                      lambda w: {"reason": "Duplicate"}),
    "recommendation edit": ("manager", lambda w: reverse("recommendation_edit", args=[w.plan.slug, 1]),
                            lambda w: {"number": 1, "text": "Reworded", "group": w.group.pk, "reason": ""}),
    "recommendation cancel": ("manager", lambda w: reverse("recommendation_cancel", args=[w.plan.slug, 1]),
                              lambda w: {"reason": "Merged"}),
    "director's RAG and summary": (
        "director", lambda w: reverse("recommendation_rag", args=[w.plan.slug, 1]),
        lambda w: {"rag": "green", "reason": "Agreed", "summary_date": "", "summary": ""}),
    "sign-off accept": ("manager", lambda w: reverse("signoff_review", args=[w.claim.pk]),
                        lambda w: {"decision": "accept", "comment": ""}),
    "sign-off return": ("manager", lambda w: reverse("signoff_review", args=[w.claim.pk]),
                        lambda w: {"decision": "return", "comment": "Attach the minutes"}),
    "indicator value edit": ("manager", lambda w: reverse("indicator_figure_edit", kwargs={
        "slug": w.plan.slug, "pk": w.indicator.pk, "kind": "values", "figure_pk": w.value.pk}),
        lambda w: {"period": "Q1 2006/07", "period_end": "2006-06-30", "value": "66", "note": "",
                   "reason": "Corrected"}),
    "paper edit": ("clerk", lambda w: reverse("paper_edit", args=[w.paper.pk]),
                   lambda w: {"title": "Renamed", "meeting_body": w.paper.meeting_body,
                              "meeting_date": w.paper.meeting_date.isoformat(), "as_at": w.paper.as_at.isoformat(),
                              "changes_since": "", "appendices": ["glossary"], "save": "1"}),
    "paper publish": ("clerk", lambda w: reverse("paper_publish", args=[w.issued.pk]),
                      lambda w: {"why": "Agenda published"}),
    "paper type edit": ("clerk", lambda w: reverse("paper_type_edit", args=[w.plan.slug, "scrutiny_note"]),
                        lambda w: {"title": "Renamed", "meeting_body": "Scrutiny", "contact_wording": "Ask {name}",
                                   "contact_name": "", "contact_title": "", "contact_phone": "",
                                   "appendices": ["summary"], "red_actions_limit": ""}),
    "reporting calendar": ("manager", lambda w: reverse("reporting_calendar", args=[w.plan.slug]),
                           lambda w: {"interval": "weekly", "interval_name": "APG", "first_date": "2006-01-09",
                                      "deadline_working_days": "2"}),
    "own reminder emails": ("officer", lambda w: reverse("notice_preferences"), lambda w: {"plan_digest": "on"}),
    "paper appendix edit": ("clerk", lambda w: reverse("paper_appendix_edit", args=[w.paper.pk, w.appendix.pk]),
                            lambda w: {"title": "Staffing at June", "order": "2", "body": w.appendix.body}),
    "sign-off settings": ("manager", lambda w: reverse("plan_signoff_settings", args=[w.plan.slug]),
                          lambda w: {"needs_signoff": "on", "needs_evidence": "on", "reason": "Agreed"}),
}
# Writes that make something new (nothing to overwrite), move an action by one place, or carry their own
# check (an import compares the workbook with the plan as exported; a paper's issue and PDF, a meeting's
# removal, a token's revocation and an appendix's removal are one button with no fields to overwrite anything with).
NO_VERSION = {"action add", "recommendation add", "action reorder", "indicator value add", "indicator target add",
              "paper create", "paper draft PDF", "paper issue", "paper type set up", "Excel import of returned updates",
              "Excel import of a new plan", "reporting meeting add", "reporting meeting remove",
              "api token make", "api token revoke", "paper appendix add", "paper appendix upload",
              "paper appendix remove"}


def test_every_write_is_either_versioned_or_named_as_needing_no_version():
    assert set(WRITES) == set(VERSIONED) | NO_VERSION
    assert not set(VERSIONED) & NO_VERSION


@pytest.fixture
def claimed(db, request):
    """The writes' plan (an indicator value, a draft paper, a completion claim), with a reporting calendar and
    the officer's email choices saved, so that every versioned write has a record to overwrite."""
    w = request.getfixturevalue("plan")
    reporting.calendar_save(plan=w.plan, fields={"interval_name": "LSCB"}, user=w.users["manager"])
    reporting.notice_preferences_save(user=w.users["officer"], actions_digest=True, plan_digest=False)
    return w


@pytest.mark.parametrize("name", list(VERSIONED))
@pytest.mark.parametrize("version", [None, "", "two"])
def test_a_write_form_sent_without_its_version_is_refused_and_nothing_written(claimed, name, version):
    role, url, data = VERSIONED[name]
    client = signed_in(claimed.users[role])
    payload = {k: v for k, v in data(claimed).items() if k != "version"}
    if version is not None:
        payload["version"] = version
    before = db_state()
    response = client.post(url(claimed), payload)
    assert response.status_code == 400, name
    assert MISSING_HTML in response.content.decode()
    assert db_state() == before, f"the {name} without its version changed the database"


def test_the_version_is_checked_on_the_record_as_it_stands_when_saving(world):
    """A version from a form opened days ago, on an action saved since, is refused however it is sent."""
    officer = signed_in(world.users["officer"])
    opened = world.mine.version
    world.mine.status, world.mine.version = Status.DELAYED, opened + 1
    world.mine.save()
    world.mine.history.update(history_date=timezone.now() - timedelta(days=3))
    assert post_progress(officer, world.mine, opened, status="completed").status_code == 409


def test_a_record_without_a_version_column_is_locked_by_its_latest_history_row(claimed):
    """A paper's `version` counts issued papers; its saves move its history on, and that is what is checked."""
    w = claimed
    _, url, data = VERSIONED["paper edit"]
    first, second = signed_in(w.users["clerk"]), signed_in(w.users["manager"])
    opened = second.get(url(w)).context["form"]["version"].value()
    assert first.post(url(w), {**data(w), "title": "Renamed by the clerk",
                               "version": first.get(url(w)).context["form"]["version"].value()}).status_code == 302
    response = second.post(url(w), {**data(w), "title": "Renamed by the manager", "version": opened})
    assert response.status_code == 409
    assert "clerk saved this paper after you opened this page" in banner(response)
    assert 'value="Renamed by the manager"' in response.content.decode()  # kept in the form
    w.paper.refresh_from_db()
    assert w.paper.title == "Renamed by the clerk"
    again = second.post(url(w), {**data(w), "title": "Renamed by the manager",
                                 "version": response.context["form"]["version"].value()})
    assert again.status_code == 302
