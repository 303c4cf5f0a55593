"""Tests for tools.fixture_builder and the committed fixture.

Pure pytest, no database.  The committed fixture (fixtures/herefordshire_jar.json)
is always checked; a fresh build from the seeds runs only where the seeds
exist (../shared/seeds beside the repository), otherwise those tests skip.

    .venv/bin/pytest tests/tools/test_fixture_builder.py -q
"""

import calendar
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.fixture_builder import FixtureBuildError, build_fixture, dumps_fixture, write_fixture
from tools.fixture_builder.leads import is_ditto, parse_written
from tools.fixture_builder.notes import derive_status, split_notes
from tools.fixture_builder.textutil import find_dates

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "herefordshire_jar.json"
CORRECTIONS = REPO / "fixtures" / "corrections.json"
README = REPO / "fixtures" / "README.md"
SEEDS = Path(os.environ.get("JARTRACKER_SEEDS", REPO.parent / "shared" / "seeds"))

# Action count per recommendation, as documented in fixtures/README.md.
EXPECTED_COUNTS = {
    1: 23,
    2: 13,
    3: 8,
    4: 10,
    5: 27,
    6: 11,
    7: 7,
    8: 4,
    9: 10,
    10: 8,
    11: 20,
    12: 6,
    13: 9,
    14: 5,
    15: 7,
    16: 5,
    17: 3,
}
EXPECTED_TOTAL = 176
OCR_DITTOS = {'"', "66", "u", "ic", "ic .", "íc .", "££", "и", "a", "ta", "tt"}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not present at {SEEDS}")


@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def recs(data):
    return {r["number"]: r for r in data["recommendations"]}


def action(recs, number, prefix):
    hits = [a for a in recs[number]["actions"] if a["description"].startswith(prefix)]
    assert len(hits) == 1, f"rec {number}: {prefix!r} matched {len(hits)} actions"
    return hits[0]


def all_actions(data):
    for rec in data["recommendations"]:
        for a in rec["actions"]:
            yield rec["number"], a


# ---------------------------------------------------------------- committed fixture
def test_fixture_file_is_in_canonical_form(data):
    assert FIXTURE.read_text(encoding="utf-8") == dumps_fixture(data)


def test_top_level_keys_and_plan(data):
    assert set(data) == {
        "plan", "groups", "people", "glossary", "partners", "recommendations", "indicators", "papers", "events"
    }
    assert data["plan"] == {
        "slug": "herefordshire-jar-2006",
        "title": "JAR Performance Improvement Action Plan: Improving Children's Services in Herefordshire",
        "organisation": "Herefordshire Council",
        "source_inspection": "Joint Area Review of children's services in Herefordshire, 2005",
        "status": "active",
        "created_on": "2005-12-01",
    }
    assert data["groups"] == [
        {"name": "January – June 2006", "order": 1},
        {"name": "June 2006 –", "order": 2},
    ]


def test_seventeen_recommendations_in_groups(data):
    numbers = [r["number"] for r in data["recommendations"]]
    assert numbers == list(range(1, 18))
    for rec in data["recommendations"]:
        expected = "January – June 2006" if rec["number"] <= 4 else "June 2006 –"
        assert rec["group"] == expected
        assert rec["text"]
        assert not re.match(r"^\d", rec["text"])


def test_recommendation_texts(recs):
    assert recs[1]["text"] == (
        "Ensure that appropriate criteria are set for the involvement of the LA's "
        "professionally qualified SC staff In child protection cases"
    )
    assert recs[2]["text"].endswith("consistently applied in practice.")
    assert (
        recs[4]["text"]
        == "Ensure that a written record is made of all contacts with the Social Care Duty Team."
    )
    assert recs[11]["text"].startswith(
        "Improve communication with parents and young people with leaning difficulties"
    )
    assert recs[12]["text"].startswith(
        "Improve action planning to deliver strategic aims and objectives and,"
    )
    assert "Scrutiny Cttee." in recs[17]["text"]


def test_action_counts(recs):
    assert {n: len(r["actions"]) for n, r in recs.items()} == EXPECTED_COUNTS
    assert sum(EXPECTED_COUNTS.values()) == EXPECTED_TOTAL
    for rec in recs.values():
        assert [a["position"] for a in rec["actions"]] == list(range(1, len(rec["actions"]) + 1))


