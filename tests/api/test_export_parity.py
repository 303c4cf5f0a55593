"""The API's plan as at a day is exactly `export_plan --as-at` for that day (one shared code path)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from actionplan import roles
from tests.conftest import make_user

SLUG = "herefordshire-jar-2006"


def exported(as_at: str | None) -> dict:
    out = StringIO()
    call_command("export_plan", SLUG, *(["--as-at", as_at] if as_at else []), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("as_at", ["2006-03-01", "2006-05-19", "today"])
def test_the_apis_plan_as_at_a_day_equals_export_plan(client, hereford, token_of, as_at):
    day = timezone.localdate().isoformat() if as_at == "today" else as_at
    _, headers = token_of(make_user("reader", roles.VIEWER))
    response = client.get(f"/api/v1/plans/{SLUG}/", {"as_at": day}, **headers)
    assert response.status_code == 200
    assert response.json() == exported(day)


def test_without_a_date_the_api_and_the_export_both_give_the_plan_now(client, hereford, token_of):
    _, headers = token_of(make_user("reader", roles.VIEWER))
    assert client.get(f"/api/v1/plans/{SLUG}/", **headers).json() == exported(None)


def test_the_two_dates_differ_so_the_comparison_can_fail(client, hereford, token_of):
    """The plan moved between March and May 2006: equal answers are not equal by accident."""
    _, headers = token_of(make_user("reader", roles.VIEWER))
    march = client.get(f"/api/v1/plans/{SLUG}/", {"as_at": "2006-03-01"}, **headers).json()
    may = client.get(f"/api/v1/plans/{SLUG}/", {"as_at": "2006-05-19"}, **headers).json()
    assert march["recommendations"] != may["recommendations"]


def test_the_action_list_answers_each_action_as_the_export_has_it(client, hereford, token_of):
    _, headers = token_of(make_user("reader", roles.VIEWER))
    export = exported("2006-05-19")
    by_reference = {a["reference"]: a for r in export["recommendations"] for a in r["actions"]}
    rows = client.get("/api/v1/actions/", {"plan": SLUG, "as_at": "2006-05-19", "recommendation": 10},
                      **headers).json()["results"]
    assert [r["reference"] for r in rows] == [ref for ref in by_reference if ref.startswith("10.")]
    for row in rows:
        assert {k: row[k] for k in by_reference[row["reference"]]} == by_reference[row["reference"]]
