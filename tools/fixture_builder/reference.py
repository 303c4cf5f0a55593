"""Index to initials (people), abbreviations (glossary), indicators and papers."""

import re

from .errors import FixtureBuildError
from .textutil import collapse, find_dates, parse_long_date

COUNCIL = "Herefordshire Council"
_HONORIFICS = {"Dr", "Mr", "Mrs", "Ms", "Miss"}


def _is_abbreviation(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z&]{1,5}", token)) and sum(c.isupper() for c in token) >= 2


def _split_names(text: str) -> list[str]:
    tokens, names, i = text.split(), [], 0
    while i < len(tokens):
        take = 3 if tokens[i] in _HONORIFICS else 2
        names.append(" ".join(tokens[i : i + take]))
        i += take
    return names


def _name_initials(name: str) -> str:
    parts = [p for p in name.split() if p not in _HONORIFICS]
    return (parts[0][0] + parts[-1][0]).upper() if parts else ""


def _parse_abbreviation_run(text: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, list[str]]] = []
    for token in text.split():
        if _is_abbreviation(token):
            pairs.append((token, []))
        elif pairs:
            pairs[-1][1].append(token)
        else:
            raise FixtureBuildError(f"abbreviation list does not start with an abbreviation: {text[:40]!r}")
    out = [(abbr, " ".join(words)) for abbr, words in pairs]
    if any(not meaning for _, meaning in out):
        raise FixtureBuildError(f"abbreviation without meaning in index: {text[:60]!r}")
    return out


def read_index(lines: list[str], corrections: dict, report: dict) -> tuple[list[dict], list[dict]]:
    """(people, glossary entries) from the 'Index to initials' block."""
    start = next(
        (
            i
            for i, ln in enumerate(lines)
            if collapse(ln) == "Index to initials used in the detailed Action Plan"
        ),
        None,
    )
    if start is None:
        raise FixtureBuildError("'Index to initials used in the detailed Action Plan' not found")
    people: list[dict] = []
    glossary: list[tuple[str, str]] = []
    for i in range(start + 1, len(lines)):
        raw = lines[i]
        line = collapse(raw)
        if not line:
            continue
        if raw.startswith("Recommendation\t"):
            break
        if ".doc" in line or line.startswith("$"):
            report["index_other_lines"].append({"line": i + 1, "text": line})
            continue
        fields = [collapse(f) for f in raw.split("\t")]
        if len(fields) == 3:
            _read_person_row(fields, i + 1, line, corrections, people, report)
        else:
            glossary.extend(_parse_abbreviation_run(line))
    if not people:
        raise FixtureBuildError("index to initials: no people found")
    if not glossary:
        raise FixtureBuildError("index to initials: no abbreviations found")
    meanings = dict(glossary)
    pct = meanings.get("PCT", "")
    for person in people:
        person["organisation"] = pct if pct and re.search(r"\bPCT\b", person["job_title"]) else COUNCIL
    # Posts the rule would call the council's but the seeds do not place (health posts): no
    # organisation is recorded rather than a guessed one.
    by_initials = {p["initials"]: p for p in people}
    for entry in corrections.get("organisation_not_stated", []):
        if entry["initials"] not in by_initials:
            raise FixtureBuildError(f"corrections organisation_not_stated: {entry['initials']} is not in the index")
        by_initials[entry["initials"]]["organisation"] = ""
    return people, [{"abbreviation": a, "meaning": m} for a, m in glossary]


def _read_person_row(
    fields: list[str], line_no: int, line: str, corrections: dict, people: list[dict], report: dict
) -> None:
    """A three-column row of the index: one person, a squashed block of several, or garbage."""
    initials = fields[0].split()
    if len(initials) > 1:  # squashed block: initials | names | titles
        people.extend(_read_squashed_block(initials, fields, corrections, report))
    elif fields[1] and _name_initials(fields[1]) == fields[0]:
        people.append({"initials": fields[0], "name": fields[1], "job_title": fields[2]})
    else:
        report["index_garbage"].append({"line": line_no, "text": line})


