"""Assemble the fixture from the seeds plus the small corrections file."""

import calendar
import json
import re
from datetime import date
from pathlib import Path

from .errors import FixtureBuildError
from .events import build_events, extra_indicators
from .leads import resolve_leads
from .notes import derive_status, split_notes
from .ocr_words import WordJoiner
from .plan_table import build_raw_actions, group_recommendations, join_fragments, read_table
from .reference import build_glossary, check_extra_people, read_index, read_indicators, read_papers
from .seeds import load_seeds
from .summary import derive_rag, read_summary

PLAN = {
    "slug": "herefordshire-jar-2006",
    "title": "JAR Performance Improvement Action Plan: Improving Children's Services in Herefordshire",
    "organisation": "Herefordshire Council",
    "source_inspection": "Joint Area Review of children's services in Herefordshire, 2005",
    "status": "active",
    "created_on": "2005-12-01",
}
STATUSES = {"completed", "in_progress", "not_started", "ongoing"}


def _new_report() -> dict:
    return {
        "dropped_rows": [],
        "merged_rows": [],
        "continuation_rows": [],
        "dittos": {},
        "invalid_dates": [],
        "summary_stray_lines": [],
        "text_decisions": [],
        "people_added": [],
        "index_garbage": [],
        "index_other_lines": [],
        "corrections_applied": [],
        "rag": [],
        "ocr_words": None,
    }


