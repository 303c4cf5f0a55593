"""Exporting a plan as a working Excel workbook: its sheets, how it behaves in a spreadsheet, who may have it."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.excel.export import export_plan_xlsx
from actionplan.history import save_recorded
from actionplan.models import (
    Action,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Person,
    ProgressNote,
    Rag,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from tests.factories import ActionFactory, NoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

HEADERS = [
    "Ref", "Timescale group", "Rec. no.", "Recommendation", "Action to be taken", "Lead", "By when", "Due date",
    "Status", "RAG", "RAG reason (when set by hand)", "Update", "RAG basis", "Progress to date", "People/Partners",
    "Additional capacity requirement", "Target/Success criteria", "Action ID (used on import; do not change)",
]


@pytest.fixture
def plan(world):
    """The conftest world plus notes, a second recommendation, a RAG set by hand, a summary and an indicator."""
    w = world
    Action.objects.filter(pk=w.mine.pk).update(lead_text="HL", partners="PCT, Police", status=Status.IN_PROGRESS)
    w.mine.refresh_from_db()
    w.mine.save()  # a history row with the fields above
    NoteFactory(action=w.mine, note_date=date(2006, 2, 1), text="Paper drafted", author=w.hl)
    NoteFactory(action=w.mine, note_date=date(2006, 3, 7), text="Paper agreed at LSCB", author=w.hl,
                recorded_by=w.users["officer"])
    rec2 = RecommendationFactory(plan=w.plan, group=w.group, number=2, text="Make sure criteria are understood")
    w.late = ActionFactory(recommendation=rec2, position=1, description="Issue revised booklet", lead_text="SF",
                           by_when_text="17 Mar 06", due_date=date(2006, 3, 17), status=Status.DELAYED,
                           rag_override=Rag.AMBER, rag_override_reason="Printer promised it for Friday")
    RecommendationSummary.objects.create(recommendation=w.rec, date=date(2006, 5, 19), text="All milestones met",
                                         rag=Rag.GREEN)
    ind = Indicator.objects.create(plan=w.plan, code="CH 141", title="Referrals per 10,000", unit="per 10,000")
    IndicatorTarget.objects.create(indicator=ind, period="2006/07", period_end=date(2007, 3, 31), value=Decimal("400"))
    IndicatorValue.objects.create(
        indicator=ind, period="Q1 2006/07", period_end=date(2006, 6, 30), value=Decimal("412.5")
    )
    return w


def workbook(plan, **kwargs):
    out = BytesIO()
    export_plan_xlsx(plan, out, **kwargs)
    out.seek(0)
    return load_workbook(out)


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_workbook_has_the_sheets_a_clerk_expects(plan):
    wb = workbook(plan.plan)
    assert wb.sheetnames == ["Action plan", "Summary", "Progress notes", "Indicators", "People", "Returns",
                             "About"]


def test_action_plan_sheet_has_one_row_per_action_with_recommendation_and_group_on_every_row(plan):
    data = rows(workbook(plan.plan)["Action plan"])
    assert data[0] == HEADERS
    body = data[1:]
    assert [r[0] for r in body] == ["1.1", "1.2", "2.1"]
    assert all(r[1] == "January – June 2006" for r in body)  # group on every row, so a filter works
    assert [r[2] for r in body] == [1, 1, 2]
    first = dict(zip(HEADERS, body[0], strict=True))
    assert first["Action to be taken"] == "Discussion paper to be prepared"
    assert first["Lead"] == "HL"
    assert first["People/Partners"] == "PCT, Police"
    assert first["By when"] == "Mar 06"
    assert first["Due date"] == datetime(2006, 3, 31)  # a real date cell
    assert first["Status"] == "In progress"
    assert first["Action ID (used on import; do not change)"] == plan.mine.pk


def test_progress_to_date_lists_dated_notes_newest_first(plan):
    first = rows(workbook(plan.plan)["Action plan"])[1]
    progress = first[HEADERS.index("Progress to date")]
    assert progress == "7 March 2006: Paper agreed at LSCB\n1 February 2006: Paper drafted"


def test_rag_is_written_as_a_word_on_its_colour_and_a_hand_set_rag_keeps_its_reason(plan):
    ws = workbook(plan.plan)["Action plan"]
    rag_col = HEADERS.index("RAG") + 1
    late = ws.cell(row=4, column=rag_col)
    assert late.value == "Amber"  # set by hand, although delayed suggests Red
    assert late.fill.fgColor.rgb.endswith("FFEB9C")
    assert ws.cell(row=4, column=rag_col + 1).value == "Printer promised it for Friday"
    # Nobody has reported since it fell due; the basis shows the suggestion the hand-set Amber overrode.
    assert ws.cell(row=4, column=rag_col + 2).value == "No update received"
    assert ws.cell(row=4, column=rag_col + 3).value == (
        "Set Amber by hand: Printer promised it for Friday (suggested Red: reported delayed)"
    )
    overdue = ws.cell(row=2, column=rag_col)  # due March 2006, in progress: red today
    assert overdue.value == "Red"
    assert overdue.fill.fgColor.rgb.endswith("FFC7CE")
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} >= {'"Red"', '"Amber"', '"Green"'}  # the colour follows an edited word


def test_workbook_behaves_like_a_real_spreadsheet(plan):
    ws = workbook(plan.plan)["Action plan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:R4"
    assert ws.column_dimensions["E"].width == 34
    assert ws.column_dimensions["N"].width == 50
    assert ws.row_dimensions[2].height == 33  # two lines of progress: the row is tall enough to show them
    assert ws["A1"].font.b
    assert ws["E2"].alignment.wrap_text
    assert ws["E2"].alignment.vertical == "top"
    assert ws["H2"].number_format == "d mmm yyyy"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["I"] == '"Not started,In progress,Ongoing,Completed,Delayed,Cancelled"'
    assert lists["J"] == '"Red,Amber,Green"'
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"  # the heading row repeats on every printed page


def test_text_starting_with_equals_is_written_as_text_never_a_formula(plan):
    Action.objects.filter(pk=plan.mine.pk).update(description='=HYPERLINK("http://evil.example","Click")')
    plan.mine.refresh_from_db()
    plan.mine.save()
    cell = workbook(plan.plan)["Action plan"]["E2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","Click")'


def test_summary_sheet_has_one_row_per_recommendation_with_progress_and_latest_summary(plan):
    data = rows(workbook(plan.plan)["Summary"])
    first, second = (dict(zip(data[0], row, strict=True)) for row in data[1:3])
    assert [first[h] for h in ("Timescale group", "Rec. no.", "Recommendation", "Completed",
                               "Actions (not cancelled)", "Summary date", "Latest summary of progress",
                               "Summary RAG")] == [
        "January – June 2006", 1, "Ensure that things improve.", 0, 2, datetime(2006, 5, 19), "All milestones met",
        "Green"]
    # The reported RAG (from the 19 May summary) leads; the actions' suggestion stands beside it, with why.
    assert [first[h] for h in ("RAG (reported, else suggested)", "Reported RAG", "Reported on", "Reported in",
                               "Why reported", "Suggested from the actions")] == [
        "Green", "Green", datetime(2006, 5, 19), "Summary progress report", "All milestones met", "Red"]
    assert first["Why they differ"] == (
        "Reported Green on 19 May 2006 (summary progress report); the actions suggest Red: 1 past due with no "
        "update since they fell due (1.2), 1 past due, updated since they fell due (1.1)"
    )
    assert first["RAG set by hand"] is None  # no director set one: nothing for the import to read back
    assert second["Rec. no."] == 2
    assert second["RAG (reported, else suggested)"] == "Amber"  # rolled up from its one action's RAG
    assert (second["Reported RAG"], second["Why they differ"]) == (None, None)


def test_progress_notes_sheet_names_author_and_when_it_was_recorded(plan):
    data = rows(workbook(plan.plan)["Progress notes"])
    assert data[0][:8] == ["Ref", "Rec. no.", "Action to be taken", "Date", "Note", "Author", "Recorded by",
                           "Recorded at"]
    newest = data[1]
    assert newest[:7] == ["1.1", 1, "Discussion paper to be prepared", datetime(2006, 3, 7), "Paper agreed at LSCB",
                          "HL", "Henry Lewis"]
    assert isinstance(newest[7], datetime)


def test_indicators_people_and_about_sheets(plan):
    wb = workbook(plan.plan, user=plan.users["clerk"])
    indicators = rows(wb["Indicators"])
    assert indicators[1] == ["CH 141", "Referrals per 10,000", "per 10,000", "Yes", "Target", "2006/07",
                             datetime(2007, 3, 31), 400, None]
    assert indicators[2][4:8] == ["Value", "Q1 2006/07", datetime(2006, 6, 30), 412.5]
    assert rows(wb["People"])[1:] == [["HL", "Henry Lewis", "Head of Children's Social Care", None],
                                      ["SF", "Sue Fiennes", "Director of Children's Services", None]]
    about = {r[0]: r[1] for r in rows(wb["About"]) if r and r[0]}
    assert about["Plan"] == "JAR plan"
    assert about["Plan reference"] == "jar"
    assert about["As at"] == datetime.combine(timezone.localdate(), datetime.min.time())
    assert about["Exported by"] == "clerk"
    assert isinstance(about["Exported at"], datetime)


def test_export_as_at_a_past_date_shows_the_plan_as_it_stood_then(world):
    long_ago = datetime(2005, 12, 1, 9, tzinfo=LONDON)
    for model in (TimescaleGroup, Recommendation, Person):
        model.history.update(history_date=long_ago)  # the plan's structure as loaded in 2005
    action = world.mine
    save_recorded(action, reason="opened", when=datetime(2006, 1, 10, 9, tzinfo=LONDON))
    note = ProgressNote(action=action, note_date=date(2006, 3, 1), text="Done", recorded_at=timezone.now())
    save_recorded(note, reason="noted", when=datetime(2006, 3, 1, 12, tzinfo=LONDON))
    action.status = Status.COMPLETED
    save_recorded(action, reason="completed", when=datetime(2006, 3, 1, 17, tzinfo=LONDON))
    before = rows(workbook(world.plan, as_at=date(2006, 2, 1))["Action plan"])[1]
    after = rows(workbook(world.plan, as_at=date(2006, 3, 2))["Action plan"])[1]
    status, progress = HEADERS.index("Status"), HEADERS.index("Progress to date")
    assert (before[status], before[progress]) == ("Not started", None)
    assert (after[status], after[progress]) == ("Completed", "1 March 2006: Done")


def test_a_very_long_progress_log_stays_within_one_cell_and_points_to_the_notes_sheet(world):
    for i in range(40):
        NoteFactory(action=world.mine, note_date=date(2006, 1, 1) + timedelta(days=i), text="x" * 1000)
    cell = rows(workbook(world.plan)["Action plan"])[1][HEADERS.index("Progress to date")]
    assert len(cell) <= 32_767
    assert cell.endswith("older notes are on the 'Progress notes' sheet]")


# --- from the browser -------------------------------------------------------------------

def test_any_reader_downloads_the_plan_as_an_xlsx_attachment(client, plan):
    client.force_login(plan.users["viewer"])
    response = client.get(reverse("plan_export_xlsx", args=["jar"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="jar-{timezone.localdate().isoformat()}.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert len(rows(wb["Action plan"])) == 4


def test_browser_export_as_at_a_date_and_a_bad_date_is_explained(client, plan):
    client.force_login(plan.users["clerk"])
    response = client.get(reverse("plan_export_xlsx", args=["jar"]), {"as_at": "2006-05-19"})
    assert 'filename="jar-2006-05-19.xlsx"' in response["Content-Disposition"]
    response = client.get(reverse("plan_export_xlsx", args=["jar"]), {"as_at": "1999-01-01"}, follow=True)
    assert "The workbook could not be made. The as-at date must be on or after" in response.content.decode()
    response = client.get(reverse("plan_export_xlsx", args=["jar"]), {"as_at": "19/05/2006"}, follow=True)
    assert "The workbook could not be made. The as-at date must be a real date" in response.content.decode()


def test_filtered_action_list_exports_only_the_actions_shown(client, plan):
    client.force_login(plan.users["director"])
    response = client.get(reverse("action_list_export_xlsx"), {"status": "delayed"})
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    data = rows(wb["Action plan"])
    assert [r[HEADERS.index("Action to be taken")] for r in data[1:]] == ["Issue revised booklet"]
    about = {r[0]: r[1] for r in rows(wb["About"]) if r and r[0]}
    assert about["Actions included"] == "Status: Delayed"
    assert rows(wb["Progress notes"])[1:] == []  # only the notes of the actions shown


@pytest.mark.parametrize(("role", "allowed"), [
    ("officer", True), ("manager", True), ("director", True), ("clerk", True), ("viewer", True), ("norole", False),
])
def test_who_may_export(client, plan, role, allowed):
    client.force_login(plan.users[role])
    for url in (reverse("plan_export_xlsx", args=["jar"]), reverse("action_list_export_xlsx")):
        assert client.get(url).status_code == (200 if allowed else 403)



def test_a_flagged_date_is_not_exported_as_a_due_date(world):
    """An implausible "By when" ("Jun 05") keeps its words but no due date, as on the pages."""
    action = world.mine
    action.set_by_when("Jun 05")
    action.save()
    table = rows(workbook(world.plan)["Action plan"])
    row = dict(zip(table[0], next(r for r in table if r[0] == action.reference), strict=False))
    assert row["By when"] == "Jun 05"
    assert row["Due date"] is None