def test_readme_documents_the_counts():
    text = README.read_text(encoding="utf-8")
    rows = {int(a): int(b) for a, b in re.findall(r"^\|\s*(\d+)\s*\|\s*(\d+)\s*\|", text, re.M)}
    assert rows == EXPECTED_COUNTS
    assert f"**{EXPECTED_TOTAL}**" in text


def test_no_ditto_strings_survive(data):
    for number, a in all_actions(data):
        assert a["lead_text"] not in OCR_DITTOS, (number, a["description"])
        assert a["lead_source"] in {"written", "ditto", "inherited", "none", "tbc"}
        if a["lead_source"] == "tbc":
            assert a["lead_text"] == "tbc"
            assert a["leads"] == []
        elif a["lead_source"] == "none":
            assert a["lead_text"] == ""
            assert a["leads"] == []
        else:
            assert parse_written(a["lead_text"]) == a["leads"], (number, a["lead_text"])
        for lead in a["leads"]:
            assert re.fullmatch(r"[A-Z]{2,3}", lead["initials"])
            assert lead["qualifier"] not in OCR_DITTOS


def test_every_lead_is_a_person(data):
    people = {p["initials"] for p in data["people"]}
    assert len(people) == len(data["people"])
    for number, a in all_actions(data):
        for lead in a["leads"]:
            assert lead["initials"] in people, (number, lead)
    assert {"AB", "AH", "JR"} <= people
    assert "ISM" not in people


def test_people_from_index(data):
    by = {p["initials"]: p for p in data["people"]}
    assert by["SF"] == {
        "initials": "SF",
        "name": "Sue Fiennes",
        "job_title": "Director of Children's Services",
        "organisation": "Herefordshire Council",
    }
    assert by["SD"]["organisation"] == "Herefordshire Primary Care Trust"
    assert by["SS"]["name"] == "Dr S Stuckie"
    # Health posts the seeds do not place: no organisation rather than the council by rule.
    assert by["SS"]["organisation"] == by["LR"]["organisation"] == ""
    assert by["DL"]["job_title"] == "Manager of Pupil, School & Parent Support"
    assert by["AH"]["name"] == "Anne Heath"
    assert by["JR"]["name"] == ""


def test_glossary(data):
    gloss = {g["abbreviation"]: g["meaning"] for g in data["glossary"]}
    assert gloss["CYPPB"] == "Children and Young Peoples Partnership Board"
    assert gloss["ISM"] == "Interim Senior Manager"
    assert gloss["DfES"] == "Department for Education and Skills"
    assert "ICM" not in gloss
    keys = [g["abbreviation"] for g in data["glossary"]]
    assert keys == sorted(keys, key=lambda k: (k.casefold(), k))


def test_rec1_first_action(recs):
    first = recs[1]["actions"][0]
    assert first["description"] == "Discussion paper to be prepared"
    assert first["lead_text"] == "SF (ISM)"
    assert first["leads"] == [{"initials": "SF", "qualifier": "(ISM)"}]
    assert first["lead_source"] == "written"
    assert first["by_when"] == "Dec 05"
    # "Dec 05" names a month, no day: stored as its last day, marked so nothing shows that day.
    assert first["notes"] == [
        {"date": "2005-12-31", "date_precision": "month", "text": "Discussion paper prepared Dec 05."}
    ]
    assert (first["completed_on"], first["completed_on_precision"]) == ("2005-12-31", "month")
    assert first["capacity"] == ""  # a lone OCR bullet in the seed


def test_garbled_row_dropped(data):
    text = json.dumps(data, ensure_ascii=False)
    assert "Manthly" not in text
    assert "naufarmana" not in text
    assert "Amr 00" not in text


def test_ditto_lead_resolution(recs):
    paper = action(recs, 2, "Content of the paper for 7 March meeting")
    assert paper["lead_text"] == "SF (ISM)"
    assert paper["lead_source"] == "ditto"
    assert action(recs, 1, "C&YPPB briefing")["lead_source"] == "ditto"
    assert action(recs, 1, "LSCB Subgroup to meet")["lead_source"] == "inherited"
    assert action(recs, 5, "Discussion with the Alliance")["leads"] == [
        {"initials": "SF", "qualifier": "(IMS)"}
    ]
    assert action(recs, 7, "Transfer health care plans")["leads"] == [
        {"initials": "HL", "qualifier": "to sign off"}
    ]
    assert action(recs, 13, "Review allocation of available")["lead_source"] == "tbc"


