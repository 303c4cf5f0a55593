"""Step 2 of an import: compare what the workbook says with the plan, and gather the set of changes.

Reads the database, writes nothing: the dry run shows the ChangeSet, and the real run
builds it again inside its transaction before applying it.
"""

from __future__ import annotations

from actionplan.excel import columns as C
from actionplan.excel.compare.actions import diff_actions
from actionplan.excel.compare.changeset import ChangeSet
from actionplan.excel.compare.plan import (
    choose_plan,
    diff_indicators,
    diff_people,
    diff_recommendations,
    new_plan_fields,
)
from actionplan.excel.compare.state import PlanState, export_moment
from actionplan.excel.problems import Problems
from actionplan.excel.read.records import ParsedWorkbook


def build_change_set(parsed: ParsedWorkbook, problems: Problems, *, file_name: str, slug: str | None,
                      create_people: bool, organisation: str = "") -> ChangeSet:
    """Everything the workbook would do to the plan (a new plan when the slug is new); no writes."""
    slug, plan = choose_plan(parsed, slug, problems)
    result = ChangeSet(file_name=file_name, slug=slug, plan=plan)
    if problems.blocking and not slug:
        return result
    if plan is None:
        result.new_plan = new_plan_fields(parsed, slug, file_name, organisation)
    elif parsed.about.get("slug") and parsed.about["slug"] != slug:
        problems.warn(C.ABOUT_SHEET, None, "Plan reference",
                      f"the workbook was exported from plan '{parsed.about['slug']}', and is being imported into "
                      f"'{slug}': rows are matched by recommendation and words, not by action ID")
    started_on = plan.started_on if plan else result.new_plan["started_on"]
    db = PlanState(plan)
    same_plan = plan is not None and (not parsed.about.get("slug") or parsed.about["slug"] == slug)
    moment = export_moment(parsed.about) if same_plan else None
    if moment is not None:
        db.load_base(moment)
    diff_people(parsed, db, result, problems, create_people)
    diff_recommendations(parsed, db, result, problems)
    diff_actions(parsed, db, result, problems, started_on=started_on, same_plan=same_plan)
    diff_indicators(parsed, db, result)
    return result