def _read_squashed_block(initials: list[str], fields: list[str], corrections: dict, report: dict) -> list[dict]:
    """Several people run together in one row; their titles come from the corrections file,
    which must spell out the seed's title column exactly."""
    names = _split_names(fields[1])
    titles = list(corrections["index_titles"])
    unassigned = list(corrections.get("index_titles_unassigned", []))
    if " ".join(titles + unassigned) != fields[2]:
        raise FixtureBuildError(
            "corrections index_titles do not spell out the seed's title column"
        )
    if not (len(initials) == len(names) == len(titles)):
        raise FixtureBuildError(
            f"index block: {len(initials)} initials, {len(names)} names, {len(titles)} titles"
        )
    people = []
    for ini, name, title in zip(initials, names, titles, strict=True):
        if _name_initials(name) != ini:
            raise FixtureBuildError(f"index block: name {name!r} does not match initials {ini}")
        people.append({"initials": ini, "name": name, "job_title": title})
    if unassigned:
        report["index_titles_unassigned"] = unassigned
    return people


GLOSSARY_SOURCES = {"seed", "seed-context", "seed-ocr", "usage"}


def build_glossary(index_entries: list[dict], extra: list[dict], all_seed_text: str) -> list[dict]:
    """Index abbreviations plus corrections["glossary_extra"].

    Each extra entry names its source, which is checked against the seeds:
    "seed" - the seeds write "Meaning (ABBR)" or "ABBR (Meaning)";
    "seed-context" - the seeds use ABBR and spell the meaning out elsewhere;
    "seed-ocr" - the seeds spell it out in OCR-damaged form (repaired);
    "usage" - common UK public-sector usage (the seeds only use ABBR).
    """
    text = collapse(all_seed_text)
    seen = {e["abbreviation"]: e["meaning"] for e in index_entries}
    out = list(index_entries)
    for e in extra:
        abbr, meaning, source = e["abbreviation"], e["meaning"], e.get("source", "")
        if abbr in seen:
            raise FixtureBuildError(f"corrections glossary_extra: {abbr} already defined")
        if source not in GLOSSARY_SOURCES:
            raise FixtureBuildError(f"corrections glossary_extra: {abbr} has unknown source {source!r}")
        a, m = re.escape(abbr), re.escape(meaning)
        if not re.search(rf"(?<![A-Za-z&]){a}(?![A-Za-z&])", text):
            raise FixtureBuildError(f"corrections glossary_extra: {abbr} is not used in the seeds")
        if source == "seed" and not re.search(rf"{m}\s*\(\s*{a}\s*\)|\b{a}\s*\(\s*{m}\s*\)", text, re.I):
            raise FixtureBuildError(
                f"corrections glossary_extra: '{meaning} ({abbr})' not found in the seeds"
            )
        if source == "seed-context" and meaning.casefold() not in text.casefold():
            raise FixtureBuildError(
                f"corrections glossary_extra: meaning {meaning!r} of {abbr} not found in the seeds"
            )
        seen[abbr] = meaning
        out.append({"abbreviation": abbr, "meaning": meaning})
    return sorted(out, key=lambda e: (e["abbreviation"].casefold(), e["abbreviation"]))


def check_extra_people(extra: list[dict], all_seed_text: str) -> None:
    """Names and titles given for initials the index lacks must appear in the seeds."""
    text = collapse(all_seed_text).casefold()
    for person in extra:
        for key in ("name", "job_title"):
            value = person.get(key, "")
            if value and value.casefold() not in text:
                raise FixtureBuildError(
                    f"corrections extra_people: {person['initials']} {key} {value!r} not found in the seeds"
                )
        if not re.search(rf"\b{re.escape(person['initials'])}\b", collapse(all_seed_text)):
            raise FixtureBuildError(
                f"corrections extra_people: initials {person['initials']} not used in the seeds"
            )


# ---------------------------------------------------------------- indicators
INDICATOR_UNITS = {
    "CH 141": ("per 10,000 under 18", True),
    "CH 143": ("%", True),
    "CH 145": ("per 10,000 under 18", True),
    "CH 01": ("per 10,000 under 18", False),
    "CH 12": ("%", True),
}
_REFERRAL_TREND = re.compile(
    r"Referral rates (\S+\s?\S*?) indicative increase from \d+ to \d+ referrals per annum\."
)


