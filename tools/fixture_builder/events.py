"""Later facts: what the seeds state after the plan's 24 March 2006 version, as dated events.

Each entry of `later_facts` in corrections.json names a seed (by its role: the summary
progress report is in the "plan" seed), the date of the document that states the fact,
the exact words (each must stand in that seed), and what it reaches:

* `"action": "16.5"`: that action;
* `"recommendation": 1`: a statement about the recommendation *as a whole*; it must say
  the recommendation is completed, and it reaches every action of the recommendation
  still open on that date (each gets a note saying so, and is completed on the date).

and what it records: always a progress note (the words, attributed to the source);
optionally a status (`completed`, with `completed_on` when the words give the day, or
`delayed`) and a revised `by_when`. The output is one event per action, in date order;
the loader applies them through the back-dated history. fixtures/README.md lists them.
"""

from __future__ import annotations

from datetime import date

from .errors import FixtureBuildError

# seed role -> (the paper whose date the fact carries, the source's name in notes)
SOURCES = {
    "plan": ("summary_progress", "Summary progress report"),
    "cabinet": ("cabinet_report", "Cabinet report"),
    "exceptions": ("exceptions", "Exceptions report"),
}
STATUSES = ("completed", "delayed")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def check_quote(quote: str, role: str, seeds: dict, where: str) -> None:
    """Fail the build unless `quote` stands, word for word, in the seed of `role`."""
    if role not in seeds or role == "all":
        raise FixtureBuildError(f"{where}: unknown seed {role!r} (one of {', '.join(SOURCES)})")
    if not _flat(quote) or _flat(quote) not in _flat("\n".join(seeds[role])):
        raise FixtureBuildError(f"{where}: {quote!r} is not in the {role} seed")


