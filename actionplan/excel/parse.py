"""Read every row of a workbook into plain records, filing each problem against its cell.

Nothing here touches the database: this is the "read and validate every row" half
of an import. Our own export's layout and the council's original column order are
both read by matching column headings, wherever the heading row is.
"""

from __future__ import annotations

import re

from actionplan.excel import layout as L
from actionplan.excel.cells import CellError, collapse, read_lead, split_progress
from actionplan.excel.problems import Problems
from actionplan.excel.reading import sheet_rows
from actionplan.excel.sheet import (
    ActionRow,
    FigureRow,
    IndicatorRow,
    ParsedWorkbook,
    PersonRow,
    RecommendationRow,
    SheetReader,
)

_REC_START = re.compile(r"^\s*(\d{1,3})\s*[.,):]?\s+(.*)$|^\s*(\d{1,3})\s*[.,):]\s*(\S.*)$", re.S)


def _find_action_sheet(wb, problems: Problems) -> SheetReader | None:
    names = [ws.title for ws in wb.worksheets]
    ordered = [wb[L.ACTION_SHEET]] if L.ACTION_SHEET in names else []
    ordered += [ws for ws in wb.worksheets if ws.title not in (L.ACTION_SHEET, *_OTHER_SHEETS)]
    first = None
    for ws in ordered:
        reader = SheetReader(ws, L.ACTION_COLUMNS, problems)
        first = first or reader
        if all(reader.has(k) for k in L.REQUIRED_ACTION_COLUMNS):
            return reader
    if first is None:
        problems.block("", None, "", "The workbook has no sheet with the action plan table")
        return None
    missing = [first.columns[k].header for k in L.REQUIRED_ACTION_COLUMNS if not first.has(k)]
    problems.block(
        first.name, first.header_row or 1, "",
        "The action plan table needs the column" + ("s " if len(missing) > 1 else " ")
        + " and ".join(f"'{m}'" for m in missing) + " in its heading row; it was not found"
        + (" (looked in the first ten rows of each sheet)" if len(ordered) > 1 else ""),
    )
    return None


_OTHER_SHEETS = (L.SUMMARY_SHEET, L.NOTES_SHEET, L.INDICATORS_SHEET, L.PEOPLE_SHEET, L.ABOUT_SHEET)


class _RecTracker:
    """Carries the recommendation down blank (or merged) cells and gathers its words."""

    def __init__(self, parsed: ParsedWorkbook, sheet: str, problems: Problems):
        self.parsed, self.sheet, self.problems = parsed, sheet, problems
        self.current: RecommendationRow | None = None
        self.group = ""

    def row(self, reader: SheetReader, number, cells, has_action: bool) -> RecommendationRow | None:
        group = reader.text(number, cells, "group")
        if group:
            self.group = group
        rec_text = reader.text(number, cells, "recommendation") or ""
        if reader.has("rec_number"):
            n = reader.number(number, cells, "rec_number")
            if n is not None:
                self._switch(n, number, rec_text)
            elif rec_text and self.current is not None and collapse(rec_text) != collapse(self.current.text):
                self.problems.block(self.sheet, number, reader.heading("rec_number"),
                                    "give the recommendation's number for these words")
        elif rec_text:
            m = _REC_START.match(rec_text)
            if m:
                n, words = (int(m[1]), m[2]) if m[1] else (int(m[3]), m[4])
                self._switch(n, number, words)
            elif self.current is None:
                self.problems.block(self.sheet, number, reader.heading("recommendation"),
                                    "start the recommendation with its number, e.g. '1. Ensure that ...'")
            elif collapse(rec_text) not in collapse(self.current.text):
                self.current.text = f"{self.current.text} {rec_text}".strip()  # words spilling onto this row
        if self.current is None and has_action:
            self.problems.block(self.sheet, number, reader.heading("recommendation"),
                                "this action has no recommendation above it")
        return self.current

    def _switch(self, n: int, number: int, text: str):
        rec = self.parsed.recommendations.get(n)
        if rec is None:
            rec = RecommendationRow(n, number, self.sheet, collapse(text), self.group)
            self.parsed.recommendations[n] = rec
        elif text and not rec.text:
            rec.text = collapse(text)
        elif text and collapse(text) != rec.text:
            self.problems.block(self.sheet, number, "Recommendation",
                                f"recommendation {n} has different words here than in row {rec.row}: "
                                "make them the same on every row")
        if self.group and not rec.group:
            rec.group = self.group
        self.current = rec


