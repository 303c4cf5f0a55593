"""The longest text each free-text field takes, in one place (README, "Limits").

The forms refuse more with "<label> must be N characters or fewer" (`forms/limits.py` applies these), and
so does the workbook import, naming the sheet, row and column (nothing is written). Fields stored in a
column of fixed length (titles, names, "Lead as written") keep that length as their limit.

The limits are far above anything the seed documents hold (the longest progress note is 442 characters, the
longest summary of progress 1,007) and far below what one form can send (Django's 2.5 MB), so a form over
them is always answered by the form itself.
"""

from __future__ import annotations

# A progress note, and a recommendation's summary of progress: a few pages each.
PROGRESS_NOTE = 10_000
SUMMARY = 10_000
# The action's words and its columns in the plan's table (partners, capacity, success criteria), and a
# recommendation's text.
ACTION_TEXT = 4_000
RECOMMENDATION_TEXT = 4_000
# A reason (for a RAG set by hand, a change, a return, a cancellation), a reviewer's comment, an
# indicator's note, an exception's revised date and why.
REASON = 2_000
# A section of a committee paper (purpose, recommendations, the numbered considerations …): generated from
# the plan and then edited, so generous; the paper's whole form stays under Django's 2.5 MB.
PAPER_SECTION = 100_000

# Form field names that are not REASON, by limit (a form's own field names; forms/limits.py reads them).
BY_FIELD = {
    "note_text": PROGRESS_NOTE,
    "summary": SUMMARY,
    "description": ACTION_TEXT,
    "partners": ACTION_TEXT,
    "capacity": ACTION_TEXT,
    "success_criteria": ACTION_TEXT,
    "text": RECOMMENDATION_TEXT,
}


def too_long(label: str, limit: int) -> str:
    """The one wording for text over its limit: "Progress note must be 10,000 characters or fewer"."""
    return f"{label} must be {limit:,} characters or fewer"

# Appendices a clerk adds to a paper (papers/richtext.py, papers/appended.py): a text appendix is one more
# section; an uploaded PDF is capped like evidence's default (20 MB) and by pages, which each become a page
# of the pack that WeasyPrint lays out and numbers.
APPENDIX_TEXT = PAPER_SECTION
APPENDIX_PDF_BYTES = 20 * 1024 * 1024
APPENDIX_PDF_PAGES = 200