def _iso(value, where: str, name: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise FixtureBuildError(f"{where}: {name} {value!r} is not a date (YYYY-MM-DD)") from None


def _checked(i: int, entry: dict, seeds: dict, paper_dates: dict) -> dict:
    """One corrections entry, validated: its quotes stand in its seed, its date is its source's."""
    where = f"corrections later_facts[{i}]"
    role = entry.get("seed")
    if role not in SOURCES:
        raise FixtureBuildError(f"{where}: unknown seed {role!r} (one of {', '.join(SOURCES)})")
    day = _iso(entry.get("date"), where, "date")
    paper, name = SOURCES[role]
    if paper_dates.get(paper) != day:
        raise FixtureBuildError(f"{where}: dated {day}, but the {name.lower()} is dated {paper_dates.get(paper)}")
    quotes = entry.get("quote")
    quotes = [quotes] if isinstance(quotes, str) else quotes
    if not quotes or not all(isinstance(q, str) for q in quotes):
        raise FixtureBuildError(f"{where}: 'quote' must give the seed's words")
    for quote in quotes:
        check_quote(quote, role, seeds, where)
    if ("action" in entry) == ("recommendation" in entry):
        raise FixtureBuildError(f'{where}: name either an "action" ("3.7") or a "recommendation" (a number)')
    fact = {
        "where": where,
        "date": day,
        "seed": role,
        "source": f"{name}, {_long_date(day)}",
        "quote": [_flat(q) for q in quotes],
        "action": entry.get("action"),
        "recommendation": entry.get("recommendation"),
    }
    return fact | _effects(entry, fact)


def _effects(entry: dict, fact: dict) -> dict:
    """What a fact records beyond its note: a status, the day it was completed, a revised by-when."""
    where, day = fact["where"], fact["date"]
    status = entry.get("status")
    if status is not None and status not in STATUSES:
        raise FixtureBuildError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    completed_on = entry.get("completed_on")
    if completed_on is not None:
        if status != "completed":
            raise FixtureBuildError(f"{where}: 'completed_on' needs status 'completed'")
        completed_on = _iso(completed_on, where, "completed_on")
        if completed_on > day:
            raise FixtureBuildError(f"{where}: completed_on {completed_on} is after the source's date {day}")
    by_when = entry.get("by_when")
    if by_when is not None and not (isinstance(by_when, str) and by_when.strip()):
        raise FixtureBuildError(f"{where}: 'by_when' must be the words of the revised date")
    if fact["recommendation"] is not None and (status != "completed" or by_when is not None):
        raise FixtureBuildError(
            f"{where}: a statement about a recommendation as a whole reaches its actions only when it "
            "says the recommendation is completed"
        )
    if status == "completed" and completed_on is None:
        completed_on = day
    return {"status": status, "completed_on": completed_on, "by_when": by_when}


def _targets(fact: dict, actions: dict, status: dict) -> list[tuple[int, int]]:
    """The (recommendation, position) of every action the fact reaches."""
    where = fact["where"]
    if fact["recommendation"] is not None:
        number = fact["recommendation"]
        keys = sorted(k for k in actions if k[0] == number)
        if not keys:
            raise FixtureBuildError(f"{where}: no recommendation {number!r}")
        reached = [k for k in keys if status[k] != "completed"]
        if not reached:
            raise FixtureBuildError(f"{where}: recommendation {number} has no open action on {fact['date']}")
        return reached
    try:
        number, position = (int(part) for part in str(fact["action"]).split("."))
    except ValueError:
        raise FixtureBuildError(f'{where}: action {fact["action"]!r} is not a reference like "3.7"') from None
    if (number, position) not in actions:
        raise FixtureBuildError(f"{where}: no action {fact['action']}")
    if fact["status"] == "completed" and status[(number, position)] == "completed":
        raise FixtureBuildError(f"{where}: action {fact['action']} is already completed")
    return [(number, position)]


def _note(fact: dict) -> str:
    words = " … ".join(f'"{q}"' for q in fact["quote"])
    if fact["recommendation"] is not None:
        return f"{fact['source']}, of recommendation {fact['recommendation']} as a whole: {words}"
    return f"{fact['source']}: {words}"


def build_events(entries: list[dict], seeds: dict, recommendations: list[dict], papers: list[dict]) -> list[dict]:
    """One event per action reached, in date order (entries of one date keep their order)."""
    paper_dates = {p["type"]: p["date"] for p in papers}
    facts = [_checked(i, entry, seeds, paper_dates) for i, entry in enumerate(entries)]
    actions = {(r["number"], a["position"]): a for r in recommendations for a in r["actions"]}
    status = {key: a["status"] for key, a in actions.items()}
    events = []
    for fact in sorted(facts, key=lambda f: f["date"]):
        for number, position in _targets(fact, actions, status):
            if fact["status"] is not None:
                status[(number, position)] = fact["status"]
            events.append(
                {
                    "date": fact["date"],
                    "seed": fact["seed"],
                    "source": fact["source"],
                    "quote": fact["quote"],
                    "recommendation": number,
                    "position": position,
                    "of": "recommendation" if fact["recommendation"] is not None else "action",
                    "note": _note(fact),
                    "status": fact["status"],
                    "completed_on": fact["completed_on"],
                    "by_when": fact["by_when"],
                }
            )
    return events


def extra_indicators(entries: list[dict], seeds: dict) -> list[dict]:
    """Indicators a later report states figures for that none of the plan's five measures; each
    is kept only when its quoted words stand in the seed named, and dates from that report."""
    found = []
    for i, entry in enumerate(entries):
        where = f"corrections extra_indicators[{i}]"
        check_quote(entry.get("quote", ""), entry.get("seed"), seeds, where)
        found.append(
            {
                "code": entry["code"],
                "title": entry["title"],
                "unit": entry.get("unit", ""),
                "higher_is_better": entry.get("higher_is_better", True),
                "recorded_on": _iso(entry.get("recorded_on"), where, "recorded_on"),
                "targets": [],
                "values": [],
            }
        )
    return found