def test_continuation_rows(recs):
    quarterly = action(recs, 2, "Undertake quarterly reviews")
    assert quarterly["by_when"] == "End June 06; End September 06; End Dec 06; End Mar 07"
    strategy = action(recs, 3, "A workforce development strategy")
    assert "The strategy will include:" in strategy["description"]
    assert strategy["description"].endswith(
        "The strategy will incorporate known/possible changes to service structures and organisation"
    )
    assert not any(
        a["description"].startswith(("The strategy will include", "known/possible", "Sponsorship"))
        for a in recs[3]["actions"]
    )
    audit = action(recs, 4, "Audit programme to be agreed")
    assert audit["progress_text"].endswith("the 2 elected member supports to the lead Cabinet member")
    assert action(recs, 16, "Responsibility for homelessness")["progress_text"].startswith(
        "Negotiations underway with SHYPP"
    )
    # sub-steps without lead / by-when / progress stay actions of their own
    action(recs, 5, "Draft Multi Agency Lead professional guidance to be developed")
    action(recs, 5, "Project to be approved by SF and CYPPB")


def notes_of(recs, number, prefix):
    return [(n["date"], n["text"]) for n in action(recs, number, prefix)["notes"]]


def test_note_splitting(recs):
    notes = notes_of(recs, 1, "LSCB Subgroup to meet to discuss paper")
    assert ("2006-01-04", "LSCB Subgroup met to discuss paper 04.01.06.") in notes
    assert notes_of(recs, 1, "Remind CCM consultants") == [
        ("2006-02-10", "Interim written guidance issued 10.02.06")
    ]
    visits = notes_of(recs, 2, "Monitoring and effective management")
    assert visits == [
        ("2006-01-27", "Commenced 27.01.06"),
        ("2006-03-16", "Visits/Reviews 10.02.06 16 02 06 28 02 06 09 03 06 16 03 06"),
        (None, "No material issues highlighted to date"),
    ]
    assert ("2006-02-17", "HL spoke with DJ 17th Feb DJ to consider") in notes_of(
        recs, 1, "Put in place contingency"
    )
    assert ("2006-01-18", "Completed 18 Jan") in notes_of(recs, 4, "Review revise and issue")
    assert ("2006-03-07", "Done 07. 03. 06") in notes_of(recs, 2, "Confirmation of multi-agency")
    assert (
        "2006-02-22",
        "22 02 06 - HL met Mel Ganderton(corp. HR), who will develop arrangements and join strategy group",
    ) in notes_of(recs, 3, "Confirm potential requirements")


def test_impossible_dates_keep_text(recs):
    assert (None, "Comparator information requested by SM 31 02 06,") in notes_of(
        recs, 1, "Comparisons from high-performing"
    )
    assert (None, "Draft project plan prepared and forwarded to DCS and Head of HR 30.02.06") in notes_of(
        recs, 3, "Draft project plan to be produced"
    )


def test_notes_are_word_for_word(data):
    for number, a in all_actions(data):
        words = " ".join(n["text"] for n in a["notes"]).split()
        assert words == a["progress_text"].replace("–", " – ").split() or "".join(words) == "".join(
            a["progress_text"].split()
        ), (number, a["description"])
        for n in a["notes"]:
            assert n["date"] is None or re.fullmatch(r"20\d\d-\d\d-\d\d", n["date"])


def test_status_fields(data, recs):
    for number, a in all_actions(data):
        assert a["status"] in {"completed", "in_progress", "not_started", "ongoing"}
        if a["status"] != "completed":
            assert a["completed_on"] is None, (number, a["description"])
        if not a["progress_text"] and not a["by_when"].lower().startswith("in place"):
            assert a["status"] == "not_started", (number, a["description"])
    assert action(recs, 1, "Paper to Executive of LSCB")["completed_on"] == "2006-02-27"
    assert action(recs, 2, "Issue revised threshold criteria")["status"] == "in_progress"
    assert action(recs, 2, "Monitoring and effective management")["status"] == "ongoing"
    assert action(recs, 6, "Training package revised")["status"] == "not_started"