def read_indicators(lines: list[str], progress_cells: list[tuple[str, str, list[dict]]]) -> list[dict]:
    """The five indicators, and the one figure the seeds give that CH 141 measures.

    progress_cells: (where, progress text, its notes) for every action.
    """
    start = next((i for i, ln in enumerate(lines) if collapse(ln) == "Measuring success"), None)
    if start is None:
        raise FixtureBuildError("'Measuring success' (performance indicators) not found in the plan seed")
    indicators = []
    for line in lines[start + 1 : start + 20]:
        m = re.match(r"^(CH \d+)\s+(\S.*)$", collapse(line))
        if m:
            code = m.group(1)
            if code not in INDICATOR_UNITS:
                raise FixtureBuildError(f"unexpected performance indicator {code}")
            unit, higher = INDICATOR_UNITS[code]
            indicators.append(
                {
                    "code": code,
                    "title": m.group(2),
                    "unit": unit,
                    "higher_is_better": higher,
                    "targets": [],
                    "values": [],
                }
            )
    if [i["code"] for i in indicators] != list(INDICATOR_UNITS):
        raise FixtureBuildError(
            f"performance indicators found {[i['code'] for i in indicators]}, expected {list(INDICATOR_UNITS)}"
        )
    # The referral trend is what CH 141 measures, but as annual counts, not a
    # rate per 10,000: kept as a value with no number, the words in the note.
    for where, text, notes in progress_cells:
        m = _REFERRAL_TREND.search(text)
        if not m:
            continue
        period = m.group(1)
        end = find_dates(period)
        note_date = next((n["date"] for n in notes if m.group(0) in n["text"]), None)
        figure = {
            "period": period,
            "value": None,
            "note": (
                f"{m.group(0)} (Annual referral counts, not a rate per 10,000 under 18, so no "
                f"value is recorded. Source: action plan progress, {where}.)"
            ),
        }
        if end and end[-1].iso:
            figure["period_end"] = end[-1].iso
        if note_date:
            figure["recorded_on"] = note_date
        indicators[0]["values"].append(figure)
        break
    else:
        raise FixtureBuildError(
            "referral trend ('Referral rates ... referrals per annum.') not found in the plan"
        )
    return indicators


# ---------------------------------------------------------------- papers
def _require(text: str, phrase: str, what: str) -> None:
    if collapse(phrase).casefold() not in collapse(text).casefold():
        raise FixtureBuildError(f"{what}: {phrase!r} not found in its seed")


def read_papers(seeds: dict, summary_date: str) -> list[dict]:
    plan_text = "\n".join(seeds["plan"])
    _require(plan_text, "JAR Performance Improvement Action Plan", "summary progress report")
    meeting = next((ln for ln in seeds["plan"][:20] if ln.startswith("Date:")), "")
    meeting_date = parse_long_date(meeting)
    body = next((collapse(ln) for ln in seeds["plan"] if ln.strip()), "")
    if not meeting_date or body != "Children's Services Scrutiny Committee":
        raise FixtureBuildError(
            "scrutiny committee agenda heading/date not found at the top of the plan seed"
        )

    cab = seeds["cabinet"]
    cab_text = "\n".join(cab)
    title = "Progress on improvement following the Joint Area Review in Herefordshire"
    _require(cab_text, title, "cabinet report")
    at = next((i for i, ln in enumerate(cab) if collapse(ln) == "CABINET"), None)
    cab_date = parse_long_date(" ".join(cab[at : at + 4])) if at is not None else None
    if not cab_date:
        raise FixtureBuildError("cabinet report: 'CABINET' followed by the meeting date not found")

    exc = seeds["exceptions"]
    first = next((collapse(ln) for ln in exc if ln.strip()), "")
    exc_title = "Overall Performance Improvement Plan: exceptions report to the Leader and Chief Executive"
    _require(first, exc_title, "exceptions report")
    exc_date = parse_long_date(first)
    if not exc_date:
        raise FixtureBuildError("exceptions report: board meeting date not found in its first line")

    return [
        {
            "date": summary_date,
            "meeting_date": meeting_date,
            "type": "summary_progress",
            "title": "JAR Performance Improvement Action Plan: Summary Progress Report",
            "body": body,
        },
        {
            "date": cab_date,
            "meeting_date": cab_date,
            "type": "cabinet_report",
            "title": title,
            "body": "Cabinet",
        },
        {
            "date": exc_date,
            "meeting_date": exc_date,
            "type": "exceptions",
            "title": exc_title,
            "body": "Leader and Chief Executive",
        },
    ]
