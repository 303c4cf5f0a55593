from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplan.backup.create import backup_create
from actionplan.backup.errors import BackupError
from actionplan.backup.state import describe


class Command(BaseCommand):
    help = (
        "Write a backup into DIR/jartracker-YYYYMMDDTHHMMSSZ/: a consistent copy of the database, the media files, "
        "each plan as JSON and a manifest of checksums (see the README's Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="the folder to write backups into (made if missing; its parent must exist)")
        parser.add_argument(
            "--keep", type=int, help="then remove all but the newest KEEP backups in DIR (at least 1)"
        )

    def handle(self, *args, dir, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError(f"--keep must be at least 1, not {keep}")
        try:
            made = backup_create(Path(dir), keep=keep)
        except BackupError as e:
            raise CommandError(str(e)) from None
        about = made.manifest
        self.stdout.write(f"Backed up to {made.folder}: the {about['database']['engine']} database, "
                          f"{describe(about['counts'])}, and each plan as JSON")
