from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplan.excel.importer import workbook_import


class Command(BaseCommand):
    help = (
        "Import an Excel workbook (our export's layout, or the council's own column order) into a plan: "
        "a new plan, or changes to an existing one. Shows what would change; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the workbook, e.g. plan.xlsx")
        parser.add_argument(
            "--plan", help="the plan's slug (default: the 'Plan reference' on the workbook's About sheet); "
            "a slug no plan has yet creates a new plan"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
        parser.add_argument(
            "--create-people", action="store_true",
            help="add leads whose initials are unknown to the plan's index to initials (else they are problems)",
        )
        parser.add_argument("--user", help="username recorded in the history as the importer")

    def handle(self, *args, file, plan, dry_run, create_people, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"--user: no user {user!r}") from None
        report = workbook_import(
            path, file_name=path.name, plan_slug=plan, user=importer, create_people=create_people,
            dry_run=dry_run,
        )
        self.stdout.write("\n".join(report.lines()))
        if not report.ok:
            raise CommandError(f"{path.name}: {len(report.problems)} problem(s) to fix; nothing was written")