def test_summaries(data):
    for rec in data["recommendations"]:
        assert len(rec["summaries"]) == 1
        s = rec["summaries"][0]
        assert s["date"] == "2006-05-19"
        assert s["text"]
        assert s["rag"] in {"green", "amber", "red"}
    rag = {r["number"]: r["summaries"][0]["rag"] for r in data["recommendations"]}
    assert {n for n, c in rag.items() if c == "green"} == {1, 4, 8}
    text16 = data["recommendations"][15]["summaries"][0]["text"]
    assert "\n\n• Use of bed and breakfast accommodation is reducing." in text16
    text12 = data["recommendations"][11]["summaries"][0]["text"]
    assert "partnership Board." in text12
    assert "Interim Senior Manager" not in text12


def test_indicators(data):
    codes = [i["code"] for i in data["indicators"]]
    # The plan's five, then two a later report brings (see "Later facts" in fixtures/README.md).
    assert codes == ["CH 141", "CH 143", "CH 145", "CH 01", "CH 12", "Initial assessment", "Core assessment"]
    by = {i["code"]: i for i in data["indicators"]}
    assert by["CH 143"]["unit"] == "%"
    # CH 143 (referrals leading to an initial assessment) keeps only the 70% "assessment rate";
    # the exceptions report's completion (timeliness) figures are an indicator of their own.
    assert [(v["period"], v["value"]) for v in by["CH 143"]["values"]] == [("Oct 05 – Feb 06", 70)]
    assert by["CH 143"]["targets"] == []
    initial = by["Initial assessment"]
    assert (initial["title"], initial["unit"], initial["recorded_on"]) == (
        "Completion of initial assessments of children in need", "%", "2006-12-21")
    assert [(t["period"], t["value"], t["recorded_on"]) for t in initial["targets"]] == [("2006/07", 75, "2006-12-21")]
    assert [(v["period"], v["value"], v["recorded_on"]) for v in initial["values"]] == [
        ("2006/07 (forecast)", 65, "2006-12-21")]
    assert by["CH 01"]["unit"] == "per 10,000 under 18"
    assert by["CH 141"]["higher_is_better"] is True
    assert by["CH 01"]["higher_is_better"] is False
    assert "650 to 800 referrals per annum" in by["CH 141"]["values"][0]["note"]


def test_papers(data):
    papers = [(p["date"], p["meeting_date"], p["type"], p["body"]) for p in data["papers"]]
    assert papers == [
        ("2006-05-19", "2006-05-31", "summary_progress", "Children's Services Scrutiny Committee"),
        ("2006-07-13", "2006-07-13", "cabinet_report", "Cabinet"),
        ("2006-12-21", "2006-12-21", "exceptions", "Leader and Chief Executive"),
    ]


# ---------------------------------------------------------------- unit tests (no seeds needed)
@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("10.02.06", "2006-02-10", "day"),
        ("16 02 06", "2006-02-16", "day"),
        ("17 th Feb", "2006-02-17", "day"),
        ("Done 07. 03. 06", "2006-03-07", "day"),
        ("04.01.06.", "2006-01-04", "day"),
        ("Dec 05", "2005-12-31", "month"),
        ("Jan 06", "2006-01-31", "month"),
        ("27 Jan", "2006-01-27", "day"),
        ("w/b 27 02 06", "2006-02-27", "day"),
        ("met 16 02", "2006-02-16", "day"),
        ("18 th February", "2006-02-18", "day"),
        ("MAR 06", "2006-03-31", "month"),
        ("established Jan.", "2006-01-31", "month"),
        ("30.02.06", None, "day"),
    ],
)
def test_date_styles(text, iso, precision):
    tokens = find_dates(text)
    assert len(tokens) == 1
    assert tokens[0].iso == iso
    assert tokens[0].precision == precision


