"""The fixture's later facts (tools/fixture_builder/events.py): what the seeds state after March 2006.

The unit tests build events from small in-memory seeds; the committed fixture is checked against
the rule for statements about a whole recommendation; a full build with a misquoted fact runs
only where the seeds exist.
"""

import json
import os
from pathlib import Path

import pytest

from tools.fixture_builder import FixtureBuildError, build_fixture
from tools.fixture_builder.events import build_events, extra_indicators

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "herefordshire_jar.json"
CORRECTIONS = REPO / "fixtures" / "corrections.json"
README = REPO / "fixtures" / "README.md"
SEEDS = Path(os.environ.get("JARTRACKER_SEEDS", REPO.parent / "shared" / "seeds"))
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not present at {SEEDS}")

SEED_TEXT = {
    "plan": ["Summary Progress Report", "1.Do the thing\tAll milestones /actions", "now completed. More text.",
             "2.Other\tProtocol developed for referrals."],
    "cabinet": ["Cabinet report text."],
    "exceptions": ["This was originally scheduled for May 2006 and then for December 2006."],
}
SEEDS_IN_MEMORY = {**SEED_TEXT, "all": [line for lines in SEED_TEXT.values() for line in lines]}
PAPERS = [
    {"type": "summary_progress", "date": "2006-05-19"},
    {"type": "cabinet_report", "date": "2006-07-13"},
    {"type": "exceptions", "date": "2006-12-21"},
]


def recommendations():
    return [
        {"number": 1, "actions": [{"position": 1, "status": "completed"}, {"position": 2, "status": "in_progress"},
                                  {"position": 3, "status": "ongoing"}, {"position": 4, "status": "not_started"}]},
        {"number": 2, "actions": [{"position": 1, "status": "not_started"}]},
    ]


def whole_rec_1(**extra):
    return {"seed": "plan", "date": "2006-05-19", "recommendation": 1,
            "quote": "All milestones /actions now completed.", "status": "completed", **extra}


def build(*entries):
    return build_events(list(entries), SEEDS_IN_MEMORY, recommendations(), PAPERS)


def test_a_statement_about_a_whole_recommendation_completes_each_of_its_open_actions_on_the_date():
    events = build(whole_rec_1())
    assert [(e["recommendation"], e["position"]) for e in events] == [(1, 2), (1, 3), (1, 4)]
    assert {e["completed_on"] for e in events} == {"2006-05-19"}
    assert events[0]["note"] == (
        'Summary progress report, 19 May 2006, of recommendation 1 as a whole: "All milestones /actions now completed."'
    )
    assert events[0]["of"] == "recommendation"


def test_an_action_fact_gives_a_note_and_only_the_changes_its_words_state():
    note, slip = build(
        {"seed": "exceptions", "date": "2006-12-21", "action": "2.1", "status": "delayed", "by_when": "May 2007",
         "quote": ["originally scheduled for May 2006", "then for December 2006."]},
        {"seed": "plan", "date": "2006-05-19", "action": "2.1", "quote": "Protocol developed for referrals."},
    )
    assert (note["date"], note["status"], note["by_when"]) == ("2006-05-19", None, None)  # date order
    assert note["note"] == 'Summary progress report, 19 May 2006: "Protocol developed for referrals."'
    assert (slip["status"], slip["by_when"], slip["completed_on"]) == ("delayed", "May 2007", None)
    assert slip["note"] == (
        'Exceptions report, 21 December 2006: "originally scheduled for May 2006" … "then for December 2006."'
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (whole_rec_1(quote="All milestones completed."), "'All milestones completed.' is not in the plan seed"),
        (whole_rec_1(seed="cabinet", date="2006-07-13"), "is not in the cabinet seed"),
        (whole_rec_1(date="2006-05-18"), "dated 2006-05-18, but the summary progress report is dated 2006-05-19"),
        (whole_rec_1(seed="minutes"), "unknown seed 'minutes'"),
        (whole_rec_1(status=None), "reaches its actions only when it says the recommendation is completed"),
        (whole_rec_1(recommendation=3), "no recommendation 3"),
        (whole_rec_1(action="1.2"), "name either an \"action\""),
        (whole_rec_1(completed_on="2006-06-01"), "completed_on 2006-06-01 is after the source's date 2006-05-19"),
        ({"seed": "plan", "date": "2006-05-19", "quote": "now completed."}, "name either"),
    ],
)
def test_a_fact_the_seeds_do_not_bear_out_fails_the_build_with_one_clear_line(entry, message):
    with pytest.raises(FixtureBuildError, match="later_facts\\[0\\]") as err:
        build(entry)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [("1.9", None, "no action 1.9"), ("1.1", "completed", "action 1.1 is already completed"),
     ("one", None, "is not a reference like \"3.7\""), ("1.2", "finished", "status 'finished' is not one of")],
)
def test_an_action_fact_must_name_a_real_open_action_and_a_known_status(action, status, message):
    entry = {"seed": "plan", "date": "2006-05-19", "action": action, "quote": "Protocol developed", "status": status}
    with pytest.raises(FixtureBuildError, match="later_facts") as err:
        build({k: v for k, v in entry.items() if v is not None})
    assert message in str(err.value)


