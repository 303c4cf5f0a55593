"""Checks on uploaded evidence: an allow-list of types, judged by content as well as name."""

from __future__ import annotations

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> the content type the file's bytes must show
ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain",
    "csv": "text/csv",
}
# Legacy Office formats share one container (OLE2); filetype names it by its first guess.
OLE_FAMILY = {"doc", "xls", "ppt"}
ALLOWED_WORDS = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF, text or CSV"


def looks_like_text(head: bytes) -> bool:
    """No NUL byte and valid UTF-8 (a CSV or text file, which has no magic number to sniff)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the sample is still text.
        return e.start >= len(head) - 3
    return True


def check_upload(upload) -> str:
    """Validate an uploaded file; return its content type or raise ValidationError naming the problem."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file is {upload.size / 1048576:.1f} MB; evidence must be {limit // 1048576} MB or smaller"
        )
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    ext = PurePath(upload.name).suffix.lower().lstrip(".")
    if ext not in ALLOWED:
        raise ValidationError(f"The file must be {ALLOWED_WORDS}; '.{ext or '?'}' files are not accepted")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    expected = ALLOWED[ext]
    if ext in {"txt", "csv"}:
        ok = kind is None and looks_like_text(head)
    elif ext in OLE_FAMILY:
        ok = kind is not None and kind.extension in OLE_FAMILY
    elif ext == "jpeg":
        ok = kind is not None and kind.extension == "jpg"
    else:
        ok = kind is not None and kind.extension == ext
    if not ok:
        raise ValidationError(f"The file's contents are not a real .{ext} file; upload the original document")
    return expected