def _read_actions(reader: SheetReader, parsed: ParsedWorkbook, problems: Problems) -> None:
    recs = _RecTracker(parsed, reader.name, problems)
    previous_lead: tuple[str, tuple] | None = None  # (lead text, leads) of the row above
    previous_rec = None
    for number, cells in reader.data():
        description = reader.text(number, cells, "action") or ""
        rec = recs.row(reader, number, cells, bool(description))
        if not description:
            others = [k for k in reader.index if k not in ("recommendation", "rec_number", "group", "ref")
                      and not reader.cell(cells, k).empty]
            if others:
                problems.block(reader.name, number, reader.heading("action"),
                               "there is text in this row but no action: put the action's words in "
                               f"'{reader.heading('action')}', or clear the row")
            continue
        if rec is None:
            continue
        action = ActionRow(number, rec.number, description)
        action.action_id = reader.number(number, cells, "action_id") if reader.has("action_id") else None
        action.ref = reader.text(number, cells, "ref") or ""
        if reader.has("lead"):
            lead_text = reader.text(number, cells, "lead") or ""
            inherit_blank = not parsed.ours and previous_rec is rec
            try:
                lead = read_lead(lead_text)
            except CellError as e:
                problems.block(reader.name, number, reader.heading("lead"), str(e))
                lead = None
            if lead is not None:
                if lead.kind == "ditto" or (lead.kind == "blank" and inherit_blank and previous_lead):
                    if previous_lead is None:
                        problems.block(reader.name, number, reader.heading("lead"),
                                       f"'{lead_text}' is a ditto mark, but there is no lead above it to repeat")
                    else:
                        action.lead_text, action.leads = previous_lead
                elif lead.kind == "tbc":
                    action.lead_text, action.leads = lead_text, ()
                else:
                    action.lead_text, action.leads = lead_text, lead.leads
                if len(action.lead_text or "") > 200:
                    problems.block(reader.name, number, reader.heading("lead"), "the lead is longer than 200 characters")
            previous_lead = (action.lead_text, action.leads) if action.leads is not None else previous_lead
        action.by_when = reader.text(number, cells, "by_when", dates_ok=True)
        if action.by_when and len(action.by_when) > 300:
            problems.block(reader.name, number, reader.heading("by_when"), "'By when' is longer than 300 characters")
        _read_choices(reader, number, cells, action, problems)
        action.progress_text = reader.text(number, cells, "progress")
        if action.progress_text is not None:
            action.notes = split_progress(action.progress_text)
            for note in action.notes:
                if note.bad_date:
                    problems.warn(reader.name, number, reader.heading("progress"),
                                  f"'{note.bad_date}' is not a real date; that part is taken as a note without a date")
                if note.date:
                    parsed.dates_seen.append(note.date)
        action.partners = reader.text(number, cells, "partners")
        action.capacity = reader.text(number, cells, "capacity")
        action.success_criteria = reader.text(number, cells, "success")
        parsed.actions.append(action)
        previous_rec = rec


def _read_choices(reader, number, cells, action: ActionRow, problems: Problems) -> None:
    status = reader.text(number, cells, "status")
    if status:
        action.status = L.read_status(status)
        if action.status is None:
            problems.block(reader.name, number, reader.heading("status"),
                           f"'{status}' is not a status; use one of: {', '.join(L.status_words())}")
    rag = reader.text(number, cells, "rag")
    if rag:
        action.rag = L.read_rag(rag)
        if action.rag is None:
            problems.block(reader.name, number, reader.heading("rag"),
                           f"'{rag}' is not a RAG rating; use one of: {', '.join(L.rag_words())}")
    action.rag_reason = reader.text(number, cells, "rag_reason")
    if action.rag_reason and not rag:
        problems.block(reader.name, number, reader.heading("rag"),
                       "a reason for a RAG set by hand is given, but no RAG: choose the RAG, or clear the reason")


def _check_duplicates(parsed: ParsedWorkbook, sheet: str, problems: Problems) -> None:
    by_id, by_words = {}, {}
    for a in parsed.actions:
        if a.action_id is not None:
            if a.action_id in by_id:
                problems.block(sheet, a.row, "Action ID",
                               f"action ID {a.action_id} is also in row {by_id[a.action_id]}: "
                               "each action may appear once (clear the ID of a copied row)")
            by_id.setdefault(a.action_id, a.row)
        if a.action_id is not None:
            continue  # rows with different IDs are different actions, even in the same words
        key = (a.rec_number, collapse(a.description).lower())
        if key in by_words:
            problems.block(sheet, a.row, "Action to be taken",
                           f"the same action is in row {by_words[key]} of recommendation {a.rec_number}: "
                           "remove one of them, or make their words different")
        by_words.setdefault(key, a.row)


