from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplan.backup.errors import BackupError
from actionplan.backup.restore import backup_restore
from actionplan.backup.state import describe


class Command(BaseCommand):
    help = (
        "Bring back a backup made by `backup` into the configured database and MEDIA_ROOT, which must be empty "
        "unless --replace is given (see the README's Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="the backup's folder, e.g. /var/backups/jartracker/jartracker-20261127T020000Z")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database and media folders that already hold data (everything in them is lost)",
        )

    def handle(self, *args, dir, replace, **options):
        try:
            restored = backup_restore(Path(dir), replace=replace)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"Restored {dir} (made {restored.manifest['created_at']}): {describe(restored.counts)}")
        if restored.pending:
            self.stdout.write(
                f"This version has {len(restored.pending)} migrations the backup predates: run "
                "`python manage.py migrate` before starting the service"
            )
