"""What a clerk's import may change: returned updates (status, progress notes, RAG set by hand with its reason,
a recommendation's summary of progress), never the plan's structure (actions and recommendations added or
reworded, leads, by-when, partners, capacity, success criteria, timescale groups, people, indicators),
which stays with plan managers (permissions.can_import_structure).

Each structural change in the workbook is refused naming its sheet, row and column, so the dry run lists
all of them and nothing is written until the workbook leaves the structure as exported.
"""

from __future__ import annotations

from actionplan.excel import columns as C
from actionplan.excel.compare.changeset import ChangeSet
from actionplan.excel.problems import Problems

STRUCTURE_FIELDS = {c.field: c.header for c in C.ACTION_COLUMNS if c.field}  # wording, lead, by-when, …
WHY = "a clerk's import may change status, progress notes and RAG; the plan's structure stays with plan managers"
ASK = "put it back as exported, or ask a plan manager to import this workbook"


def refuse_structure(result: ChangeSet, problems: Problems, sheet: str) -> None:
    """File a problem for every change to the plan's structure in `result`."""
    if result.plan is None:
        problems.block("", None, "", f"Making a new plan from a workbook is for plan managers: {WHY}")
        return
    for group in result.new_groups:
        problems.block(sheet, None, "Timescale group", f"'{group}' would be a new timescale group: {WHY}; {ASK}")
    for person in result.people:
        what = "a new person" if person.is_new else "a change to this person: " + "; ".join(map(str, person.changes))
        problems.block(C.PEOPLE_SHEET, None, "Initials", f"{person.initials} would be {what}: {WHY}; {ASK}")
    _refuse_recommendations(result, problems)
    _refuse_actions(result, problems, sheet)
    for indicator in result.indicators:
        problems.block(C.INDICATORS_SHEET, None, "Code",
                       f"indicator {indicator.code} would change ({'; '.join(map(str, indicator.changes)) or 'new'}): "
                       f"{WHY}; {ASK}")


def _refuse_recommendations(result: ChangeSet, problems: Problems) -> None:
    """New recommendations, and new words or timescale group; a summary of progress and the RAG are updates."""
    for rec in result.recommendations:
        if rec.is_new:
            problems.block(rec.sheet, rec.row, "Recommendation",
                           f"recommendation {rec.number} would be new: {WHY}; {ASK}")
            continue
        for change in rec.changes:
            if change.label in ("Recommendation", "Timescale group"):
                problems.block(rec.sheet, rec.row, change.label,
                               f"recommendation {rec.number}'s {change.label.lower()} changed ({change}): {WHY}; {ASK}")


def _refuse_actions(result: ChangeSet, problems: Problems, sheet: str) -> None:
    """New actions, and any change to an action's words, lead, by-when, partners, capacity or success criteria."""
    for action in result.new_actions:
        problems.block(sheet, action.row, STRUCTURE_FIELDS["description"],
                       f"'{action.description[:60]}' would be a new action: {WHY}; {ASK}")
    for action in result.changed_actions:
        for name, heading in STRUCTURE_FIELDS.items():
            if name not in action.fields:
                continue
            change = next((c for c in action.changes if c.label == heading), None)
            problems.block(sheet, action.row, heading,
                           f"{heading} of action {action.ref} changed"
                           + (f" ({change.old} → {change.new})" if change else "") + f": {WHY}; {ASK}")
