"""The load drill's report: timings per request type, status counts, the notes' check, and what failed."""

from __future__ import annotations

from collections import defaultdict

from tools.loadtest.names import SAVE

SAVE_P95_TARGET_MS = 500  # issue 15: p95 under 500 ms for progress saves at 50 writers


def print_report(results: dict, notes: dict) -> None:
    timings = results.get("timings", [])
    print(f"\n{'Request type':<40} {'count':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  (ms)")
    for t in sorted(timings, key=lambda t: (t["name"] == "Aggregated", t["name"])):
        print(f"{t['method'] + ' ' + t['name']:<40} {t['requests']:>7} {t['failures']:>5} {t['p50']:>6.0f} "
              f"{t['p95']:>6.0f} {t['p99']:>6.0f} {t['max']:>6.0f}")
    total = next((t for t in timings if t["name"] == "Aggregated"), None)
    if total:
        print(f"Throughput: {total['rps']:.1f} requests/s over {total['seconds']:.0f} s")
    save = next((t for t in timings if t["name"] == SAVE), None)
    if save:
        met = "met" if save["p95"] < SAVE_P95_TARGET_MS else "NOT met"
        print(f"Progress saves: p95 {save['p95']:.0f} ms (target under {SAVE_P95_TARGET_MS} ms: {met})")
    if results.get("retried"):
        print(f"GETs sent again once, as a browser does, after a reused connection closed without an answer: "
              f"{results['retried']}")
    by_name: dict[str, list[str]] = defaultdict(list)
    for row in results.get("statuses", []):
        by_name[row["name"]].append(f"{row['status']} × {row['count']}")
    print("\nStatus counts:")
    for name, counts in sorted(by_name.items()):
        print(f"  {name}: {', '.join(counts)}")
    outcomes = results.get("notes", {})
    print(f"\nNotes: {outcomes.get('accepted', 0)} accepted, {outcomes.get('refused', 0)} refused, "
          f"{outcomes.get('unknown', 0)} with no answer or an error page")
    print(f"Database: {notes['stored']} stored for {notes['accepted']} accepted; lost {len(notes['lost'])}, "
          f"duplicated {len(notes['duplicated'])}, saved though not accepted {len(notes['unexpected'])}, "
          f"without their history row {len(notes['without_history'])}")
    for kind in ("lost", "duplicated", "unexpected", "without_history"):
        for text in notes[kind][:5]:
            print(f"  {kind}: {text}")


def server_errors(results: dict) -> int:
    """Requests answered 5xx or not answered at all."""
    return sum(
        r["count"] for r in results.get("statuses", []) if r["status"].startswith("5") or r["status"].startswith("no")
    )


def failures(results: dict, notes: dict) -> list[str]:
    problems = []
    if errors := server_errors(results):
        problems.append(f"{errors} requests answered 5xx or not at all")
    for kind, words in (("lost", "lost"), ("duplicated", "duplicated"), ("unexpected", "saved though not accepted"),
                        ("without_history", "without their history row")):
        if notes[kind]:
            problems.append(f"{len(notes[kind])} notes {words}")
    if not notes["accepted"]:
        problems.append("no note was accepted")
    return problems
