"""Import a workbook into a plan: read and check every row (read/), compare (compare/), then apply (apply.py).

    report = workbook_import(path, file_name="plan.xlsx", plan_slug="herefordshire-jar-2006",
                             user=request.user, dry_run=True)

The dry run and the real run share every step; the real run repeats the comparison
inside its transaction, so what is written is worked out from the file and the plan
as they are at that moment, never from anything a browser sent back. A confirmation
can carry the dry run's fingerprint: if the plan changed in between, nothing is
written and the new dry run is returned to be checked again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from actionplan.dates import uk_date
from actionplan.excel.apply import apply_change_set
from actionplan.excel.compare.changeset import ChangeSet
from actionplan.excel.compare.structure import refuse_structure
from actionplan.excel.compare.workbook import build_change_set
from actionplan.excel.problems import Problem, Problems, WorkbookRefused
from actionplan.excel.read.files import open_workbook
from actionplan.excel.read.workbook import parse_workbook

LIST_AT_MOST = 100  # new actions listed one by one in a report; the rest are counted


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)  # blocking: nothing was (or will be) written
    warnings: list[Problem] = field(default_factory=list)
    result: ChangeSet | None = None
    applied: bool = False
    stale: bool = False  # the plan changed since the dry run that was confirmed

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def plan_title(self) -> str:
        r = self.result
        if r is None:
            return ""
        return r.plan.title if r.plan else r.new_plan.get("title", "")

    @property
    def counts(self) -> dict[str, int]:
        r = self.result
        if r is None:
            return {}
        return {
            "new_actions": len(r.new_actions),
            "changed_actions": len(r.changed_actions),
            "unchanged_actions": r.unchanged,
            "new_notes": r.new_notes,
            "new_recommendations": sum(1 for x in r.recommendations if x.is_new),
            "changed_recommendations": sum(1 for x in r.recommendations if not x.is_new and x.changes),
            "new_people": sum(1 for p in r.people if p.is_new),
            "changed_people": sum(1 for p in r.people if not p.is_new),
            "indicators": len(r.indicators),
            "not_in_file": r.not_in_file,
        }

    @property
    def has_changes(self) -> bool:
        c = self.counts
        return bool(c) and any(v for k, v in c.items() if k not in ("unchanged_actions", "not_in_file"))

    def change_lines(self) -> list[str]:
        """Every change, one line each (also what the fingerprint is made of)."""
        r = self.result
        if r is None:
            return []
        lines = []
        if r.plan is None:
            p = r.new_plan
            lines.append(f"New plan '{p['title']}' ({p['slug']}), begun {uk_date(p['started_on'])}")
        lines += [f"New timescale group: {g}" for g in r.new_groups]
        for person in r.people:
            if person.is_new:
                lines.append(f"New person {person.initials} {person.fields.get('name', '')}".rstrip())
            lines += [f"Person {person.initials}: {c}" for c in person.changes]
        for rec in r.recommendations:
            if rec.is_new:
                lines.append(f"New recommendation {rec.number}: {rec.fields.get('text', '')}")
            lines += [f"Recommendation {rec.number}: {c}" for c in rec.changes]
        for a in r.changed_actions:
            lines += [f"Action {a.ref} (row {a.row}): {c}" for c in a.changes]
        for a in r.new_actions:
            lines.append(f"New action {a.ref} (row {a.row}): {a.description}"
                         + (f" with {len(a.notes)} progress note{'s' if len(a.notes) != 1 else ''}" if a.notes else ""))
        for ind in r.indicators:
            if ind.indicator_id is None:
                lines.append(f"New indicator {ind.code} {ind.fields.get('title', '')}")
            lines += [f"Indicator {c}" for c in ind.changes]
        return lines

    @property
    def fingerprint(self) -> str:
        text = "\n".join([self.result.slug if self.result else "", *self.change_lines(),
                          *(str(p) for p in self.problems)])
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def lines(self) -> list[str]:
        """The report as text, for the command line."""
        out = []
        r = self.result
        if r is not None and r.slug:
            where = f"plan {r.slug} ({self.plan_title})" if r.plan else f"a new plan {r.slug}"
            out.append(f"Workbook {self.file_name} into {where}")
        else:
            out.append(f"Workbook {self.file_name}")
        if self.applied:
            out.append("Applied: the changes below are saved, each recorded in the history.")
        elif self.stale:
            out.append("Not applied: the plan changed since the dry run. Check the changes below again.")
        elif self.dry_run or not self.ok:
            out.append("Dry run: nothing has been written." if self.ok else "Nothing has been written.")
        c = self.counts
        if c:
            out.append(
                f"  {c['new_actions']} new actions, {c['changed_actions']} changed, {c['unchanged_actions']} "
                f"unchanged; {c['new_notes']} new progress notes; {c['new_recommendations']} new and "
                f"{c['changed_recommendations']} changed recommendations; {c['new_people']} new people"
            )
        changes = self.change_lines()
        news = [line for line in changes if line.startswith("New action ")]
        shown = [line for line in changes if not line.startswith("New action ")] + news[:LIST_AT_MOST]
        if shown:
            out += ["", "Changes:"] + [f"  {line}" for line in shown]
            if len(news) > LIST_AT_MOST:
                out.append(f"  … and {len(news) - LIST_AT_MOST} more new actions")
        elif self.ok:
            out += ["", "No changes: the plan already matches the workbook."]
        if self.problems:
            out += ["", "Problems (nothing is written until they are fixed):"]
            out += [f"  {p}" for p in self.problems]
        if self.warnings:
            out += ["", "Warnings:"] + [f"  {p}" for p in self.warnings]
        return out


def workbook_import(path: Path, *, file_name: str, plan_slug: str | None = None, user=None,
                    create_people: bool = False, dry_run: bool = True,
                    expected_fingerprint: str | None = None, structure_allowed: bool = True) -> ImportReport:
    """Read, check and compare a workbook; unless dry_run, apply it in one transaction.
    `structure_allowed` False (a clerk's import, permissions.can_import_structure): every change to the plan's
    structure is a problem, so only status, progress notes and RAG can be written (compare/structure.py)."""
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    problems = Problems()
    try:
        wb = open_workbook(Path(path))
    except WorkbookRefused as e:
        report.problems = [e.problem]
        return report
    try:
        parsed = parse_workbook(wb, problems)  # no database: read and check every row first
    finally:
        wb.close()

    def compare():
        found = Problems()
        found.items = list(problems.items)
        result = None
        if parsed.actions:
            result = build_change_set(parsed, found, file_name=file_name, slug=plan_slug,
                                       create_people=create_people,
                                       organisation=getattr(settings, "COUNCIL_NAME", ""))
            if not structure_allowed:
                refuse_structure(result, found, parsed.action_sheet)
        report.result, report.problems, report.warnings = result, found.blocking, found.warnings

    if dry_run:
        compare()
        return report
    with transaction.atomic():
        compare()
        if not report.ok or report.result is None:
            return report
        if expected_fingerprint and expected_fingerprint != report.fingerprint:
            report.stale = True
            return report
        apply_change_set(report.result, user=user, reason=f"Imported from {file_name}")
        report.applied = True
    return report
