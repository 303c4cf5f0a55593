"""Every write × every role, with and without permission (Kiwi TCMS's pattern).

Each write is POSTed with a valid payload as each role. Allowed: the change is really in the
database (re-read), and its history row names the user. Refused: 403 (or the login page for
anonymous) and the database is exactly as it was. tests/views/test_permissions_matrix.py checks the GETs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.models import (
    Action,
    ApiToken,
    Evidence,
    IndicatorTarget,
    IndicatorValue,
    NoticePreference,
    Paper,
    PaperAppendix,
    PaperRender,
    PaperType,
    Plan,
    ProgressNote,
    Recommendation,
    ReportingCalendar,
    ReportingDate,
)
from actionplan.services.paper_types import paper_type_save
from actionplan.services.tokens import token_create
from actionplan.services.versions import current_version
from tests.excel.test_import import COL, ROW_1_2
from tests.factories import (
    CompletionClaimFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PaperAppendixFactory,
    PaperFactory,
    issued_paper,
    one_page_pdf,
)

ROLES = ["anonymous", "officer", "manager", "director", "clerk", "viewer", "norole"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_OF_1_2 = f"{COL['status']}{ROW_1_2}"  # action 1.2's Status cell on the exported Action plan sheet


@pytest.fixture
def plan(world):
    """The conftest plan (two actions, one account per role) with an indicator and a draft paper."""
    world.indicator = IndicatorFactory(plan=world.plan, code="CH 12", title="Conferences", unit="%")
    world.value = IndicatorValueFactory(indicator=world.indicator, period="Q1 2006/07", value=Decimal("65"))
    world.paper = PaperFactory(plan=world.plan, title="JAR action plan")
    world.appendix = PaperAppendixFactory(paper=world.paper)
    world.claim = CompletionClaimFactory(action=world.mine, claimed_by=world.users["officer"])
    world.meeting = ReportingDate.objects.create(plan=world.plan, name="LSCB", meets_on=date(2006, 6, 5))
    world.token, _ = token_create(user=world.users["viewer"], name="Dashboard", expires_on=None)
    world.issued = issued_paper(world.plan, title="JAR progress report, as issued")
    world.ptype = paper_type_save(plan=world.plan, kind="scrutiny_note", user=None, changes={})
    return world


def db_state() -> dict:
    """Every row of the app's tables and of their history: what a refused request must leave alone."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("actionplan").get_models()
    }


def latest_history(obj):
    return obj.history.order_by("-history_id").first()


def assert_recorded_by(obj, user, reason_contains=""):
    row = latest_history(obj)
    assert row.history_user == user
    assert reason_contains in (row.history_change_reason or "")


# --- the writes ------------------------------------------------------------------------------

def _post(url, data):
    """A write that is one POST of data(w) to url(w)."""
    return lambda client, w: client.post(url(w), data(w))


def _progress(w):
    return {"version": w.mine.version, "status": "in_progress", "note_date": timezone.localdate().isoformat(),
            "note_text": "Paper sent to the LSCB", "rag": "", "rag_reason": ""}


def _progress_effect(w, user):
    w.mine.refresh_from_db()
    assert w.mine.status == "in_progress"
    assert w.mine.version == 2
    note = ProgressNote.objects.get(action=w.mine)
    assert note.text == "Paper sent to the LSCB"
    assert note.recorded_by == user
    assert_recorded_by(w.mine, user)


def _evidence(w):
    pdf = SimpleUploadedFile("lscb-minutes.pdf", PDF, content_type="application/pdf")
    return {**_progress(w), "evidence_file": pdf}


def _evidence_effect(w, user):
    evidence = Evidence.objects.get(action=w.mine)
    assert evidence.original_name == "lscb-minutes.pdf"
    assert evidence.uploaded_by == user
    assert evidence.file.read() == PDF
    assert_recorded_by(evidence, user)


