"""Compare the workbook with the plan: which plan, and its people, recommendations and indicators.

Actions are compared in compare.actions; build_change_set runs the whole comparison.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone

from actionplan.excel import columns as C
from actionplan.excel.compare.changeset import (
    ChangeSet,
    IndicatorItem,
    PersonItem,
    ProposedChange,
    RecommendationItem,
)
from actionplan.excel.compare.state import PlanState, conflict_message, decide, rag_text, same, show
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import uk_date
from actionplan.excel.read.records import ParsedWorkbook
from actionplan.models import Plan

NO_GROUP = "Timescale not given"


def choose_plan(parsed: ParsedWorkbook, slug: str | None, problems: Problems):
    slug = (slug or str(parsed.about.get("slug") or "")).strip()
    if not slug:
        problems.block(C.ABOUT_SHEET, None, "Plan reference",
                       "the workbook does not say which plan it is: choose the plan to import into")
        return "", None
    try:
        validate_slug(slug)
    except ValidationError:
        problems.block("", None, "", f"'{slug}' cannot be a plan reference: use letters, numbers and hyphens only")
        return slug, None
    return slug, Plan.objects.filter(slug=slug).first()


def new_plan_fields(parsed: ParsedWorkbook, slug: str, file_name: str, organisation: str) -> dict:
    about = parsed.about
    started = about.get("started_on")
    started = started.date() if hasattr(started, "date") else started
    if not isinstance(started, date):
        started = min(parsed.dates_seen, default=timezone.localdate())
    return {
        "slug": slug,
        "title": str(about.get("plan") or PurePath(file_name).stem)[:300],
        "organisation": str(about.get("organisation") or organisation)[:200],
        "source_inspection": str(about.get("inspection") or "")[:300],
        "started_on": started,
    }


def diff_people(parsed, db: PlanState, result: ChangeSet, problems: Problems, create_people: bool) -> None:
    for initials, row in parsed.people.items():
        wanted = {"name": row.name, "job_title": row.job_title, "organisation": row.organisation}
        person = db.people.get(initials)
        if person is None:
            result.people.append(PersonItem(initials, True, wanted))
            continue
        changes = [ProposedChange(k.replace("_", " ").capitalize(), show(getattr(person, k)), show(v))
                   for k, v in wanted.items() if not same(getattr(person, k), v)]
        if changes:
            result.people.append(PersonItem(initials, False, wanted, changes))
    known = set(db.people) | set(parsed.people)
    for a in parsed.actions:
        for initials, _ in a.leads or ():
            if initials in known:
                continue
            if create_people:
                result.people.append(PersonItem(initials, True, {"name": "", "job_title": "", "organisation": ""}))
                problems.warn(parsed.action_sheet, a.row, "Lead",
                              f"{initials} is a new person: added to the plan's index to initials with no name yet")
                known.add(initials)
            else:
                problems.block(parsed.action_sheet, a.row, "Lead",
                               f"{initials} is not on the People sheet nor among the plan's people: add them to the "
                               "People sheet, or choose to create people from unknown initials")


def diff_recommendations(parsed, db: PlanState, result: ChangeSet, problems: Problems) -> None:
    for number in sorted(parsed.recommendations):
        row = parsed.recommendations[number]
        rec = db.recs.get(number)
        group = row.group or (rec.group.name if rec else NO_GROUP)
        if group not in db.groups and group not in result.new_groups:
            result.new_groups.append(group)
        item = RecommendationItem(number, row.row, row.sheet, rec is None)
        if rec is None:
            if not row.text:
                problems.block(row.sheet, row.row, "Recommendation", f"recommendation {number} has no words")
            item.fields = {"text": row.text, "group": group}
        else:
            _diff_recommendation_words(row, rec, item, db, problems)
        _diff_recommendation_rag(row, rec, item, db, problems)
        _diff_summary(row, rec, item, db)
        if item.is_new or item.changes or item.fields:
            result.recommendations.append(item)


def _diff_recommendation_words(row, rec, item: RecommendationItem, db: PlanState, problems: Problems) -> None:
    """The words and the timescale group of a recommendation the plan has."""
    number = row.number
    for label, name, new, old, base in (
        ("Recommendation", "text", row.text, rec.text, db.base_of(db.base_recs, number, "text")),
        ("Timescale group", "group", row.group, rec.group.name, db.base_of(db.base_recs, number, "group_name")),
    ):
        if not new:
            continue
        verdict = decide(new, old, base)
        if verdict == "apply":
            item.fields[name] = new
            item.changes.append(ProposedChange(label, old, new))
        elif verdict == "conflict":
            problems.block(row.sheet, row.row, label, conflict_message(
                f"Recommendation {number}'s {label.lower()}", old, new, base))


def _diff_summary(row, rec, item: RecommendationItem, db: PlanState) -> None:
    """A dated summary of progress is new unless it is the latest one the plan has, word for word."""
    latest = db.summaries.get(rec.pk) if rec else None
    if row.summary_text and row.summary_date and not (
        latest and latest.date == row.summary_date and same(latest.text, row.summary_text)
    ):
        item.summary = (row.summary_date, row.summary_text, row.summary_rag)
        item.changes.append(ProposedChange(f"New summary of progress dated {uk_date(row.summary_date)}", None,
                                           row.summary_text))


def _diff_recommendation_rag(row, rec, item: RecommendationItem, db: PlanState, problems: Problems) -> None:
    """A recommendation's RAG is set by hand only with a reason (as in the browser)."""
    if row.rag_reason is None:
        return  # no reason column: the RAG shown is the rolled-up one, nothing to set
    current = (rec.rag_override, rec.rag_override_reason) if rec else ("", "")
    wanted = (row.rag or "", row.rag_reason) if row.rag_reason else ("", "")
    base = db.base_of(db.base_recs, row.number, lambda r: (r.rag_override, r.rag_override_reason))
    verdict = decide(wanted, current, base, equal=lambda a, b: tuple(a) == tuple(b))
    if verdict == "conflict":
        problems.block(row.sheet, row.row, "RAG", conflict_message(
            f"Recommendation {row.number}'s RAG set by hand", rag_text(current), rag_text(wanted), rag_text(base)))
    if verdict == "apply":
        item.fields["rag_override"], item.fields["rag_override_reason"] = wanted
        if rec is not None:
            new = rag_text(wanted) if wanted[0] else "removed (the actions' RAG applies)"
            item.changes.append(ProposedChange("RAG set by hand", rag_text(current), new))


