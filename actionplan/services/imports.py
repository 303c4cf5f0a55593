"""Workbooks uploaded for import, kept between the dry run and the confirmation, for the uploader only.

An upload is kept on the server under a generated name (MEDIA_ROOT/imports/), and the
session of the person who uploaded it holds the name with what they chose, so only they
can confirm it. Uploads nobody confirmed within a day are removed at the next upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "excel_imports"
KEEP_UPLOADS_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class PendingImports:
    """The uploads waiting in one person's session: store, look up, forget."""

    def __init__(self, session):
        self.session = session

    def _pending(self) -> dict:
        return self.session.setdefault(SESSION_KEY, {})

    def store(self, upload) -> str:
        """Keep the upload under a generated name (the token); forget uploads nobody confirmed within a day."""
        folder = _imports_dir()
        cutoff = time.time() - KEEP_UPLOADS_SECONDS
        for old in folder.glob("*.xlsx"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        token = secrets.token_hex(16)
        with (folder / f"{token}.xlsx").open("wb") as f:
            for chunk in upload.chunks():
                f.write(chunk)
        return token

    def path(self, token: str) -> Path:
        return _imports_dir() / f"{token}.xlsx"

    def remember(self, token: str, *, name: str, slug: str, create_people: bool) -> None:
        """The dry run was shown: this person may confirm it."""
        self._pending()[token] = {"name": name, "slug": slug, "create_people": create_people}
        self.session.modified = True

    def get(self, token: str) -> dict | None:
        """What was chosen for this upload; None if it is not waiting in this session."""
        return self._pending().get(token) if TOKEN.match(token) else None

    def forget(self, token: str) -> None:
        self.path(token).unlink(missing_ok=True)
        self._pending().pop(token, None)
        self.session.modified = True