def _action_fields(w, **changes):
    return {"description": "Publish the revised booklet", "lead_text": "HL", "by_when_text": "End Apr 06",
            "leads": [w.hl.pk], "partners": "", "capacity": "", "success_criteria": "",
            "reason": "Agreed at the Action Plan Group", **changes}


def _action_add_effect(w, user):
    new = Action.objects.get(description="Publish the revised booklet")
    assert new.recommendation == w.rec
    assert new.due_date == date(2006, 4, 30)
    assert list(new.leads.values_list("person__initials", flat=True)) == ["HL"]
    assert_recorded_by(new, user, "Agreed at the Action Plan Group")


def _action_edit_effect(w, user):
    w.mine.refresh_from_db()
    assert w.mine.description == "Discussion paper revised"
    assert w.mine.due_date == date(2006, 4, 30)
    assert w.mine.version == 2
    assert_recorded_by(w.mine, user, "Agreed at the Action Plan Group")


def _reorder_effect(w, user):
    w.mine.refresh_from_db()
    w.theirs.refresh_from_db()
    assert (w.theirs.position, w.mine.position) == (1, 2)
    assert_recorded_by(w.theirs, user)


def _action_cancel_effect(w, user):
    w.theirs.refresh_from_db()
    assert w.theirs.status == "cancelled"
    assert_recorded_by(w.theirs, user, "Duplicate of 1.1")


def _rec_add_effect(w, user):
    rec = Recommendation.objects.get(plan=w.plan, number=2)
    assert rec.text == "Make sure thresholds are understood"
    assert rec.group == w.group
    assert_recorded_by(rec, user, "Recommendation added")


def _rec_edit_effect(w, user):
    w.rec.refresh_from_db()
    assert w.rec.text == "Ensure that referrals are acknowledged"
    assert_recorded_by(w.rec, user, "Reworded at the inspection's request")


def _rec_cancel_effect(w, user):
    w.rec.refresh_from_db()
    assert w.rec.cancelled
    assert set(w.rec.actions.values_list("status", flat=True)) == {"cancelled"}
    assert_recorded_by(w.rec, user, "Merged into recommendation 2")


def _rag(w):
    # Green, where its actions suggest Red: a RAG set by hand, with its reason.
    return {"rag": "green", "reason": "Partners have signed it off", "summary_date": timezone.localdate().isoformat(),
            "summary": "Signed off by the partners", "version": w.rec.version}


def _rag_effect(w, user):
    w.rec.refresh_from_db()
    assert (w.rec.rag_override, w.rec.rag_override_reason) == ("green", "Partners have signed it off")
    summary = w.rec.summaries.get()
    assert (summary.text, summary.rag, summary.author) == ("Signed off by the partners", "green", user)
    assert_recorded_by(w.rec, user, "Partners have signed it off")


def _figure_url(kind, edit=False):
    def url(w):
        args = {"slug": w.plan.slug, "pk": w.indicator.pk, "kind": kind}
        if edit:
            return reverse("indicator_figure_edit", kwargs={**args, "figure_pk": w.value.pk})
        return reverse("indicator_figure_add", kwargs=args)

    return url


def _value_add_effect(w, user):
    value = IndicatorValue.objects.get(indicator=w.indicator, period="Q2 2006/07")
    assert value.value == Decimal("70")
    assert value.period_end == date(2006, 9, 30)
    assert_recorded_by(value, user)


def _target_add_effect(w, user):
    target = IndicatorTarget.objects.get(indicator=w.indicator)
    assert (target.period, target.value) == ("2006/07", Decimal("75"))
    assert_recorded_by(target, user)


def _value_edit_effect(w, user):
    w.value.refresh_from_db()
    assert w.value.value == Decimal("66")
    assert_recorded_by(w.value, user, "Corrected from the performance report")


def _paper_create(w):
    today = timezone.localdate().isoformat()
    return {"kind": "scrutiny_note", "meeting_date": today, "as_at": today, "meeting_body": "", "title": "",
            "fill_generated": ""}


def _paper_create_effect(w, user):
    paper = Paper.objects.get(plan=w.plan, kind="scrutiny_note")
    assert not paper.is_issued
    assert_recorded_by(paper, user)


