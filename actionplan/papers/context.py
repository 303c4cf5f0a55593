"""Build everything a paper prints from the Paper record and the plan as at the paper's date.

One snapshot per render: every figure, RAG word, note and name comes from the plan as recorded
at the end of the as-at day (actionplan.selectors.snapshot), so rendering the same paper again
after the plan has changed prints the same content.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from actionplan.asat import end_of_day
from actionplan.charts import describe_trend, format_figure, format_number
from actionplan.dates import short_note_date, short_uk_date, uk_date
from actionplan.deadlines import FLAGS_TO_CHECK, date_flag_reason
from actionplan.history import versions_as_at
from actionplan.models import GlossaryTerm, Paper, Person, Rag, Status
from actionplan.papers import defaults
from actionplan.papers.contact import contact_parts
from actionplan.papers.generated import longest_due_first, red_actions, travel_words
from actionplan.papers.since import paper_baseline
from actionplan.rag import roll_up
from actionplan.selectors.changes import changes_between
from actionplan.selectors.due_by import has_no_update
from actionplan.selectors.indicators import plan_indicators
from actionplan.selectors.snapshot import PlanSnapshot, plan_snapshot

BULLET = re.compile(r"^\s*(?:[-•*–]|\u2022)\s+")


@dataclass
class Block:
    """One paragraph of clerk-written text: its lines, and any bulleted lines beneath them."""

    lines: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def text_blocks(text: str) -> list[Block]:
    """Split text on blank lines into paragraphs; lines starting '- ' or '• ' become bullets."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        if not chunk.strip():
            continue
        block = Block()
        for line in chunk.split("\n"):
            if not line.strip():
                continue
            if BULLET.match(line):
                block.bullets.append(BULLET.sub("", line).strip())
            elif block.bullets:  # a wrapped bullet line continues the bullet
                block.bullets[-1] += " " + line.strip()
            else:
                block.lines.append(line.strip())
        blocks.append(block)
    return blocks


def _due(action) -> str:
    """The due column: the date counted from "By when", or why none is (a flagged date is not a deadline)."""
    if action.date_flag in FLAGS_TO_CHECK:
        return date_flag_reason(action.date_flag)
    return short_uk_date(action.due_date) if action.due_date and action.by_when and not action.date_flag else ""


@dataclass
class Section:
    id: str
    heading: str
    blocks: list[Block]
    numbered: bool = False


def _sections(paper: Paper, kind: defaults.KindRules) -> list[Section]:
    sections = []
    for name in kind.sections:
        if name == "key_decision":
            text = "This is a Key Decision." if paper.key_decision else "This is not a Key Decision."
            sections.append(Section(name, "Key Decision", [Block(lines=[text])]))
            continue
        blocks = text_blocks(getattr(paper, name))
        heading = defaults.SECTION_HEADINGS[name]
        if name == "recommendations" and len(blocks) > 1:
            heading = "Recommendations"
        if name == "considerations":
            heading = kind.considerations_heading
        sections.append(
            Section(name, heading, blocks, numbered=name == "considerations" and kind.numbered_considerations)
        )
    return sections


def _group(recs) -> list[tuple[str, list]]:
    """Recommendations grouped by their JAR timescale, in the groups' order."""
    ordered = sorted(recs, key=lambda r: (r.group_order, r.group, r.number))
    return [(name, list(items)) for (_, name), items in groupby(ordered, key=lambda r: (r.group_order, r.group))]


@dataclass
class ActionRow:
    action: object
    recommendation: object
    first: bool  # the recommendation's text is printed on its first row only, as in the seeds
    lead: str
    by_when: str
    due: str
    progress: list[tuple[str, str]]
    cancelled: bool


def _lead(action) -> str:
    if action.lead_text:
        return action.lead_text
    if action.leads:
        return ", ".join(f"{i} {q}".strip() for i, q in action.leads)
    return "tbc"