def test_a_recommendation_already_completed_by_an_earlier_fact_has_nothing_left_to_complete():
    with pytest.raises(FixtureBuildError, match="recommendation 1 has no open action on 2006-05-19"):
        build(whole_rec_1(), whole_rec_1())


def test_an_indicator_a_later_report_brings_needs_its_words_in_that_seed():
    entry = {"code": "X", "title": "Completion", "seed": "exceptions", "recorded_on": "2006-12-21",
             "quote": "originally scheduled for May 2006"}
    assert extra_indicators([entry], SEEDS_IN_MEMORY)[0]["recorded_on"] == "2006-12-21"
    with pytest.raises(FixtureBuildError, match="is not in the exceptions seed"):
        extra_indicators([{**entry, "quote": "scheduled for June"}], SEEDS_IN_MEMORY)


# ---------------------------------------------------------------- the committed fixture
@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_every_green_summary_and_only_those_reaches_all_its_open_actions(data):
    """One rule for every statement about a whole recommendation: rec 1, 4 and 8 on 19 May 2006."""
    green = {r["number"] for r in data["recommendations"] if r["summaries"][0]["rag"] == "green"}
    whole = {e["recommendation"] for e in data["events"] if e["of"] == "recommendation"}
    assert whole == green
    for rec in data["recommendations"]:
        if rec["number"] in green:
            reached = {e["position"] for e in data["events"] if e["recommendation"] == rec["number"]
                       and e["of"] == "recommendation" and e["status"] == "completed" and e["date"] == "2006-05-19"}
            still_open = {a["position"] for a in rec["actions"] if a["status"] != "completed"}
            assert reached == still_open, rec["number"]


def test_the_events_are_in_date_order_and_each_quotes_its_source(data):
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    for e in data["events"]:
        assert e["note"].startswith(e["source"])
        assert all(f'"{q}"' in e["note"] for q in e["quote"])


def test_the_workforce_strategy_slips_to_may_2007_on_the_date_of_the_exceptions_report(data):
    (slip,) = [e for e in data["events"] if e["status"] == "delayed"]
    assert (slip["recommendation"], slip["position"], slip["date"]) == (3, 7, "2006-12-21")
    assert slip["by_when"] == "May 2007"
    assert "originally scheduled for May 2006" in slip["note"]


def test_the_readme_lists_every_event_quote(data):
    readme = " ".join(README.read_text(encoding="utf-8").split())
    for e in data["events"]:
        for quote in e["quote"]:
            assert quote in readme, quote


@needs_seeds
def test_a_misquoted_fact_in_the_corrections_file_stops_the_build(tmp_path):
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    corrections["later_facts"][0]["quote"] = ["All milestones and actions now completed."]
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps(corrections), encoding="utf-8")
    with pytest.raises(FixtureBuildError, match="'All milestones and actions now completed.' is not in the plan seed"):
        build_fixture(SEEDS, path)
