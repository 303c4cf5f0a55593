"""Exporting a plan as a working Excel workbook: its sheets, how it behaves in a spreadsheet, who may have it."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.dates import uk_date
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
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
    "Ref", "Action to be taken", "Lead", "By when", "Status", "RAG", "Progress to date", "Target/Success criteria",
    "Timescale group", "Rec. no.", "Recommendation", "Due date", "RAG reason (when set by hand)", "Update",
    "RAG basis", "People/Partners", "Additional capacity requirement", "Action ID (used on import; do not change)",
]
PRINTED = HEADERS[:8]
# The plan fixture's Action plan sheet: headings, recommendation 1, actions 1.1 and 1.2, recommendation 2, action 2.1.
ROW_1_1, ROW_1_2, ROW_2_1 = 3, 4, 6


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


def action_rows(data):
    """The rows of actions (not the headings above them), each as a dict by heading."""
    return [dict(zip(data[0], r, strict=True)) for r in data[1:] if r[HEADERS.index("Action to be taken")]]


def at(header: str) -> int:
    return HEADERS.index(header) + 1


def test_workbook_has_the_sheets_a_clerk_expects(plan):
    wb = workbook(plan.plan)
    assert wb.sheetnames == ["Action plan", "Summary", "Progress notes", "Indicators", "People", "Returns",
                             "About"]


def test_each_recommendation_heads_its_actions_and_each_action_row_keeps_its_number_and_group(plan):
    data = rows(workbook(plan.plan)["Action plan"])
    assert data[0] == HEADERS
    assert [r[0] for r in data[1:]] == [
        "Recommendation 1 (January – June 2006): Ensure that things improve.", "1.1", "1.2",
        "Recommendation 2 (January – June 2006): Make sure criteria are understood", "2.1"]
    heading = dict(zip(HEADERS, data[1], strict=True))
    assert (heading["Rec. no."], heading["Recommendation"]) == (1, "Ensure that things improve.")  # for the import
    assert heading["Action to be taken"] is None
    body = action_rows(data)
    assert all(r["Timescale group"] == "January – June 2006" for r in body)  # sorted or filtered, still placed
    assert [r["Rec. no."] for r in body] == [1, 1, 2]
    assert all(r["Recommendation"] is None for r in body)  # the words once, in the heading, not on every row
    first = body[0]
    assert first["Action to be taken"] == "Discussion paper to be prepared"
    assert first["Lead"] == "HL"
    assert first["People/Partners"] == "PCT, Police"
    assert first["By when"] == "Mar 06"
    assert first["Due date"] == datetime(2006, 3, 31)  # a real date cell
    assert first["Status"] == "In progress"
    assert first["Action ID (used on import; do not change)"] == plan.mine.pk


def test_progress_to_date_lists_dated_notes_newest_first(plan):
    first = action_rows(rows(workbook(plan.plan)["Action plan"]))[0]
    assert first["Progress to date"] == "7 March 2006: Paper agreed at LSCB\n1 February 2006: Paper drafted"


def test_rag_is_written_as_a_word_on_its_colour_and_a_hand_set_rag_keeps_its_reason(plan):
    ws = workbook(plan.plan)["Action plan"]
    late = ws.cell(row=ROW_2_1, column=at("RAG"))
    assert late.value == "Amber"  # set by hand, although delayed suggests Red
    assert late.fill.fgColor.rgb.endswith("FFEB9C")
    assert ws.cell(row=ROW_2_1, column=at("RAG reason (when set by hand)")).value == "Printer promised it for Friday"
    # Nobody has reported since it fell due; the basis shows the suggestion the hand-set Amber overrode.
    assert ws.cell(row=ROW_2_1, column=at("Update")).value == "No update received"
    assert ws.cell(row=ROW_2_1, column=at("RAG basis")).value == (
        "Set Amber by hand: Printer promised it for Friday (suggested Red: reported delayed)"
    )
    overdue = ws.cell(row=ROW_1_1, column=at("RAG"))  # due March 2006, in progress: red today
    assert overdue.value == "Red"
    assert overdue.fill.fgColor.rgb.endswith("FFC7CE")
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} >= {'"Red"', '"Amber"', '"Green"'}  # the colour follows an edited word


def test_workbook_behaves_like_a_real_spreadsheet(plan):
    ws = workbook(plan.plan)["Action plan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:R6"
    assert ws.column_dimensions["B"].width == 30
    assert ws.column_dimensions["G"].width == 47
    assert ws.row_dimensions[ROW_1_1].height == 33  # two lines of progress: the row is tall enough to show them
    assert ws["A1"].font.b
    assert ws[f"B{ROW_1_1}"].alignment.wrap_text
    assert ws[f"B{ROW_1_1}"].alignment.vertical == "top"
    assert ws.cell(row=ROW_1_1, column=at("Due date")).number_format == "d mmm yyyy"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["E"] == '"Not started,In progress,Ongoing,Completed,Delayed,Cancelled"'
    assert lists["F"] == '"Red,Amber,Green"'
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"  # the heading row repeats on every printed page


def test_the_action_plan_prints_eight_columns_with_the_plan_and_its_date_at_the_top_of_each_page(plan):
    ws = workbook(plan.plan)["Action plan"]
    assert ws.print_area == "'Action plan'!$A$1:$H$6"
    assert [ws.cell(row=1, column=i).value for i in range(1, 9)] == PRINTED
    assert ws.oddHeader.left.text == "JAR plan"
    assert ws.oddHeader.right.text == f"As at {uk_date(timezone.localdate())}"
    past = workbook(plan.plan, as_at=date(2006, 5, 19))["Action plan"]
    assert past.oddHeader.right.text == "As at 19 May 2006"
    assert ws.oddFooter.center.text == "Page &P of &N"


def test_a_recommendation_heading_spans_the_printed_columns(plan):
    ws = workbook(plan.plan)["Action plan"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A2:H2", "A5:H5"]
    assert ws["A2"].font.b
    assert ws.row_dimensions[ROW_1_1].height == 33


def test_an_ampersand_in_the_plan_title_is_printed_as_one(plan):
    plan.plan.title = "Children & Young People"
    plan.plan.save()
    assert workbook(plan.plan)["Action plan"].oddHeader.left.text == "Children && Young People"  # Excel's "&" code


def test_text_starting_with_equals_is_written_as_text_never_a_formula(plan):
    Action.objects.filter(pk=plan.mine.pk).update(description='=HYPERLINK("http://evil.example","Click")')
    plan.mine.refresh_from_db()
    plan.mine.save()
    cell = workbook(plan.plan)["Action plan"].cell(row=ROW_1_1, column=at("Action to be taken"))
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
    before = action_rows(rows(workbook(world.plan, as_at=date(2006, 2, 1))["Action plan"]))[0]
    after = action_rows(rows(workbook(world.plan, as_at=date(2006, 3, 2))["Action plan"]))[0]
    assert (before["Status"], before["Progress to date"]) == ("Not started", None)
    assert (after["Status"], after["Progress to date"]) == ("Completed", "1 March 2006: Done")


def test_a_very_long_progress_log_stays_within_one_cell_and_points_to_the_notes_sheet(world):
    for i in range(40):
        NoteFactory(action=world.mine, note_date=date(2006, 1, 1) + timedelta(days=i), text="x" * 1000)
    cell = action_rows(rows(workbook(world.plan)["Action plan"]))[0]["Progress to date"]
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
    assert len(action_rows(rows(wb["Action plan"]))) == 3


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
    assert [r["Action to be taken"] for r in action_rows(data)] == ["Issue revised booklet"]
    assert data[1][0] == "Recommendation 2 (January – June 2006): Make sure criteria are understood"
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


def test_a_sheet_sorted_by_rag_and_sent_back_still_finds_every_action_under_its_recommendation(plan, tmp_path):
    """Each action row carries its recommendation's number, so sorting (which moves the heading rows away
    from their actions) changes nothing on import."""
    plan.theirs.lead_text = "SF"  # as its lead (ActionLead) says: the workbook's Lead cell is read as lead_text
    plan.theirs.save()
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(plan.plan, path)
    wb = load_workbook(path)
    ws = wb["Action plan"]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    body = sorted(rows(ws)[1:], key=lambda r: (r[HEADERS.index("RAG")] or "~", r[0]))  # headings last
    for number, values in enumerate(body, start=2):
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column).value = value  # None too: the cell is emptied
    wb.save(path)
    assert [r[0] for r in rows(load_workbook(path)["Action plan"])[1:4]] == ["2.1", "1.1", "1.2"]  # Amber, then Red
    report = workbook_import(path, file_name="plan.xlsx")
    assert report.ok, report.lines()
    assert report.change_lines() == []
    assert report.counts["unchanged_actions"] == 3