def _paper_edit(w):
    p = w.paper
    return {"title": "JAR action plan, revised", "meeting_body": p.meeting_body,
            "meeting_date": p.meeting_date.isoformat(), "as_at": p.as_at.isoformat(), "changes_since": "",
            "appendices": ["glossary"], "save": "1", "version": current_version(p)}


def _paper_edit_effect(w, user):
    w.paper.refresh_from_db()
    assert w.paper.title == "JAR action plan, revised"
    assert w.paper.appendices == ["glossary"]
    assert_recorded_by(w.paper, user)


def _paper_pdf_effect(w, user):
    job = PaperRender.objects.get(paper=w.paper)
    assert (job.kind, job.status, job.requested_by) == ("draft", "done", user)
    assert job.file
    assert len(job.sha256) == 64


def _paper_issue_effect(w, user):
    w.paper.refresh_from_db()
    assert w.paper.is_issued
    assert w.paper.issued_by == user
    assert len(w.paper.issued_sha256) == 64
    assert_recorded_by(w.paper, user, "Issued")


def _paper_publish_effect(w, user):
    w.issued.refresh_from_db()
    assert w.issued.public
    assert_recorded_by(w.issued, user, "Published: readable without signing in. Why: Agenda published")


def _workbook(w, change=None) -> bytes:
    """The plan exported through its own URL (by the plan manager), optionally edited."""
    exporter = Client()
    exporter.force_login(w.users["manager"])
    data = b"".join(exporter.get(reverse("plan_export_xlsx", args=[w.plan.slug])).streaming_content)
    if change is None:
        return data
    book = load_workbook(BytesIO(data))
    change(book["Action plan"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _import(url, change=None, **fields):
    """Upload (the dry run), then confirm it in the same session, as the person would."""

    def perform(client, w):
        upload = SimpleUploadedFile("returned.xlsx", _workbook(w, change), content_type=XLSX)
        response = client.post(url(w), {"file": upload, **fields})
        if response.status_code != 200 or not response.context or not response.context.get("token"):
            return response
        token, fingerprint = response.context["token"], response.context["report"].fingerprint
        return client.post(reverse("plan_import_apply", args=[token]), {"fingerprint": fingerprint})

    return perform


def _import_effect(w, user):
    w.theirs.refresh_from_db()
    assert w.theirs.status == "completed"
    assert w.theirs.completed_on == timezone.localdate()
    assert_recorded_by(w.theirs, user, "Imported from returned.xlsx")


def _import_new_effect(w, user):
    copy = Plan.objects.get(slug="copy")
    assert Action.objects.filter(recommendation__plan=copy).count() == 2
    assert_recorded_by(copy, user, "Imported from returned.xlsx")


def _claim_review(decision, comment=""):
    return _post(lambda w: reverse("signoff_review", args=[w.claim.pk]),
                 lambda w: {"version": w.claim.version, "decision": decision, "comment": comment})


def _accept_effect(w, user):
    w.claim.refresh_from_db()
    assert (w.claim.state, w.claim.reviewer) == ("accepted", user)
    w.mine.refresh_from_db()
    assert (w.mine.status, w.mine.completed_on) == ("completed", timezone.localdate())
    assert_recorded_by(w.mine, user, "Completion accepted by")
    assert_recorded_by(w.claim, user, "Completion accepted")


def _return_effect(w, user):
    w.claim.refresh_from_db()
    assert (w.claim.state, w.claim.reviewer, w.claim.comment) == ("returned", user, "Attach the minutes")
    w.mine.refresh_from_db()
    assert w.mine.status == "not_started"
    assert_recorded_by(w.claim, user, "Completion returned: Attach the minutes")


def _settings_effect(w, user):
    w.plan.refresh_from_db()
    assert (w.plan.completion_needs_signoff, w.plan.completion_needs_evidence) == (True, True)
    assert_recorded_by(w.plan, user, "Agreed at the APG")


def _calendar_effect(w, user):
    calendar = ReportingCalendar.objects.get(plan=w.plan)
    assert (calendar.interval, calendar.interval_name, calendar.first_date, calendar.deadline_working_days) == (
        "weekly", "Action Plan Group", date(2006, 1, 9), 2)
    assert_recorded_by(calendar, user, "Reporting calendar changed")


def _meeting_add_effect(w, user):
    meeting = ReportingDate.objects.get(plan=w.plan, name="Children's Services Scrutiny Committee")
    assert (meeting.meets_on, meeting.report_on, meeting.deadline) == (date(2006, 5, 31), date(2006, 5, 19), None)
    assert_recorded_by(meeting, user, "Meeting added")


def _meeting_remove_effect(w, user):
    assert not ReportingDate.objects.filter(pk=w.meeting.pk).exists()
    gone = ReportingDate.history.filter(id=w.meeting.pk).order_by("-history_id").first()
    assert (gone.history_type, gone.history_user) == ("-", user)


def _preferences_effect(w, user):
    pref = NoticePreference.objects.get(user=user)
    assert (pref.actions_digest, pref.plan_digest) == (False, True)
    assert_recorded_by(pref, user, "Email choices changed")
    assert NoticePreference.objects.count() == 1  # only the signed-in person's own


@dataclass(frozen=True)
class Write:
    perform: Callable  # (client, world) -> the last response
    allowed: frozenset
    effect: Callable  # (world, user): asserts the change, read back from the database
    done: int = 302  # the answer to an allowed write (a new token's secret is shown, not redirected to)


MANAGER, PAPERS = frozenset({"manager"}), frozenset({"clerk", "manager"})
WRITES = {
    "progress update": Write(_post(lambda w: reverse("action_update", args=[w.mine.pk]), _progress),
                             frozenset({"officer", "manager"}), _progress_effect),
    "evidence upload": Write(_post(lambda w: reverse("action_update", args=[w.mine.pk]), _evidence),
                             frozenset({"officer", "manager"}), _evidence_effect),
    "action add": Write(_post(lambda w: reverse("action_add", args=[w.plan.slug, 1]), _action_fields),
                        MANAGER, _action_add_effect),
    "action edit": Write(
        _post(lambda w: reverse("action_edit", args=[w.mine.pk]),
              lambda w: _action_fields(w, description="Discussion paper revised", version=w.mine.version)),
        MANAGER, _action_edit_effect),
    "action reorder": Write(_post(lambda w: reverse("action_reorder", args=[w.theirs.pk]),
                                  lambda w: {"direction": "up"}), MANAGER, _reorder_effect),
    "action cancel": Write(_post(lambda w: reverse("action_cancel", args=[w.theirs.pk]),
                                 lambda w: {"reason": "Duplicate of 1.1", "version": w.theirs.version}), MANAGER,
                           _action_cancel_effect),
    "recommendation add": Write(
        _post(lambda w: reverse("recommendation_add", args=[w.plan.slug]),
              lambda w: {"number": 2, "text": "Make sure thresholds are understood", "group": w.group.pk,
                         "reason": ""}),
        MANAGER, _rec_add_effect),
    "recommendation edit": Write(
        _post(lambda w: reverse("recommendation_edit", args=[w.plan.slug, 1]),
              lambda w: {"number": 1, "text": "Ensure that referrals are acknowledged", "group": w.group.pk,
                         "reason": "Reworded at the inspection's request", "version": w.rec.version}),
        MANAGER, _rec_edit_effect),
    "recommendation cancel": Write(
        _post(lambda w: reverse("recommendation_cancel", args=[w.plan.slug, 1]),
              lambda w: {"reason": "Merged into recommendation 2", "version": w.rec.version}),
        MANAGER, _rec_cancel_effect),
    "director's RAG and summary": Write(
        _post(lambda w: reverse("recommendation_rag", args=[w.plan.slug, 1]), _rag),
        frozenset({"director"}), _rag_effect),
    "indicator value add": Write(
        _post(_figure_url("values"), lambda w: {"period": "Q2 2006/07", "period_end": "2006-09-30", "value": "70",
                                                "note": "", "reason": ""}),
        MANAGER, _value_add_effect),
    "indicator target add": Write(
        _post(_figure_url("targets"), lambda w: {"period": "2006/07", "period_end": "2007-03-31", "value": "75",
                                                 "note": "", "reason": ""}),
        MANAGER, _target_add_effect),
    "indicator value edit": Write(
        _post(_figure_url("values", edit=True),
              lambda w: {"period": "Q1 2006/07", "period_end": "2006-06-30", "value": "66", "note": "",
                         "reason": "Corrected from the performance report", "version": current_version(w.value)}),
        MANAGER, _value_edit_effect),
    "paper create": Write(_post(lambda w: reverse("paper_create", args=[w.plan.slug]), _paper_create),
                          PAPERS, _paper_create_effect),
    "paper edit": Write(_post(lambda w: reverse("paper_edit", args=[w.paper.pk]), _paper_edit),
                        PAPERS, _paper_edit_effect),
    "paper draft PDF": Write(_post(lambda w: reverse("paper_pdf", args=[w.paper.pk]), lambda w: {}),
                             PAPERS, _paper_pdf_effect),
    "paper issue": Write(_post(lambda w: reverse("paper_issue", args=[w.paper.pk]), lambda w: {}),
                         PAPERS, _paper_issue_effect),
    "paper publish": Write(
        _post(lambda w: reverse("paper_publish", args=[w.issued.pk]),
              lambda w: {"version": current_version(w.issued), "why": "Agenda published"}),
        PAPERS, _paper_publish_effect),
    "Excel import of returned updates": Write(
        _import(lambda w: reverse("plan_import", args=[w.plan.slug]),
                lambda ws: ws.__setitem__(STATUS_OF_1_2, "Completed")),
        frozenset({"manager", "clerk"}), _import_effect),
    "reporting calendar": Write(
        _post(lambda w: reverse("reporting_calendar", args=[w.plan.slug]),
              lambda w: {"interval": "weekly", "interval_name": "Action Plan Group", "first_date": "2006-01-09",
                         "deadline_working_days": "2"}),
        MANAGER, _calendar_effect),
    "reporting meeting add": Write(
        _post(lambda w: reverse("reporting_date_add", args=[w.plan.slug]),
              lambda w: {"name": "Children's Services Scrutiny Committee", "meets_on": "2006-05-31",
                         "report_on": "2006-05-19", "deadline": ""}),
        MANAGER, _meeting_add_effect),
    "own reminder emails": Write(
        _post(lambda w: reverse("notice_preferences"), lambda w: {"plan_digest": "on"}),
        frozenset({"officer", "manager", "director", "clerk", "viewer", "norole"}), _preferences_effect),
    "reporting meeting remove": Write(
        _post(lambda w: reverse("reporting_date_remove", args=[w.plan.slug, w.meeting.pk]), lambda w: {}),
        MANAGER, _meeting_remove_effect),
    "Excel import of a new plan": Write(
        _import(lambda w: reverse("plan_import_new"), slug="copy"), MANAGER, _import_new_effect),
    "sign-off accept": Write(_claim_review("accept"), frozenset({"manager", "director"}), _accept_effect),
    "sign-off return": Write(_claim_review("return", "Attach the minutes"), frozenset({"manager", "director"}),
                             _return_effect),
    "sign-off settings": Write(
        _post(lambda w: reverse("plan_signoff_settings", args=[w.plan.slug]),
              lambda w: {"needs_signoff": "on", "needs_evidence": "on", "reason": "Agreed at the APG",
                         "version": current_version(w.plan)}),
        MANAGER, _settings_effect),
}


def _appendix_added_effect(w, user):
    added = PaperAppendix.objects.get(paper=w.paper, title="Staffing report")
    assert "| Team | Posts |" in added.body
    assert_recorded_by(added, user, "Appendix added")


def _appendix_uploaded_effect(w, user):
    added = PaperAppendix.objects.get(paper=w.paper, title="Performance management report")
    assert (added.kind, added.page_count) == ("pdf", 1)
    assert added.file.read() == one_page_pdf()
    assert_recorded_by(added, user, "Appendix uploaded")


def _appendix_edited_effect(w, user):
    w.appendix.refresh_from_db()
    assert (w.appendix.title, w.appendix.order) == ("Staffing at June", 2)
    assert_recorded_by(w.appendix, user, "Appendix edited")


def _appendix_removed_effect(w, user):
    assert not PaperAppendix.objects.filter(pk=w.appendix.pk).exists()
    row = PaperAppendix.history.filter(id=w.appendix.pk).order_by("-history_id").first()
    assert (row.history_type, row.history_user) == ("-", user)


WRITES.update({
    # Issue 12: a draft paper's own appendices, for clerks and plan managers.
    "paper appendix add": Write(
        _post(lambda w: reverse("paper_appendix_add", args=[w.paper.pk, "text"]),
              lambda w: {"title": "Staffing report", "order": "1", "body": "| Team | Posts |\n| Hereford | 12 |"}),
        PAPERS, _appendix_added_effect),
    "paper appendix upload": Write(
        _post(lambda w: reverse("paper_appendix_add", args=[w.paper.pk, "pdf"]),
              lambda w: {"title": "Performance management report", "order": "2",
                         "file": SimpleUploadedFile("pm.pdf", one_page_pdf(), content_type="application/pdf")}),
        PAPERS, _appendix_uploaded_effect),
    "paper appendix edit": Write(
        _post(lambda w: reverse("paper_appendix_edit", args=[w.paper.pk, w.appendix.pk]),
              lambda w: {"title": "Staffing at June", "order": "2", "body": w.appendix.body,
                         "version": current_version(w.appendix)}),
        PAPERS, _appendix_edited_effect),
    "paper appendix remove": Write(
        _post(lambda w: reverse("paper_appendix_remove", args=[w.paper.pk, w.appendix.pk]), lambda w: {}),
        PAPERS, _appendix_removed_effect),
})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_as_every_role(client, plan, name, role):
    write = WRITES[name]
    user = plan.users.get(role)
    if user is not None:
        client.force_login(user)
    before = db_state()
    response = write.perform(client, plan)
    if role in write.allowed:
        assert response.status_code == write.done, f"{role} should be able to make the {name}"
        write.effect(plan, user)
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code in (403, 404), f"{role} must be refused the {name}"
    assert db_state() == before, f"a refused {name} by {role} changed the database"


def _token_made_effect(w, user):
    token = ApiToken.objects.get(user=user, name="Intranet feed")
    assert token.revoked_at is None


def _token_revoked_effect(w, user):
    w.token.refresh_from_db()
    assert w.token.revoked_at is not None


def _paper_type_fields(w, **changes):
    return {"title": "Progress on improvement", "meeting_body": "Cabinet", "portfolio": "Children's services",
            "contact_wording": "Further information from {name}, {title} on {phone}", "contact_name": "Sue Fiennes",
            "contact_title": "Director", "contact_phone": "01432 260039", "appendices": ["summary"],
            "red_actions_limit": "10", **changes}


def _paper_type_set_up_effect(w, user):
    ptype = PaperType.objects.get(plan=w.plan, kind="cabinet_report")
    assert (ptype.title, ptype.appendices, ptype.red_actions_limit) == ("Progress on improvement", ["summary"], 10)
    assert_recorded_by(ptype, user, "set up")


def _paper_type_edit_effect(w, user):
    w.ptype.refresh_from_db()
    assert w.ptype.title == "Summary progress for scrutiny"
    assert_recorded_by(w.ptype, user, "edited")


WRITES.update({
    "paper type set up": Write(
        _post(lambda w: reverse("paper_type_edit", args=[w.plan.slug, "cabinet_report"]), _paper_type_fields),
        PAPERS, _paper_type_set_up_effect),
    "paper type edit": Write(
        _post(lambda w: reverse("paper_type_edit", args=[w.plan.slug, "scrutiny_note"]),
              lambda w: {**_paper_type_fields(w, title="Summary progress for scrutiny"),
                         "version": current_version(w.ptype)}),
        PAPERS, _paper_type_edit_effect),
})

WRITES.update({
    # Everyone signed in makes their own tokens; only the owner revokes one (others: 404, nothing changes).
    "api token make": Write(_post(lambda w: reverse("api_tokens"), lambda w: {"name": "Intranet feed"}),
                            frozenset({"officer", "manager", "director", "clerk", "viewer", "norole"}),
                            _token_made_effect, done=200),
    "api token revoke": Write(_post(lambda w: reverse("api_token_revoke", args=[w.token.pk]), lambda w: {}),
                              frozenset({"viewer"}), _token_revoked_effect),
})


def test_every_write_url_is_exercised():
    """A new POST view must be added to WRITES; these are the GET-only or read-only URLs."""
    from tests.views.test_permissions_matrix import MATRIX

    reads = {"home", "plan_list", "plan_detail", "recommendation_detail", "action_list", "action_detail",
             "evidence_download", "dashboard", "dashboard_actions", "changes", "portfolio", "indicator_list",
             "indicator_detail", "paper_list", "paper_detail", "paper_preview", "paper_render", "paper_render_file",
             "plan_export_xlsx", "action_list_export_xlsx", "action_list_export_csv", "signoff_inbox", "plan_returns",
             "paper_issued", "published_papers", "accessibility", "paper_type_list", "paper_appendix_file"}
    written = {"action_update", "action_add", "action_edit", "action_reorder", "action_cancel", "recommendation_add",
               "recommendation_edit", "recommendation_cancel", "recommendation_rag", "indicator_figure_add",
               "indicator_figure_edit", "paper_create", "paper_edit", "paper_pdf", "paper_issue", "plan_import",
               "plan_import_new", "plan_import_apply", "signoff_review", "plan_signoff_settings", "reporting_calendar",
               "reporting_date_add", "reporting_date_remove", "notice_preferences", "api_tokens",
               "api_token_revoke", "paper_publish", "paper_type_edit", "paper_appendix_add", "paper_appendix_edit",
               "paper_appendix_remove"}
    assert set(MATRIX) == reads | written


def test_confirming_someone_elses_dry_run_is_refused_and_changes_nothing(plan):
    """The confirmation token belongs to the uploader's session: another role cannot use it."""
    manager = Client()
    manager.force_login(plan.users["manager"])
    returned = _workbook(plan, lambda ws: ws.__setitem__(STATUS_OF_1_2, "Completed"))
    upload = SimpleUploadedFile("returned.xlsx", returned,
                                content_type=XLSX)
    dry_run = manager.post(reverse("plan_import", args=[plan.plan.slug]), {"file": upload})
    token, fingerprint = dry_run.context["token"], dry_run.context["report"].fingerprint
    before = db_state()
    for role in ("officer", "director", "viewer", "norole", "clerk"):
        other = Client()
        other.force_login(plan.users[role])
        response = other.post(reverse("plan_import_apply", args=[token]), {"fingerprint": fingerprint})
        # Refused outright, or (a clerk, who may import) told there is no workbook waiting for them.
        assert response.status_code == 403 or response["Location"] == reverse("plan_import_new"), role
    assert db_state() == before
    assert manager.post(reverse("plan_import_apply", args=[token]), {"fingerprint": fingerprint}).status_code == 302
    plan.theirs.refresh_from_db()
    assert plan.theirs.status == "completed"



@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_needs_the_csrf_token_even_from_a_role_that_may_make_it(plan, name):
    """A page on another site cannot make a signed-in user's browser write: no token, no change."""
    write = WRITES[name]
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan.users[sorted(write.allowed)[0]])
    before = db_state()
    response = write.perform(client, plan)
    assert response.status_code == 403
    assert db_state() == before

