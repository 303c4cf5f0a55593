class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message names the problem in one line."""
