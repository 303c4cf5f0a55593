"""Publishing an issued paper: readable without signing in, or withdrawn again.

Committee papers are public documents once issued, but a clerk decides when each goes out. Only an
issued paper may be published (a draft never is); the flag is the paper's own, so a newer draft
version is not public until it is issued and published in its turn. Who did it, when and why is the
paper's history row (the reason must be given: it is the record a member of the public may ask about).
"""

from __future__ import annotations

from django.db import transaction

from actionplan import limits
from actionplan.history import save_recorded
from actionplan.models import Paper
from actionplan.services.papers import PaperError


@transaction.atomic
def paper_set_public(*, paper_id: int, user, public: bool, why: str) -> Paper:
    """Publish (public=True) or withdraw an issued paper, recorded with who and why; nothing else changes."""
    why = " ".join((why or "").split())
    if not why:
        raise PaperError("Say why the paper is being " + ("published" if public else "withdrawn"))
    if len(why) > limits.REASON:
        raise PaperError(f"The reason must be {limits.REASON} characters or fewer; it has {len(why)}")
    paper = Paper.objects.select_for_update().get(pk=paper_id)
    if not paper.is_issued:
        raise PaperError("Only an issued paper can be published: issue it first")
    if paper.public == public:
        raise PaperError(f"Version {paper.version} is already " + ("published" if public else "not published"))
    paper.public = public
    verb = "Published: readable without signing in" if public else "Withdrawn from publication"
    save_recorded(paper, reason=f"{verb}. Why: {why}", user=user)
    return paper
