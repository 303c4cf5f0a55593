"""The media files a backup keeps: evidence uploads, papers' uploaded PDF appendices, issued papers' PDFs
and web pages, and draft PDFs (MEDIA_ROOT's evidence/, appendices/, papers/ and renders/). Workbooks waiting
for an import's confirmation (imports/) are left out: they belong to one person's session and are removed
within a day anyway.

A restore copies the files into a staging folder inside MEDIA_ROOT (same file system), checks each
one's SHA-256 against the manifest, and only after the database is restored renames the folders into
place, so that a failed restore leaves MEDIA_ROOT as it was.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django.conf import settings

from actionplan.backup.errors import BackupError
from actionplan.backup.manifest import sha256_of

FOLDERS = ("evidence", "appendices", "papers", "renders")
IN_BACKUP = "media"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def copy_into(backup: Path) -> int:
    """Copy the kept folders into the backup; the number of files copied."""
    copied = 0
    for name in FOLDERS:
        source = media_root() / name
        if source.is_dir():
            shutil.copytree(source, backup / IN_BACKUP / name)
            copied += sum(1 for p in (backup / IN_BACKUP / name).rglob("*") if p.is_file())
    return copied


def files_present() -> list[str]:
    """The kept folders' files now in MEDIA_ROOT (a restore without --replace wants none)."""
    root = media_root()
    return sorted(p.relative_to(root).as_posix() for name in FOLDERS for p in (root / name).rglob("*") if p.is_file())


def stage(backup: Path, manifest: dict) -> Path:
    """A staging folder inside MEDIA_ROOT holding the backup's media files, each checked again as copied."""
    root = media_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = root / f".restore-{secrets.token_hex(4)}"
        staging.mkdir()
        for name in FOLDERS:
            (staging / name).mkdir()
            source = backup / IN_BACKUP / name
            if source.is_dir():
                shutil.copytree(source, staging / name, dirs_exist_ok=True)
    except OSError as e:
        raise BackupError(f"cannot write the media files into {root}: {e.strerror or e}") from None
    prefix = IN_BACKUP + "/"
    for name, expected in manifest["files"].items():
        if name.startswith(prefix) and sha256_of(staging / name.removeprefix(prefix)) != expected["sha256"]:
            discard(staging)
            raise BackupError(f"{name} changed while it was being copied from {backup}; nothing was restored")
    return staging


def swap_in(staging: Path) -> None:
    """Put the staged folders in place of MEDIA_ROOT's, then remove the old ones (renames: no half state)."""
    root = media_root()
    old = root / f".replaced-{secrets.token_hex(4)}"
    old.mkdir()
    for name in FOLDERS:
        if (root / name).exists():
            (root / name).rename(old / name)
        (staging / name).rename(root / name)
    discard(old)
    discard(staging)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
