"""OCR word splits: joined by the rule plus the corrections file, the seed's words kept in `as_written`.

The rule is tested on small made-up seed texts; the committed fixture is checked without the seeds;
the README's counts are checked against a fresh build where the seeds exist.
"""

import json
import re

import pytest

from tools.fixture_builder import FixtureBuildError, build_with_report
from tools.fixture_builder.ocr_words import WordJoiner

from .test_fixture_builder import CORRECTIONS, FIXTURE, README, SEEDS, needs_seeds

SEED = (
    "Herefordshire Council in Herefordshire . thereafter and thereafter . co-ordinate the work . "
    "Meet up on Monday . upon request . a new plan . anew . The Councils plan . TheCouncils . "
    "task force . taskforce . "
    "words also used on their own: a plan . new . up . on . The . Councils"
)


def joined(text, seed=SEED, entries=None):
    return WordJoiner(seed, entries or {})(text)


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("Herefordshi re Council", "Herefordshire Council"),  # "Herefordshi" is never a word alone
        ("commencing thereaft er, monthly", "commencing thereafter, monthly"),
        ("to co- ordinate the work", "to co-ordinate the work"),
        ("met 17 th Feb and 2 nd Mar", "met 17th Feb and 2nd Mar"),
    ],
)
def test_the_rule_joins_a_split_whose_whole_word_the_seeds_write(written, reads):
    assert joined(written) == reads


@pytest.mark.parametrize(
    "written",
    [
        "a new plan",  # "anew" is in the seeds, but "a" and "new" are both words used alone
        "we met up on Monday",
        "The Councils plan",
        "Herefordshi\nre Council",  # never across a line
        "Herefordshi  re",  # only across one space
        "syndrome- done",  # no such hyphenated word
        "met 2 th Feb",  # not the number's own suffix
        "Comme ncing Jan 06",  # "commencing" is not written whole: the rule cannot decide
    ],
)
def test_the_rule_leaves_real_words_and_what_it_cannot_decide(written):
    assert joined(written) == written


def test_the_list_joins_first_and_keeps_what_the_plan_wrote_as_two_words():
    entries = {
        "join": [
            {"written": "Comme ncing", "reads": "Commencing", "why": "never written whole"},
            {"written": "TheCouncils", "reads": "The Councils", "why": "run together"},
        ],
        "keep": [{"written": "task force", "why": "two words"}],
    }
    joiner = WordJoiner(SEED, entries)
    # the list's run-together is not a word the rule could restore afterwards
    got = joiner("Comme ncing Jan 06; TheCouncils plan; task force")
    assert got == "Commencing Jan 06; The Councils plan; task force"
    joiner.check_all_used()
    assert sum(joiner.joins.listed.values()) == 2
    assert sum(joiner.joins.kept.values()) == 1


def test_an_entry_that_is_not_needed_fails_the_build():
    joiner = WordJoiner(SEED, {"join": [{"written": "Nowhere", "reads": "Now here", "why": "x"}]})
    joiner("Herefordshi re")
    with pytest.raises(FixtureBuildError, match="'Nowhere' is not in the plan's text"):
        joiner.check_all_used()
    keeper = WordJoiner(SEED, {"keep": [{"written": "up on", "why": "x"}]})
    keeper("up on")
    with pytest.raises(FixtureBuildError, match="never joined by the rule"):
        keeper.check_all_used()


def test_an_entry_without_a_reason_is_refused():
    with pytest.raises(FixtureBuildError, match="needs 'reads' and 'why'"):
        WordJoiner(SEED, {"join": [{"written": "Comme ncing", "reads": "Commencing"}]})


# ---------------------------------------------------------------- the committed fixture
@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _carriers(data):
    """Every dict in the fixture that may carry `as_written`: recommendations, summaries, actions."""
    for rec in data["recommendations"]:
        yield rec
        yield from rec["summaries"]
        yield from rec["actions"]


def test_joining_only_closes_spaces_and_applies_the_list(data):
    """Word for word: each field equals its seed text with the list applied and some spaces closed."""
    entries = json.loads(CORRECTIONS.read_text(encoding="utf-8"))["ocr_words"]["join"]
    changed = 0
    for item in _carriers(data):
        for key, written in item.get("as_written", {}).items():
            changed += 1
            assert item[key] != written
            for entry in entries:
                written = re.sub(rf"(?<!\w){re.escape(entry['written'])}(?!\w)", entry["reads"], written)
            assert item[key].replace(" ", "") == written.replace(" ", ""), (key, item[key])
            assert len(item[key].split()) <= len(written.split())
    assert changed > 30


def test_no_ocr_split_survives_outside_as_written(data):
    nested = {"as_written", "actions", "summaries"}
    shown = json.dumps([{k: v for k, v in item.items() if k not in nested} for item in _carriers(data)])
    for split in ("Comme ncing", "Commencin g", "thereaft er", "Herefordshi re", "immedia te", "Allianctook"):
        assert split not in shown
    assert "Herefordshi re" in json.dumps(data)  # kept, as the seed has it


def test_joined_cells_read_as_the_council_wrote_them(data):
    recs = {r["number"]: r for r in data["recommendations"]}
    monitoring = next(a for a in recs[2]["actions"] if a["description"].startswith("Monitoring and effective"))
    assert monitoring["by_when"] == "Commencing Jan 06, thereafter at least monthly, subject to review in April 06."
    assert monitoring["as_written"]["by_when"].startswith("Commencin g Jan 06")
    alliance = next(a for a in recs[5]["actions"] if a["description"].startswith("Discussion with the Alliance"))
    assert any(n["text"].startswith("Meeting with Alliance took place on 08. 03. 06") for n in alliance["notes"])


# ---------------------------------------------------------------- a fresh build
@needs_seeds
def test_readme_counts_are_the_builds():
    _, report = build_with_report(SEEDS, CORRECTIONS)
    joins = report["ocr_words"]
    text = README.read_text(encoding="utf-8")
    for label, counter in (
        ("rule: split", joins.rule),
        ("rule: hyphen", joins.hyphen),
        ("rule: ordinal", joins.ordinal),
        ("list (`ocr_words.join`)", joins.listed),
        ("kept apart (`ocr_words.keep`)", joins.kept),
    ):
        row = f"| {label} | {sum(counter.values())} | {len(counter)} |"
        assert row in text, row
