"""Backups: a consistent copy of the database, the media files and each plan as JSON, with a manifest
of checksums (`create`), and bringing such a copy back (`restore`). The management commands `backup`
and `restore` only read their arguments and turn `BackupError` into one line."""