# Every note whose text dates it by a month alone, and every completion dated so (by such a note
# or by a month-only correction): fixtures/README.md section 5.
MONTH_ONLY_NOTES = {
    "1.1": "Dec 05", "1.4": "Jan 06", "5.1": "Jan", "5.2": "Mar 06", "5.10": "Dec 05", "5.16": "Feb 06",
    "7.4": "Mar 06", "8.1": "Feb 06 / Mar 06", "9.1": "Mar 06", "9.7": "Mar 06", "10.1": "Mar 06",
    "10.2": "Jan 06", "11.9": "Jan 06", "15.1": "Jan.", "15.3": "Mar 06", "17.3": "MAR 06",
}
MONTH_ONLY_COMPLETIONS = {
    "1.1": "2005-12-31", "1.4": "2006-01-31", "5.1": "2006-01-31", "5.2": "2006-03-31", "7.1": "2006-01-31",
    "7.2": "2006-01-31", "7.3": "2006-01-31", "10.1": "2006-03-31", "10.2": "2006-01-31", "11.9": "2006-01-31",
    "15.1": "2006-01-31", "15.3": "2006-03-31",
}


def test_month_only_dates_are_marked_as_months(data):
    month_notes, month_completions, day_notes = {}, {}, 0
    for number, a in all_actions(data):
        ref = f"{number}.{a['position']}"
        for n in a["notes"]:
            if n.get("date_precision") == "month":
                month_notes.setdefault(ref, []).append(n)
            elif n["date"]:
                day_notes += 1
        if a.get("completed_on_precision") == "month":
            month_completions[ref] = a["completed_on"]
    assert set(month_notes) == set(MONTH_ONLY_NOTES)
    assert sum(len(n) for n in month_notes.values()) == 17
    assert day_notes == 165 - 44 - 17  # dated notes that give their day
    for ref, words in MONTH_ONLY_NOTES.items():
        for note in month_notes[ref]:
            assert any(w in note["text"] for w in words.split(" / ")), (ref, note["text"])
            assert note["date"] == end_of_month(note["date"])  # the last day, a convention for counting
    assert month_completions == MONTH_ONLY_COMPLETIONS
    # A completion dated by a note that gives its day keeps its day.
    assert "completed_on_precision" not in action_at(data, 1, 8)
    assert action_at(data, 1, 8)["completed_on"] == "2006-02-28"


def end_of_month(iso: str) -> str:
    year, month, _ = map(int, iso.split("-"))
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def action_at(data, number, position):
    return data["recommendations"][number - 1]["actions"][position - 1]


def test_a_completion_dated_by_a_month_note_and_a_day_note_of_the_same_day_is_a_day():
    by_month = [{"date": "2006-03-31", "date_precision": "month", "text": "Completed Mar 06"}]
    assert derive_status("Mar 06", "Plan", by_month) == ("completed", "2006-03-31", "month")
    both = [*by_month, {"date": "2006-03-31", "text": "Approved 31.03.06"}]
    assert derive_status("Mar 06", "Plan", both) == ("completed", "2006-03-31", "day")
    later = [{"date": "2006-02-10", "text": "Done 10.02.06"}, {"date": "2006-03-31", "date_precision": "month",
                                                              "text": "Issued Mar 06"}]
    assert derive_status("Mar 06", "Plan", later) == ("completed", "2006-03-31", "month")


def test_ambiguous_two_number_date_is_not_a_date():
    assert find_dates("CYPPB adopted 06 05") == []
    assert find_dates("funding to 06/07 22 02 06")[0].iso == "2006-02-22"


def test_split_notes_rules():
    notes, bad = split_notes("Draft amendments circulated for comment 13.02.06 Completed 28 02 06")
    assert (
        notes
        == [
            {"date": "2006-02-13", "text": "Draft amendments circulated for comment 13.02.06"},
            {"date": "2006-02-28", "text": "Completed 28 02 06"},
        ]
    )
    assert (
        bad == []
    )
    notes, _ = split_notes("LSCB agreed revised threshold criteria 27 02 06 Completed")
    assert notes == [
        {"date": "2006-02-27", "text": "LSCB agreed revised threshold criteria 27 02 06 Completed"}
    ]
    notes, _ = split_notes("15 03 06 In absence of support. Target to be set by end April 06")
    assert [n["date"] for n in notes] == ["2006-03-15"]
    notes, bad = split_notes("Requested 31 02 06, Produced 06.02.06")
    assert notes[0] == {"date": None, "text": "Requested 31 02 06,"}
    assert bad == ["31 02 06"]
    assert split_notes("") == ([], [])