def diff_indicators(parsed, db: PlanState, result: ChangeSet) -> None:
    for code, row in parsed.indicators.items():
        ind = db.indicators.get(code)
        wanted = {"title": row.title, "unit": row.unit, "higher_is_better": row.higher_is_better}
        item = IndicatorItem(code, ind.pk if ind else None, wanted if ind is None else {})
        if ind is not None:
            for k, v in wanted.items():
                if not same(getattr(ind, k), v):
                    item.fields[k] = v
                    item.changes.append(ProposedChange(f"{code} {k.replace('_', ' ')}", show(getattr(ind, k)), show(v)))
        for f in row.figures:
            figure = db.figures.get((ind.pk, f.kind, f.period)) if ind else None
            values = {"period_end": f.period_end, "value": f.value, "note": f.note}
            if figure is None:
                item.new_figures.append((f.kind, f.period, f.period_end, f.value, f.note))
                item.changes.append(ProposedChange(f"{code} new {f.kind.lower()} for {f.period or 'no period'}", None,
                                           show(f.value)))
                continue
            changed = {k: v for k, v in values.items() if not _equal_figure(getattr(figure, k), v)}
            if changed:
                item.changed_figures.append((f.kind, figure.pk, changed))
                item.changes.append(ProposedChange(f"{code} {f.kind.lower()} for {f.period}", show(figure.value),
                                           show(f.value)))
        if ind is None or item.changes:
            result.indicators.append(item)


def _equal_figure(old, new) -> bool:
    if old is None or new is None or new == "":
        return (old is None or old == "") and (new is None or new == "")
    try:
        return float(old) == float(new)
    except (TypeError, ValueError):
        return same(old, new)
