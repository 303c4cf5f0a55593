"""A cancelled action keeps its old RAG override in the record, but has no RAG: its export must import."""

import pytest

from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.models import Status
from tests.factories import ActionFactory


@pytest.mark.django_db
def test_cancelled_action_with_an_old_override_round_trips(tmp_path, world):
    ActionFactory(recommendation=world.rec, position=3, status=Status.CANCELLED, rag_override="red",
                  rag_override_reason="Key post vacant")
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(world.plan, path, user=world.users["clerk"])
    report = workbook_import(path, file_name=path.name, plan_slug="copy", user=world.users["manager"], dry_run=True)
    assert report.ok, [str(p) for p in report.problems]
