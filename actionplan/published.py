"""What a signed-out visitor may be sent: the published papers' pages and PDFs, and the accessibility
statement (views/public_papers.py; views/papers.py serves a published paper's PDF)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers


def readable_by_anyone(request, response: HttpResponse) -> HttpResponse:
    """Cache headers of a page or PDF a signed-out visitor may read: a cache must ask again every time
    (no-cache, with the ETag where there is one), so a withdrawn paper stops being served at once; what a
    signed-in person sees (their name in the header) is kept by no shared cache."""
    response["Cache-Control"] = "private, no-cache" if request.user.is_authenticated else "no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response
