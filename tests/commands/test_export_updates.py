"""`export_plan` (JSON and Excel) carries each action's update state and the basis of its RAG in words,
as at the export's date; the Python rule behind them agrees with the database filter the figures use."""

import io
import json
import re
from datetime import date

from django.core.management import call_command
from openpyxl import load_workbook

from actionplan.asat import Moment
from actionplan.excel import columns as C
from actionplan.models import Action
from actionplan.updates import no_update_q

SLUG = "herefordshire-jar-2006"
BASIS = re.compile(r"^Past due \d{1,2} \w+ \d{4}, no update (since \d{1,2} \w+ \d{4}|recorded)$")


def _json(as_at: str) -> dict:
    out = io.StringIO()
    call_command("export_plan", SLUG, "--as-at", as_at, stdout=out)
    return json.loads(out.getvalue())


def _actions(data: dict) -> dict[str, dict]:
    return {a["reference"]: a for r in data["recommendations"] for a in r["actions"]}


def _no_update_in_db(plan, as_at: date) -> set[str]:
    moment = Moment.for_date(as_at)
    rows = moment.rows(Action, recommendation__plan=plan).filter(no_update_q(moment))
    numbers = dict(plan.recommendations.values_list("id", "number"))
    return {Action.reference_of(numbers[rec], pos) for rec, pos in rows.values_list("recommendation_id", "position")}


def test_json_carries_the_update_state_and_the_rag_basis_as_at_its_date(hereford):
    july = _actions(_json("2006-07-13"))
    assert {a["update_state"] for a in july.values()} == {"current", "no_update"}
    assert all(a["rag_basis"] for a in july.values())
    silent = {ref for ref, a in july.items() if a["update_state"] == "no_update"}
    assert silent == _no_update_in_db(hereford, date(2006, 7, 13))  # the rule and the filter agree
    for ref in silent:
        assert BASIS.match(july[ref]["rag_basis"]), july[ref]["rag_basis"]
        assert july[ref]["rag"] == "red"
    march = _actions(_json("2006-03-01"))
    silent_in_march = {ref for ref, a in march.items() if a["update_state"] == "no_update"}
    assert silent_in_march == _no_update_in_db(hereford, date(2006, 3, 1))
    assert len(silent_in_march) < len(silent)  # fewer had fallen due by 1 March


def test_the_workbook_says_the_same_as_the_json(hereford, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", SLUG, "--format", "xlsx", "--as-at", "2006-07-13", "-o", str(path),
                 stdout=io.StringIO())
    ws = load_workbook(path, read_only=True)[C.ACTION_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    ref, update, basis = head.index("Ref"), head.index("Update"), head.index("RAG basis")
    july = _actions(_json("2006-07-13"))
    labels = {"no_update": "No update received", "current": "Up to date"}
    actions = [row for row in rows[1:] if row[head.index("Action to be taken")]]  # not the headings above them
    assert len(actions) == len(july)
    for row in actions:
        action = july[row[ref]]
        assert row[update] == labels[action["update_state"]]
        assert row[basis] == action["rag_basis"]
