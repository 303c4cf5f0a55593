"""The paper the fault drill issues: a draft of the demo plan with every mandatory section filled in.

The demo's papers come from the Herefordshire fixture. A draft with nothing missing is used as it is; an
issued paper gets a new draft version with the issued version's text (what a clerk's "Edit" of an issued
paper does), so the drill issues text a clerk wrote, not text made up here.

Run as `python -m tools.faultdrill.paper` with the drill's environment: prints the paper's id.
"""

from __future__ import annotations

import os
import sys


def issuable_paper() -> int:
    from actionplan.models import Paper
    from actionplan.papers.defaults import missing_sections
    from actionplan.services import papers
    from actionplan.services.demo import DEMO_PLAN

    for paper in Paper.objects.filter(plan__slug=DEMO_PLAN, supersedes__isnull=True).order_by("pk"):
        latest = papers.latest_version(paper)
        if latest.is_issued:
            latest = papers.paper_update(paper_id=latest.pk, user=None, changes={}, reason="Fault drill: new version")
        if not missing_sections(latest):
            return latest.pk
    raise SystemExit("the demo plan has no paper whose sections are all filled in")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jartracker.settings")
    import django

    django.setup()
    print(issuable_paper())
    return 0


if __name__ == "__main__":
    sys.exit(main())