def action_plan_rows(snapshot: PlanSnapshot) -> list[tuple[str, list[tuple[object, list[ActionRow]]]]]:
    """[(timescale group, [(recommendation, rows)])]: one table per recommendation when printed."""
    grouped = []
    for name, recs in _group(snapshot.recommendations):
        tables = []
        for rec in recs:
            rows = []
            for i, a in enumerate(rec.actions):
                notes = sorted(a.notes, key=lambda n: (n.day, n.recorded_at))  # the log reads oldest first
                rows.append(
                    ActionRow(
                        action=a,
                        recommendation=rec,
                        first=i == 0,
                        lead=_lead(a),
                        by_when=a.by_when or "not given",
                        due=_due(a),
                        progress=[(short_note_date(n.date, n.recorded_at, month=n.date_is_month), n.text)
                                  for n in notes],
                        cancelled=a.status == Status.CANCELLED,
                    )
                )
            tables.append((rec, rows))
        grouped.append((name, tables))
    return grouped


def summary_rows(snapshot: PlanSnapshot) -> list[tuple[str, list[dict]]]:
    """The summary progress report: one row per recommendation, grouped by JAR timescale."""
    grouped = []
    for name, recs in _group(snapshot.recommendations):
        grouped.append(
            (
                name,
                [
                    {
                        "rec": r,
                        "summary": text_blocks(r.summary_text),
                        "summary_date": uk_date(r.summary_date),
                        "completed": r.completed_count,
                        "live": r.live_count,
                    }
                    for r in recs
                ],
            )
        )
    return grouped


def exception_rows(paper: Paper, snapshot: PlanSnapshot) -> list[dict]:
    """The exceptions report's elements: the clerk's chosen actions with the revised date and why.

    The action's words, target timescale and RAG come from the snapshot; what the clerk settled
    (revised date, why) comes from the paper, so the issued wording is the clerk's.
    """
    actions = {a.id: (r, a) for r in snapshot.recommendations for a in r.actions}
    rows = []
    for item in paper.exceptions or []:
        rec, action = actions.get(item.get("action_id"), (None, None))
        rows.append(
            {
                "reference": item.get("reference") or (action.reference if action else "?"),
                "recommendation": rec,
                "action": action,
                "target": (action.by_when or "not given") if action else "",
                "due": uk_date(action.due_date) if action else "",
                "revised": item.get("revised", ""),
                "why": text_blocks(item.get("why", "")),
                "rag": action.rag if action else None,
            }
        )
    return rows


def _distance(value, target, unit: str) -> str:
    """How far a value is from its target, in words: "10 percentage points below the target"."""
    gap = value - target
    if gap == 0:
        return "on the target"
    size = f"{format_number(abs(gap))} percentage point{'' if abs(gap) == 1 else 's'}" if unit == "%" else (
        format_figure(abs(gap), unit))
    side = "below" if gap < 0 else "above"
    return f"{size} {side} the target"


def indicator_exception_rows(snapshot: PlanSnapshot) -> dict:
    """Indicators whose latest figure as at the date is short of its target (RAG Red or Amber;
    the period label and note say when the figure is a forecast, as recorded), and those that
    cannot be judged because a value or a target is missing. Nothing here is estimated."""
    off, no_value, no_target = [], [], []
    for row in plan_indicators(snapshot.plan, snapshot.as_at):
        latest = row.latest
        if latest is None:
            no_value.append(row)
        elif latest.target is None:
            no_target.append(row)
        elif latest.rag in (Rag.RED, Rag.AMBER):
            off.append(
                {
                    "row": row,
                    "point": latest,
                    "value": format_figure(latest.value, row.unit),
                    "target": format_figure(latest.target, row.unit),
                    "distance": _distance(latest.value, latest.target, row.unit),
                }
            )
    return {"off": off, "no_value": no_value, "no_target": no_target}