def load_corrections(path: Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise FixtureBuildError(f"corrections file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FixtureBuildError(f"corrections file {path.name} unreadable: {exc}") from exc
    for key in ("index_titles", "extra_people", "glossary_extra", "drop_rows", "actions"):
        if key not in data:
            raise FixtureBuildError(f"corrections file {path.name} lacks '{key}'")
    return data


def _words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w']", "", w.lower()) for w in text.split()) if w]


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _choose_text(number: int, plan_text: str, summary_text: str | None, report: dict) -> str:
    """Plan wording wins; the summary only completes words the plan lost."""
    if summary_text is None:
        report["text_decisions"].append(
            {"rec": number, "decision": "plan (no summary text)", "plan": plan_text}
        )
        return plan_text
    p, s = _words(plan_text), _words(summary_text)
    if p == s:
        return plan_text
    if len(s) > len(p) and _is_subsequence(p, s):
        report["text_decisions"].append(
            {"rec": number, "decision": "summary completes plan", "plan": plan_text, "summary": summary_text}
        )
        return summary_text
    report["text_decisions"].append(
        {"rec": number, "decision": "plan (texts differ)", "plan": plan_text, "summary": summary_text}
    )
    return plan_text


def _find_action(actions: list[dict], rec: int, prefix: str) -> dict:
    hits = [a for a in actions if a["description"].startswith(prefix)]
    if len(hits) != 1:
        raise FixtureBuildError(
            f"corrections: rec {rec} action prefix {prefix!r} matches {len(hits)} actions"
        )
    return hits[0]


def build_with_report(seed_dir: Path, corrections_path: Path) -> tuple[dict, dict]:
    corrections = load_corrections(corrections_path)
    seeds = load_seeds(Path(seed_dir))
    report = _new_report()
    plan_lines = seeds["plan"]
    joiner = WordJoiner("\n".join(seeds["all"]), corrections.get("ocr_words", {}))
    summary_date, group_names, recommendations = _read_recommendations(plan_lines, corrections, joiner, report)
    joiner.check_all_used()
    report["ocr_words"] = joiner.joins
    _apply_action_corrections(recommendations, corrections["actions"], report)
    progress_cells = _progress_cells(recommendations)
    people, index_glossary = _read_people(plan_lines, corrections, recommendations, seeds, report)
    glossary = build_glossary(index_glossary, corrections["glossary_extra"], "\n".join(seeds["all"]))
    partners = _partner_organisations(recommendations, corrections.get("partner_organisations", []))
    papers = sorted(read_papers(seeds, summary_date), key=lambda p: (p["date"], p["type"]))
    indicators = read_indicators(plan_lines, progress_cells) + extra_indicators(
        corrections.get("extra_indicators", []), seeds
    )

    data = {
        "plan": dict(PLAN),
        "groups": [{"name": name, "order": i} for i, name in enumerate(group_names, start=1)],
        "people": people,
        "glossary": glossary,
        "partners": partners,
        "recommendations": recommendations,
        "indicators": _indicator_figures(indicators, corrections.get("indicator_figures", []), seeds),
        "papers": papers,
        "events": build_events(corrections.get("later_facts", []), seeds, recommendations, papers),
    }
    return data, report


def _read_recommendations(
    plan_lines: list[str], corrections: dict, joiner: WordJoiner, report: dict
) -> tuple[str, list[str], list[dict]]:
    """The action plan table joined to the summary report, recommendation by recommendation:
    (the summary's date, the timescale group names in order, the recommendations)."""
    raw_recs = group_recommendations(read_table(plan_lines))
    if len(raw_recs) != 17:
        raise FixtureBuildError(f"expected 17 recommendations in the action plan, found {len(raw_recs)}")
    summary_date, groups, summary_recs = read_summary(plan_lines, report)
    if len(summary_recs) != len(raw_recs):
        raise FixtureBuildError(
            f"summary report has {len(summary_recs)} recommendations, the plan {len(raw_recs)}"
        )
    recommendations = [
        _recommendation(raw, summ, summary_date, corrections, joiner, report)
        for raw, summ in zip(raw_recs, summary_recs, strict=True)
    ]
    return summary_date, list(dict.fromkeys(groups)), recommendations


def _recommendation(raw, summ, summary_date: str, corrections: dict, joiner: WordJoiner, report: dict) -> dict:
    """One recommendation: its actions (leads resolved, status derived), its text and its summary,
    OCR word splits joined (the words as written kept in `as_written` wherever that changed them)."""
    build_raw_actions(raw, corrections["drop_rows"], report)
    actions = [_action(raw.number, pos, ra, joiner, report) for pos, ra in enumerate(raw.actions, start=1)]
    resolve_leads(actions, raw.number, report)
    for action in actions:
        _set_status(action, *derive_status(action["by_when"], action["description"], action["notes"]))
    plan_text = join_fragments(raw.fragments)
    summary_text = join_fragments(summ.text_parts)
    narrative = "\n\n".join(summ.paragraphs)
    if not narrative:
        raise FixtureBuildError(f"summary report: no narrative for recommendation {raw.number}")
    rag = derive_rag(narrative)
    report["rag"].append({"rec": raw.number, "rag": rag, "opening": narrative.split(". ")[0][:90]})
    summary = _joined({"text": narrative}, joiner)
    summary.update(date=summary_date, rag=rag)
    rec = _joined({"text": _choose_text(raw.number, plan_text, summary_text, report)}, joiner)
    rec.update(number=raw.number, group=summ.group, summaries=[summary], actions=actions)
    return rec


def _joined(fields: dict[str, str], joiner: WordJoiner) -> dict:
    """The fields with OCR word splits joined, plus `as_written` for each one the joining changed."""
    joined = {key: joiner(text) for key, text in fields.items()}
    as_written = {key: text for key, text in fields.items() if joined[key] != text}
    return {**joined, "as_written": as_written} if as_written else joined


def _action(rec_number: int, pos: int, ra, joiner: WordJoiner, report: dict) -> dict:
    """One row of the table as an action, OCR splits joined, its progress cell split into dated notes."""
    cells = {
        "description": ra.description,
        "by_when": ra.by_when,
        "progress_text": ra.progress,
        "partners": ra.partners,
        "capacity": ra.capacity,
        "success_criteria": ra.success,
    }
    action = _joined(cells, joiner)
    action["notes"], invalid = split_notes(action["progress_text"])
    for bad in invalid:
        report["invalid_dates"].append({"rec": rec_number, "position": pos, "date_text": bad})
    action.update(position=pos, _lead_cell=ra.lead_cell)
    return action


def _apply_action_corrections(recommendations: list[dict], fixes: list[dict], report: dict) -> None:
    """The corrections file's per-action entries: note breaks, status and completion date."""
    by_number = {r["number"]: r for r in recommendations}
    for fix in fixes:
        rec = by_number.get(fix["rec"])
        if rec is None:
            raise FixtureBuildError(f"corrections: no recommendation {fix['rec']}")
        action = _find_action(rec["actions"], fix["rec"], fix["action"])
        if "note_breaks" in fix:
            _rebreak_notes(action, fix, report)
        if "status" in fix:
            if fix["status"] not in STATUSES:
                raise FixtureBuildError(f"corrections: bad status {fix['status']!r}")
            day, precision = _correction_date(fix) if fix["status"] == "completed" else (None, "day")
            _set_status(action, fix["status"], day, precision)
        elif "completed_on" in fix:
            _set_status(action, action["status"], *_correction_date(fix))
        report["corrections_applied"].append(
            {
                "rec": fix["rec"],
                "position": action["position"],
                "action": fix["action"],
                "status": action["status"],
                "completed_on": action["completed_on"],
                "reason": fix.get("reason", ""),
            }
        )


def _rebreak_notes(action: dict, fix: dict, report: dict) -> None:
    """Split the progress cell at the corrections' breaks instead, and derive the status again."""
    try:
        action["notes"], invalid = split_notes(action["progress_text"], fix["note_breaks"])
    except ValueError as exc:
        raise FixtureBuildError(f"corrections: rec {fix['rec']} {fix['action']!r}: {exc}") from exc
    report["invalid_dates"] = [
        d for d in report["invalid_dates"] if (d["rec"], d["position"]) != (fix["rec"], action["position"])
    ]
    report["invalid_dates"] += [
        {"rec": fix["rec"], "position": action["position"], "date_text": b} for b in invalid
    ]
    _set_status(action, *derive_status(action["by_when"], action["description"], action["notes"]))


def _set_status(action: dict, status: str, completed_on: str | None, precision: str = "day") -> None:
    """Status and completion date; `completed_on_precision` "month" only when the date names a month
    alone (its last day is then a convention for counting, never shown as a day)."""
    action["status"], action["completed_on"] = status, completed_on
    action.pop("completed_on_precision", None)
    if completed_on is not None and precision == "month":
        action["completed_on_precision"] = "month"


_MONTH_ONLY = re.compile(r"^(\d{4})-(\d{2})$")


def _correction_date(fix: dict) -> tuple[str | None, str]:
    """A correction's completed_on: "2006-01-04" (a day) or "2006-01" (a month only: stored as its
    last day, precision "month"); absent or null gives no date."""
    value = fix.get("completed_on")
    if value is None:
        return None, "day"
    month = _MONTH_ONLY.match(value)
    try:
        if month:
            year, number = int(month[1]), int(month[2])
            return date(year, number, calendar.monthrange(year, number)[1]).isoformat(), "month"
        return date.fromisoformat(value).isoformat(), "day"
    except ValueError as exc:
        raise FixtureBuildError(
            f"corrections: rec {fix['rec']} {fix['action']!r}: completed_on {value!r} is not a day or a month"
        ) from exc


def _progress_cells(recommendations: list[dict]) -> list[tuple[str, str, list]]:
    """(where, text, notes) of every non-empty progress cell, for finding indicator figures."""
    return [
        (
            f"rec {r['number']} action {a['position']} ({a['description'][:45]}...)",
            a["progress_text"],
            a["notes"],
        )
        for r in recommendations
        for a in r["actions"]
        if a["progress_text"]
    ]


def _read_people(
    plan_lines: list[str], corrections: dict, recommendations: list[dict], seeds: dict, report: dict
) -> tuple[list[dict], list]:
    """The index to initials, the corrections' extra people, and any lead the index lacks
    (added with initials only); also the index's glossary entries."""
    people, index_glossary = read_index(plan_lines, corrections, report)
    known = {p["initials"] for p in people}
    check_extra_people(corrections["extra_people"], "\n".join(seeds["all"]))
    for extra in corrections["extra_people"]:
        if extra["initials"] in known:
            raise FixtureBuildError(f"corrections extra_people: {extra['initials']} already in the index")
        people.append({k: extra.get(k, "") for k in ("initials", "name", "job_title", "organisation")})
        known.add(extra["initials"])
        report["people_added"].append(extra["initials"])
    for rec in recommendations:
        for action in rec["actions"]:
            for lead in action["leads"]:
                if lead["initials"] not in known:
                    people.append(
                        {"initials": lead["initials"], "name": "", "job_title": "", "organisation": ""}
                    )
                    known.add(lead["initials"])
                    report["people_added"].append(lead["initials"])
    return people, index_glossary


def _indicator_figures(indicators: list[dict], figures: list[dict], seeds: dict) -> list[dict]:
    """Targets and values the seeds state in prose, mapped to an indicator by the corrections
    file; each is kept only when its quoted words really stand in the seeds."""
    text = " ".join(" ".join(seeds["all"]).split())
    by_code = {i["code"]: i for i in indicators}
    for figure in figures:
        if figure["code"] not in by_code:
            raise FixtureBuildError(f"corrections indicator_figures: unknown indicator {figure['code']}")
        if " ".join(figure["quote"].split()) not in text:
            raise FixtureBuildError(f"corrections indicator_figures: {figure['quote']!r} is not in the seeds")
        entry = {k: figure[k] for k in ("period", "period_end", "value", "recorded_on", "note")}
        if figure.get("forecast"):  # a value the report gives as a forecast, not an outturn
            entry["forecast"] = True
        by_code[figure["code"]][figure["kind"]].append(entry)
    return indicators


def _partner_organisations(recommendations: list[dict], candidates: list[dict]) -> list[dict]:
    """The partner bodies named in the People/Partners column: a candidate from the
    corrections file is kept only when one of its spellings really occurs there."""
    cells = " | ".join(a["partners"] for r in recommendations for a in r["actions"])
    found = []
    for candidate in candidates:
        if not any(spelling in cells for spelling in candidate["match"]):
            raise FixtureBuildError(
                f"corrections partner_organisations: {candidate['name']!r} is not named in the plan"
            )
        found.append({"name": candidate["name"], "abbreviation": candidate["abbreviation"]})
    return found


def build_fixture(seed_dir: Path, corrections_path: Path) -> dict:
    """Derive the Herefordshire JAR fixture from the seed texts and the corrections file."""
    data, _ = build_with_report(seed_dir, corrections_path)
    return data


def dumps_fixture(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write_fixture(data: dict, path: Path) -> None:
    """Write JSON (indent=1, UTF-8, keys sorted) so rebuilds are byte-identical."""
    Path(path).write_text(dumps_fixture(data), encoding="utf-8")
