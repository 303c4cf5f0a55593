import json

from django.core.management.base import BaseCommand, CommandError

from actionplan.excel.export import export_plan_xlsx
from actionplan.management.commands._dates import get_plan, parse_as_at
from actionplan.management.commands._output import output_path, writing
from actionplan.selectors.plan_export import plan_as_json


class Command(BaseCommand):
    help = "Export a plan (optionally as it stood at a past date) as JSON or as an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's slug, e.g. herefordshire-jar-2006")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument(
            "--as-at", dest="as_at", help="YYYY-MM-DD: the plan as recorded at the end of that day"
        )
        parser.add_argument(
            "-o", "--output", help="write to this file instead of standard output (required for xlsx)"
        )

    def handle(self, *args, plan, as_at, output, format, **options):
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx needs -o FILE.xlsx: a workbook cannot go to standard output")
        path = output_path("-o", output) if output else None
        plan_obj = get_plan(plan)
        day = parse_as_at(plan_obj, as_at) if as_at else None
        if format == "xlsx":
            with writing("-o", path) as tmp:  # never a half-written workbook under the real name
                export_plan_xlsx(plan_obj, tmp, as_at=day)
            self.stdout.write(f"Wrote {path}")
            return
        text = json.dumps(plan_as_json(plan_obj, day), indent=2, ensure_ascii=False)
        if path is not None:
            with writing("-o", path) as tmp:
                tmp.write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
