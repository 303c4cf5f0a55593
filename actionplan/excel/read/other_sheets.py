"""Read the sheets beside the action plan: Summary, People, Indicators, Progress notes and About.

Each is optional: a council's own workbook has none of them; our export has them all.
"""

from __future__ import annotations

from actionplan.excel import columns as C
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import collapse
from actionplan.excel.read.files import sheet_rows
from actionplan.excel.read.records import (
    ParsedWorkbook,
    SheetFigure,
    SheetIndicator,
    SheetPerson,
    SheetRecommendation,
)
from actionplan.excel.read.sheet import SheetReader


def read_summary(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, C.SUMMARY_COLUMNS, problems)
    if not reader.has("rec_number"):
        return
    for number, cells in reader.data():
        n = reader.number(number, cells, "rec_number")
        if n is None:
            continue
        rec = parsed.recommendations.get(n)
        if rec is None:
            rec = SheetRecommendation(n, number, reader.name, reader.text(number, cells, "recommendation") or "",
                                    reader.text(number, cells, "group") or "")
            parsed.recommendations[n] = rec
        rag, rec.rag = reader.rag(number, cells, "rag")
        rec.rag_reason = reader.text(number, cells, "rag_reason")
        if rec.rag_reason and not rag:
            problems.block(reader.name, number, reader.heading("rag"),
                           "a reason for a RAG set by hand is given, but no RAG")
        rec.summary_date = reader.date(number, cells, "summary_date")
        rec.summary_text = reader.text(number, cells, "summary") or ""
        summary_rag = reader.text(number, cells, "summary_rag") or ""
        rec.summary_rag = (C.read_rag(summary_rag) or "") if summary_rag else ""
        if rec.summary_text and rec.summary_date is None:
            problems.block(reader.name, number, reader.heading("summary_date"),
                           "give the date of this summary of progress")


def read_people(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, C.PEOPLE_COLUMNS, problems)
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
        parsed.people[initials] = SheetPerson(
            initials, number, reader.text(number, cells, "name") or "",
            reader.text(number, cells, "job_title") or "", reader.text(number, cells, "organisation") or "",
        )


def read_indicators(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, C.INDICATOR_COLUMNS, problems)
    if not reader.has("code"):
        return
    for number, cells in reader.data():
        code = reader.text(number, cells, "code") or ""
        if not code:
            continue
        ind = parsed.indicators.get(code)
        if ind is None:
            ind = parsed.indicators[code] = SheetIndicator(code, number)
            ind.title = reader.text(number, cells, "title") or ""
            ind.unit = reader.text(number, cells, "unit") or ""
            ind.higher_is_better = (reader.text(number, cells, "higher_is_better") or "Yes").lower() not in ("no", "n")
        kind = (reader.text(number, cells, "kind") or "").capitalize()
        if not kind:
            continue
        if kind not in (C.TARGET, C.VALUE):
            problems.block(reader.name, number, reader.heading("kind"), f"write '{C.TARGET}' or '{C.VALUE}'")
            continue
        value = reader.cell(cells, "value").value
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "").strip()) if value.strip() else None
            except ValueError:
                problems.block(reader.name, number, reader.heading("value"), f"'{value}' is not a number")
                continue
        ind.figures.append(SheetFigure(kind, reader.text(number, cells, "period") or "",
                                     reader.date(number, cells, "period_end"), value,
                                     reader.text(number, cells, "note") or "", number))


def read_notes_sheet(ws, parsed: ParsedWorkbook, problems: Problems) -> None:
    reader = SheetReader(ws, C.NOTE_COLUMNS, problems)
    if not (reader.has("date") and reader.has("note") and reader.has("author")):
        return
    for number, cells in reader.data(rows_per_action=20):
        author = reader.text(number, cells, "author") or ""
        written = reader.cell(cells, "date").value
        undated = isinstance(written, str) and written.strip().lower().startswith(C.UNDATED.lower())
        day = None if undated else reader.date(number, cells, "date")
        text = collapse(reader.text(number, cells, "note") or "")
        if not author or not text:
            continue
        key = reader.number(number, cells, "action_id") if reader.has("action_id") else None
        parsed.note_authors[(key or reader.text(number, cells, "ref"), day, text)] = author


def read_about(ws, parsed: ParsedWorkbook) -> None:
    for _number, cells in sheet_rows(ws):
        if len(cells) >= 2 and isinstance(cells[0].value, str):
            key = C.ABOUT_LABELS.get(cells[0].value.strip().lower())
            if key:
                parsed.about[key] = cells[1].value
