"""The manifest a backup folder carries: what it holds, when and from which version it was made, and a
SHA-256 for every file, so that a restore can refuse a folder that is not a backup, or one that was
changed or damaged since, before it touches anything."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from actionplan.backup.errors import BackupError

NAME = "manifest.json"
FORMAT = "jartracker-backup"
FORMAT_VERSION = 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_of(folder: Path) -> dict[str, dict]:
    """Every file under `folder` (but the manifest) by its relative path, with its size and SHA-256."""
    return {
        path.relative_to(folder).as_posix(): {"bytes": path.stat().st_size, "sha256": sha256_of(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).as_posix() != NAME
    }


def write(folder: Path, about: dict) -> dict:
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **about, "files": files_of(folder)}
    (folder / NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read(folder: Path) -> dict:
    """The manifest of the backup in `folder`, once every file it lists is there with its size and
    SHA-256 and nothing else is; otherwise a BackupError naming the first problem."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder")
    path = folder / NAME
    if not path.is_file():
        raise BackupError(f"{folder} is not a jartracker backup: it has no {NAME}{_hint(folder)}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise BackupError(f"{path} is damaged: it is not valid JSON ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a jartracker backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is format version {manifest.get('format_version')!r}; this version of jartracker reads "
            f"version {FORMAT_VERSION}"
        )
    _check_files(folder, manifest.get("files"))
    return manifest


def _check_files(folder: Path, listed) -> None:
    if not isinstance(listed, dict) or not listed:
        raise BackupError(f"{folder / NAME} lists no files")
    for name, expected in listed.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{folder} is incomplete: {name} is missing")
        if path.stat().st_size != expected.get("bytes") or sha256_of(path) != expected.get("sha256"):
            raise BackupError(f"{folder} is damaged: {name} does not match its checksum in {NAME}")
    extra = sorted(set(files_of(folder)) - set(listed))
    if extra:
        raise BackupError(f"{folder} holds {extra[0]}, which its {NAME} does not list")


def _hint(folder: Path) -> str:
    """Pointing at the folder that holds the backups rather than one backup is the likely slip."""
    inside = sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / NAME).is_file())
    return f" (it holds backups: name one, e.g. {folder / inside[-1]})" if inside else ""
