"""The fault drill's report: what users saw during each fault, the notes' check, the paper's issue."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from tools.loadtest.report import print_report


def errors_by_phase(errors: list[dict], timeline: list[tuple[float, str]]) -> dict[str, Counter]:
    """Each error (a status ≥ 400 other than the stale-edit 409, or no answer) under the fault it followed."""
    phases: dict[str, Counter] = {label: Counter() for _, label in timeline}
    for e in errors:
        label = timeline[0][1]
        for start, name in timeline:
            if e["t"] >= start:
                label = name
        phases[label][(e["status"], e["page"])] += 1
    return phases


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def print_drill_report(work: Path, timeline, drill, check: subprocess.CompletedProcess) -> int:
    results = json.loads((work / "statuses.json").read_text(encoding="utf-8")) if (
        work / "statuses.json").exists() else {}
    if not check.stdout.strip():
        print(check.stderr)
        return 1
    notes = json.loads(check.stdout)
    print_report(results, notes)
    print("\nWhat users saw, by fault (status: styled = the service's own page, bare = anything else, "
          "none = no answer):")
    phases = errors_by_phase(_read(work / "errors.jsonl"), timeline)
    for label, counts in phases.items():
        words = ", ".join(f"{status} {page} × {n}" for (status, page), n in sorted(counts.items())) or "no errors"
        print(f"  {label}: {words}")
    bare = sum(n for counts in phases.values() for (status, page), n in counts.items() if page == "bare")
    bare += sum(1 for status, page in drill.pages if page == "bare")
    print("\nThe paper issue (fault 3):")
    for line in drill.lines:
        print(f"  {line}")
    problems = list(drill.problems)
    if bare:
        problems.append(f"{bare} error pages were not the service's styled page")
    for kind, words in (("lost", "lost"), ("duplicated", "duplicated"), ("unexpected", "saved though refused"),
                        ("without_history", "without their history row")):
        if notes[kind]:
            problems.append(f"{len(notes[kind])} notes {words}")
    print("\nResult: " + ("PASS" if not problems else "FAIL: " + "; ".join(problems)))
    return 1 if problems else 0