def _read_summary(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, L.SUMMARY_COLUMNS, problems)
    if not reader.has("rec_number"):
        return
    for number, cells in reader.data():
        n = reader.number(number, cells, "rec_number")
        if n is None:
            continue
        rec = parsed.recommendations.get(n)
        if rec is None:
            rec = RecommendationRow(n, number, reader.name, reader.text(number, cells, "recommendation") or "",
                                    reader.text(number, cells, "group") or "")
            parsed.recommendations[n] = rec
        rag = reader.text(number, cells, "rag") or ""
        rec.rag = L.read_rag(rag) if rag else None
        if rag and rec.rag is None:
            problems.block(reader.name, number, reader.heading("rag"),
                           f"'{rag}' is not a RAG rating; use one of: {', '.join(L.rag_words())}")
        rec.rag_reason = reader.text(number, cells, "rag_reason")
        if rec.rag_reason and not rag:
            problems.block(reader.name, number, reader.heading("rag"),
                           "a reason for a RAG set by hand is given, but no RAG")
        rec.summary_date = reader.date(number, cells, "summary_date")
        rec.summary_text = reader.text(number, cells, "summary") or ""
        summary_rag = reader.text(number, cells, "summary_rag") or ""
        rec.summary_rag = (L.read_rag(summary_rag) or "") if summary_rag else ""
        if rec.summary_text and rec.summary_date is None:
            problems.block(reader.name, number, reader.heading("summary_date"),
                           "give the date of this summary of progress")


def _read_people(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, L.PEOPLE_COLUMNS, problems)
    if not reader.has("initials"):
        return
    for number, cells in reader.data():
        initials = (reader.text(number, cells, "initials") or "").strip()
        if not initials:
            continue
        if len(initials) > 12:
            problems.block(reader.name, number, reader.heading("initials"), "initials must be 12 characters or fewer")
            continue
        if initials in parsed.people:
            problems.block(reader.name, number, reader.heading("initials"),
                           f"{initials} is also in row {parsed.people[initials].row}")
            continue
        parsed.people[initials] = PersonRow(
            initials, number, reader.text(number, cells, "name") or "",
            reader.text(number, cells, "job_title") or "", reader.text(number, cells, "organisation") or "",
        )


def _read_indicators(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, L.INDICATOR_COLUMNS, problems)
    if not reader.has("code"):
        return
    for number, cells in reader.data():
        code = reader.text(number, cells, "code") or ""
        if not code:
            continue
        ind = parsed.indicators.get(code)
        if ind is None:
            ind = parsed.indicators[code] = IndicatorRow(code, number)
            ind.title = reader.text(number, cells, "title") or ""
            ind.unit = reader.text(number, cells, "unit") or ""
            ind.higher_is_better = (reader.text(number, cells, "higher_is_better") or "Yes").lower() not in ("no", "n")
        kind = (reader.text(number, cells, "kind") or "").capitalize()
        if not kind:
            continue
        if kind not in (L.TARGET, L.VALUE):
            problems.block(reader.name, number, reader.heading("kind"), f"write '{L.TARGET}' or '{L.VALUE}'")
            continue
        value = reader.cell(cells, "value").value
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "").strip()) if value.strip() else None
            except ValueError:
                problems.block(reader.name, number, reader.heading("value"), f"'{value}' is not a number")
                continue
        ind.figures.append(FigureRow(kind, reader.text(number, cells, "period") or "",
                                     reader.date(number, cells, "period_end"), value,
                                     reader.text(number, cells, "note") or "", number))


def _read_notes_sheet(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, L.NOTE_COLUMNS, problems)
    if not (reader.has("date") and reader.has("note") and reader.has("author")):
        return
    for number, cells in reader.data(rows_per_action=20):
        author = reader.text(number, cells, "author") or ""
        day = reader.date(number, cells, "date")
        text = collapse(reader.text(number, cells, "note") or "")
        if not author or not text:
            continue
        key = reader.number(number, cells, "action_id") if reader.has("action_id") else None
        parsed.note_authors[(key or reader.text(number, cells, "ref"), day, text)] = author


def _read_about(ws, parsed: ParsedWorkbook) -> None:
    for _number, cells in sheet_rows(ws):
        if len(cells) >= 2 and isinstance(cells[0].value, str):
            key = L.ABOUT_LABELS.get(cells[0].value.strip().lower())
            if key:
                parsed.about[key] = cells[1].value


def parse_workbook(wb, problems: Problems) -> ParsedWorkbook:
    parsed = ParsedWorkbook()
    reader = _find_action_sheet(wb, problems)
    if reader is None:
        return parsed
    parsed.action_sheet = reader.name
    parsed.columns = set(reader.index)
    _read_actions(reader, parsed, problems)
    _check_duplicates(parsed, reader.name, problems)
    names = set(wb.sheetnames)
    if L.SUMMARY_SHEET in names:
        _read_summary(wb[L.SUMMARY_SHEET], parsed, problems)
    if L.PEOPLE_SHEET in names:
        _read_people(wb[L.PEOPLE_SHEET], parsed, problems)
    if L.INDICATORS_SHEET in names:
        _read_indicators(wb[L.INDICATORS_SHEET], parsed, problems)
    if L.NOTES_SHEET in names:
        _read_notes_sheet(wb[L.NOTES_SHEET], parsed, problems)
    if L.ABOUT_SHEET in names:
        _read_about(wb[L.ABOUT_SHEET], parsed)
    if not parsed.actions and not problems.blocking:
        problems.block(reader.name, None, "", "the action plan table has no actions in it")
    return parsed