def red_action_rows(snapshot: PlanSnapshot, limit: int | None = None) -> dict:
    """The appendix: every action not on target as at the date, with the latest note on it; with a
    limit, only that many (those due longest ago, printed in plan order) and a count of the rest."""
    reds = red_actions(snapshot)
    chosen = reds
    if limit and len(reds) > limit:
        keep = {id(a) for _, a in longest_due_first(reds)[:limit]}
        chosen = [(rec, a) for rec, a in reds if id(a) in keep]
    rows = []
    for rec, a in chosen:
        latest = a.notes[0] if a.notes else None  # the snapshot lists notes newest first
        rows.append(
            {
                "rec": rec,
                "action": a,
                "lead": _lead(a),
                "by_when": a.by_when or "not given",
                "latest_date": (short_note_date(latest.date, latest.recorded_at, month=latest.date_is_month)
                                if latest else ""),
                "latest": latest.text if latest else "No progress recorded.",
                "no_update": has_no_update(a),  # else reported delayed or late, or set Red by a person
                "basis": a.rag_basis,
            }
        )
    return {"rows": rows, "total": len(reds), "more": len(reds) - len(rows)}


def glossary(plan, as_at: date) -> dict:
    """The index as the plan held it at the date. Only people with a name are listed; initials the
    plan uses without saying whose they are are named once, in a note, never as a row of data."""
    moment = end_of_day(as_at)
    people = list(versions_as_at(Person, moment, plan_id=plan.pk).order_by("initials"))
    terms = list(versions_as_at(GlossaryTerm, moment, plan_id=plan.pk).order_by("abbreviation"))
    return {
        "people": [p for p in people if p.name.strip()],
        "unidentified": [p.initials for p in people if not p.name.strip()],
        "terms": terms,
    }


def indicators(snapshot: PlanSnapshot) -> list[dict]:
    """Each indicator's values against target as at the date, with its trend chart (an SVG image
    whose <title> and <desc> are its alternative text), the latest value's distance from its target
    and its direction of travel against the value before (words; the arrow beside them is decoration)."""
    rows = []
    for row in plan_indicators(snapshot.plan, snapshot.as_at):
        latest = row.latest
        rows.append(
            {
                "row": row,
                "latest": latest,
                "latest_value": format_figure(latest.value, row.unit) if latest else "",
                "distance": (_distance(latest.value, latest.target, row.unit)
                             if latest and latest.target is not None else ""),
                "target": format_figure(latest.target, row.unit) if latest and latest.target is not None else "",
                "direction": row.direction,
                "travel": travel_words(row),
                "arrow": row.movement if row.direction else "",
                "points": [
                    {"period": p.period, "value": format_figure(p.value, row.unit) if p.value is not None else "",
                     "kind": ("Forecast" if p.forecast else "Outturn") if p.value is not None else "",
                     "target": format_figure(p.target, row.unit) if p.target is not None else "",
                     "rag": p.rag, "note": p.note}
                    for p in row.points
                ],
                **_chart(row),
            }
        )
    return rows


def _chart(row) -> dict:
    """The trend chart as an image whose alternative text reads out its figures.

    An <img> of the SVG (not the SVG inline) because WeasyPrint's tagged PDF takes a figure's
    /Alt from the img's alt, but only the <title> of an inline SVG, which lacks the figures.
    No chart when there is no figure to plot (the table says so).
    """
    if not any(p.value is not None or p.target is not None for p in row.points):
        return {"chart_src": "", "chart_alt": ""}
    # Drawn at the width of a portrait page's text, so nothing is scaled down.
    svg = row.chart_svg(width=640, height=260, prefix="paper-indicator")
    points = row.chart_points
    return {
        "chart_src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "chart_alt": describe_trend(row.chart_title, points, row.unit, row.higher_is_better),
    }


def changes(paper: Paper, snapshot: PlanSnapshot) -> dict:
    """The appendix of changes since the last report (actionplan.papers.since says which report)."""
    baseline = paper_baseline(paper)
    since = baseline.since
    out = {"since": uk_date(since) if since else "", "baseline": baseline, "result": None}
    if since is None or since >= snapshot.as_at:
        return out
    result = changes_between(snapshot.plan, since, snapshot.as_at)
    totals = {name: result.total(name) for name in ("completed", "rag_movements", "new_actions", "notes")}
    return {**out, "result": result, "totals": totals, "changed": len(result.changed)}