def test_lead_cells():
    for cell in OCR_DITTOS:
        assert is_ditto(cell), cell
    for cell in ("SF", "SF (ISM)", "tbc", "HL to sign off", "SF,HL,AH,SD"):
        assert not is_ditto(cell), cell
    assert [ln["initials"] for ln in parse_written("SF,HL,AH,SD")] == ["SF", "HL", "AH", "SD"]


def test_errors_on_missing_or_unrecognisable_seeds(tmp_path):
    with pytest.raises(FixtureBuildError, match="seed directory not found"):
        build_fixture(tmp_path / "nowhere", CORRECTIONS)
    with pytest.raises(FixtureBuildError, match="no seed"):
        build_fixture(tmp_path, CORRECTIONS)
    (tmp_path / "002_x.txt").write_text(
        "Index to initials used in the detailed Action Plan\nno table\n", encoding="utf-8"
    )
    (tmp_path / "000_x.txt").write_text(
        "PROGRESS ON IMPROVEMENT FOLLOWING THE JOINT AREA REVIEW\n", encoding="utf-8"
    )
    (tmp_path / "003_x.txt").write_text(
        "exceptions report to the Leader and Chief Executive\n", encoding="utf-8"
    )
    with pytest.raises(FixtureBuildError, match="header") as err:
        build_fixture(tmp_path, CORRECTIONS)
    assert "\n" not in str(err.value)


def test_importable_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import sys, tools.fixture_builder; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)


# ---------------------------------------------------------------- fresh build from the seeds
@needs_seeds
def test_rebuild_equals_committed_fixture(tmp_path):
    data = build_fixture(SEEDS, CORRECTIONS)
    out = tmp_path / "rebuilt.json"
    write_fixture(data, out)
    assert out.read_bytes() == FIXTURE.read_bytes()


@needs_seeds
def test_rebuild_is_deterministic():
    first = dumps_fixture(build_fixture(SEEDS, CORRECTIONS))
    assert dumps_fixture(build_fixture(SEEDS, CORRECTIONS)) == first


@needs_seeds
def test_bad_corrections_are_reported(tmp_path):
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    corrections["actions"].append({"rec": 1, "action": "No such action", "status": "completed"})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(corrections), encoding="utf-8")
    with pytest.raises(FixtureBuildError, match="No such action"):
        build_fixture(SEEDS, path)


@needs_seeds
@pytest.mark.parametrize("value", ["2006-13", "March 2006", "2006-02-30"])
def test_a_correction_completed_on_must_be_a_day_or_a_month(tmp_path, value):
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    fix = next(f for f in corrections["actions"] if f["action"] == "Plan drafted")
    fix["completed_on"] = value
    path = tmp_path / "c.json"
    path.write_text(json.dumps(corrections), encoding="utf-8")
    with pytest.raises(FixtureBuildError, match=f"'Plan drafted': completed_on '{value}' is not a day or a month"):
        build_fixture(SEEDS, path)


@needs_seeds
def test_a_month_only_correction_is_its_last_day_marked_month_and_a_day_correction_a_day(tmp_path):
    data = build_fixture(SEEDS, CORRECTIONS)
    drafted = action_at(data, 5, 2)  # "Draft plan produced Mar 06": the correction says "2006-03"
    assert (drafted["completed_on"], drafted["completed_on_precision"]) == ("2006-03-31", "month")
    memo = action_at(data, 3, 4)  # the correction gives the memo's day, 2006-02-27
    assert (memo["completed_on"], memo.get("completed_on_precision")) == ("2006-02-27", None)


def test_partner_organisations_are_those_named_in_the_partners_column(data):
    names = {p["name"] for p in data["partners"]}
    expected = {"Herefordshire Primary Care Trust", "Police", "Voluntary sector", "Local Safeguarding Children Board"}
    assert expected <= names
    cells = " ".join(a["partners"] for r in data["recommendations"] for a in r["actions"])
    assert "NSPCC" in cells
    assert "NSPCC" in names
