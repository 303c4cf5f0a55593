"""Where a command writes a file (-o, --json): checked before any work starts, written under a temporary
name beside it and then renamed, so that a path that cannot be written is one line and a non-zero exit
(`CommandError`), and the real name never holds half a file."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError


def _refuse(option: str, path: Path, error: OSError) -> CommandError:
    return CommandError(f"{option}: cannot write {path}: {error.strerror or error}")


def _temporary(option: str, path: Path) -> Path:
    """A new empty file beside `path` (created with the usual permissions, not mkstemp's owner-only)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as e:
        raise _refuse(option, path, e) from None
    return tmp


def output_path(option: str, value: str) -> Path:
    """The file named by `option`, once it is known it can be written: its folder exists, it is not a
    folder itself, and a file can be made beside it."""
    path = Path(value)
    if path.is_dir():
        raise CommandError(f"{option}: {path} is a folder: give the name of a file to write")
    if not path.parent.is_dir():
        raise CommandError(f"{option}: folder {path.parent} does not exist")
    _temporary(option, path).unlink()
    return path


@contextmanager
def writing(option: str, path: Path) -> Iterator[Path]:
    """A temporary file beside `path` for the block to write; renamed onto `path` when the block succeeds,
    removed when it does not. A failure to write or rename is a one-line CommandError."""
    tmp = _temporary(option, path)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise _refuse(option, path, e) from None
    finally:
        tmp.unlink(missing_ok=True)