APPENDIX_TEMPLATES = {
    Paper.Appendix.SUMMARY: "actionplan/papers/print/_summary.html",
    Paper.Appendix.ACTION_PLAN: "actionplan/papers/print/_action_plan.html",
    Paper.Appendix.EXCEPTIONS: "actionplan/papers/print/_red_actions.html",
    Paper.Appendix.INDICATORS: "actionplan/papers/print/_indicators.html",
    Paper.Appendix.CHANGES: "actionplan/papers/print/_changes.html",
    Paper.Appendix.GLOSSARY: "actionplan/papers/print/_glossary.html",
}
APPENDIX_TITLES = {
    Paper.Appendix.SUMMARY: "Summary progress report",
    Paper.Appendix.ACTION_PLAN: "Action plan",
    Paper.Appendix.EXCEPTIONS: "Actions not on target",
    Paper.Appendix.INDICATORS: "Performance indicators",
    Paper.Appendix.CHANGES: "Changes since the last report",
    Paper.Appendix.GLOSSARY: "Index of initials and abbreviations",
}


def ordered_appendices(paper: Paper) -> list[str]:
    chosen = set(paper.appendices or [])
    return [value for value in Paper.Appendix.values if value in chosen]


def paper_context(paper: Paper, *, snapshot: PlanSnapshot | None = None, status_line: str = "") -> dict:
    """The whole render context for the print template (and the HTML preview)."""
    kind = defaults.paper_type(paper.kind)
    snapshot = snapshot or plan_snapshot(paper.plan, paper.as_at)
    appendices = ordered_appendices(paper)
    needs = set(appendices) | {paper.kind}
    ctx = {
        "paper": paper,
        "plan": paper.plan,
        "type": kind,
        "snapshot": snapshot,
        "as_at": uk_date(paper.as_at),
        "meeting_date": uk_date(paper.meeting_date),
        "status_line": status_line,
        "sections": _sections(paper, kind),
        "rag_key": defaults.RAG_KEY,
        "landscape_body": paper.kind == Paper.Kind.ACTION_PLAN,
        "contact": contact_parts(paper.contact_wording, name=paper.contact_name, title=paper.contact_title,
                                 phone=paper.contact_phone),
        "appendices": [
            {"key": key, "number": i, "title": APPENDIX_TITLES[key], "template": APPENDIX_TEMPLATES[key],
             # The action plan prints landscape; so does every page of a full-action-plan paper.
             "landscape": key == Paper.Appendix.ACTION_PLAN or paper.kind == Paper.Kind.ACTION_PLAN}
            for i, key in enumerate(appendices, start=1)
        ],
    }
    if needs & {Paper.Appendix.ACTION_PLAN, Paper.Kind.ACTION_PLAN}:
        ctx["action_plan"] = action_plan_rows(snapshot)
    if needs & {Paper.Appendix.SUMMARY}:
        ctx["summary"] = summary_rows(snapshot)
    if needs & {Paper.Appendix.EXCEPTIONS}:
        ctx["red_actions"] = red_action_rows(snapshot, paper.red_actions_limit)
    if paper.kind == Paper.Kind.EXCEPTIONS:
        ctx["exceptions"] = exception_rows(paper, snapshot)
        ctx["indicator_exceptions"] = indicator_exception_rows(snapshot)
        ctx["overall_rag"] = paper.overall_rag or roll_up(r.rag for r in snapshot.recommendations)
        ctx["overall_rag_derived"] = not paper.overall_rag
    if Paper.Appendix.INDICATORS in needs:
        ctx["indicators"] = indicators(snapshot)
    if Paper.Appendix.CHANGES in needs:
        ctx["changes"] = changes(paper, snapshot)
    if Paper.Appendix.GLOSSARY in needs:
        ctx["glossary"] = glossary(paper.plan, paper.as_at)
    return ctx
