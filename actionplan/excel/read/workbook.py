"""Read every row of a workbook into plain records, filing each problem against its cell.

Nothing here touches the database: this is the "read and check every row" step of an
import, done in full before anything is compared with the plan.
"""

from __future__ import annotations

from actionplan.excel import columns as C
from actionplan.excel.problems import Problems
from actionplan.excel.read.actions import find_action_sheet, read_action_sheet
from actionplan.excel.read.other_sheets import (
    read_about,
    read_indicators,
    read_notes_sheet,
    read_people,
    read_summary,
)
from actionplan.excel.read.records import ParsedWorkbook


def parse_workbook(wb, problems: Problems) -> ParsedWorkbook:
    parsed = ParsedWorkbook()
    reader = find_action_sheet(wb, problems)
    if reader is None:
        return parsed
    parsed.action_sheet = reader.name
    parsed.columns = set(reader.index)
    read_action_sheet(reader, parsed, problems)
    names = set(wb.sheetnames)
    if C.SUMMARY_SHEET in names:
        read_summary(wb[C.SUMMARY_SHEET], parsed, problems)
    if C.PEOPLE_SHEET in names:
        read_people(wb[C.PEOPLE_SHEET], parsed, problems)
    if C.INDICATORS_SHEET in names:
        read_indicators(wb[C.INDICATORS_SHEET], parsed, problems)
    if C.NOTES_SHEET in names:
        read_notes_sheet(wb[C.NOTES_SHEET], parsed, problems)
    if C.ABOUT_SHEET in names:
        read_about(wb[C.ABOUT_SHEET], parsed)
    if not parsed.actions and not problems.blocking:
        problems.block(reader.name, None, "", "the action plan table has no actions in it")
    return parsed

