"""Reflow at 320 CSS px (WCAG 2.2, 1.4.10; issue 13): every page of the crawl, as each demo role that may open
it, fits a 320 px wide screen without scrolling the page sideways, and axe passes on it.

The crawl is the permission matrix (tests/views/test_permissions_matrix.py): every URL name there is either a
page listed in REFLOW_PAGES or excused in NOT_PAGES with the reason, which test_every_matrix_page_is_crawled
checks, so a new page joins this test when it joins the matrix. A role opens the pages the matrix allows it.
Wide figure tables may scroll inside their own labelled region (.app-table-wrapper); the page itself may not.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplan.models import Action, Indicator, Paper, Plan, ReportingDate
from actionplan.services.paper_publishing import paper_set_public
from actionplan.services.papers import paper_issue
from actionplan.services.progress import ProgressUpdate, action_record_progress
from tests.browser.conftest import DEMO_PASSWORD, axe_violations
from tests.factories import PaperAppendixFactory, PaperRenderFactory
from tests.views.test_permissions_matrix import MATRIX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 640
DEMO_ROLES = ["officer", "manager", "director", "clerk", "viewer"]  # the demo's accounts (setup_demo)

# URL names of the matrix that are not pages to look at, and why.
NOT_PAGES = {
    "evidence_download": "the evidence file as uploaded, not a page",
    "paper_pdf": "a PDF, not a page",
    "paper_render_file": "a PDF, not a page",
    "plan_export_xlsx": "an Excel workbook, not a page",
    "action_list_export_xlsx": "an Excel workbook, not a page",
    "action_list_export_csv": "a CSV file, not a page",
    "action_reorder": "takes POST only and goes back to the recommendation's page",
    "plan_import_apply": "takes POST only and goes on to the plan or back to the import page",
    "reporting_date_remove": "takes POST only and goes back to the reporting calendar",
    "api_token_revoke": "takes POST only and goes back to the API tokens page",
    "paper_appendix_file": "an uploaded PDF appendix as uploaded, not a page",
}

REFLOW_PAGES = (
    "home", "plan_list", "plan_detail", "portfolio", "notice_preferences", "api_tokens",
    "recommendation_add", "recommendation_detail", "recommendation_rag", "recommendation_edit",
    "recommendation_cancel",
    "action_add", "action_list", "action_detail", "action_update", "action_edit", "action_cancel",
    "dashboard", "dashboard_actions", "changes",
    "indicator_list", "indicator_detail", "indicator_figure_add", "indicator_figure_edit",
    "paper_list", "paper_create", "paper_detail", "paper_edit", "paper_preview", "paper_issue", "paper_render",
    "paper_type_list", "paper_type_edit",
    "paper_appendix_add", "paper_appendix_edit", "paper_appendix_remove",
    "plan_import", "plan_import_new",
    "signoff_inbox", "signoff_review", "plan_signoff_settings",
    "reporting_calendar", "reporting_date_add", "plan_returns",
    "paper_issued", "paper_publish", "published_papers", "accessibility",
)

# The same pages again where they show more: a completion awaiting sign-off with a long evidence address,
# the plan as at the Cabinet report of 19 May 2006, a search, and the other two kinds of paper.
MAY_2006 = "?as_at=2006-05-19"
VARIANTS = (
    ("action_detail", lambda w: {"pk": w.claimed.pk}, ""),
    ("action_update", lambda w: {"pk": w.claimed.pk}, ""),
    ("action_list", lambda w: {}, "?search=rec+13+hl"),
    ("dashboard", lambda w: {"slug": w.plan.slug}, MAY_2006),
    ("portfolio", lambda w: {}, MAY_2006),
    ("recommendation_detail", lambda w: {"slug": w.plan.slug, "number": 13}, MAY_2006),
    ("paper_detail", lambda w: {"pk": w.papers["exceptions"].pk}, ""),
    ("paper_preview", lambda w: {"pk": w.papers["exceptions"].pk}, ""),
    ("paper_detail", lambda w: {"pk": w.papers["scrutiny_note"].pk}, ""),
    ("paper_preview", lambda w: {"pk": w.papers["scrutiny_note"].pk}, ""),
    ("paper_appendix_add", lambda w: {"pk": w.paper.pk, "kind": "pdf"}, ""),
    ("paper_appendix_edit", lambda w: {"pk": w.paper.pk, "appendix_pk": w.uploaded.pk}, ""),
)

# A clerk's text appendix as a performance management report carries one: a heading, a list and a table of
# five columns (made up here, not the seed's figures).
STAFFING = ("# Staffing\n\nPosts in the social work teams at the end of the quarter:\n\n- qualified social workers\n"
            "- team managers\n\n| Team | Establishment | Filled | Vacant | Covered by agency staff |\n"
            "| Hereford city | 12 | 10 | 2 | 1 |\n| Leominster and the north | 6 | 5 | 1 | 1 |")

# Pages outside the app's URL patterns: signing in and the account's own pages.
ACCOUNT_PAGES = {"password_change": set(DEMO_ROLES)}
SIGNED_OUT_PAGES = ("login", "password_reset")
# Pages open without signing in (issue 12): the accessibility statement and the published scrutiny note.
SIGNED_OUT_APP_PAGES = ("accessibility", "published_papers", "paper_issued")


def test_every_matrix_page_is_crawled_or_excused():
    listed = set(REFLOW_PAGES)
    assert {name for name, _kwargs, _query in VARIANTS} <= listed
    assert not listed & set(NOT_PAGES), "a page is both crawled and excused"
    assert set(MATRIX) == listed | set(NOT_PAGES), (
        f"not in REFLOW_PAGES nor excused in NOT_PAGES: {sorted(set(MATRIX) - listed - set(NOT_PAGES))}; "
        f"not in the matrix: {sorted(listed - set(MATRIX))}"
    )


def demo_world():
    """The demo plan with what the matrix's pages show: the officer's action 13.2, an indicator with
    values, the draft Cabinet report (with a text appendix whose table is the widest a clerk would type, and an
    uploaded PDF) and a PDF of it being made, a meeting, and a completion of another of
    the officer's actions awaiting sign-off (recorded as the officer would, with a long evidence address)."""
    plan = Plan.objects.get(slug="herefordshire-jar-2006")
    officer = plan.people.get(initials="HL").user
    mine = Action.objects.get(recommendation__plan=plan, recommendation__number=13, position=2)
    indicator = Indicator.objects.filter(plan=plan, values__isnull=False).distinct().first()
    paper = Paper.objects.get(plan=plan, kind=Paper.Kind.CABINET_REPORT)
    plan.completion_needs_signoff = True
    plan.save(update_fields=["completion_needs_signoff"])
    claimed = (Action.objects.filter(recommendation__plan=plan, leads__person__user=officer)
               .exclude(status="completed").exclude(pk=mine.pk).order_by("due_date").first())
    action_record_progress(
        action_id=claimed.pk, user=officer, expected_version=claimed.version,
        update=ProgressUpdate(
            status="completed", note_text="Audit schedule agreed and circulated to all team managers",
            evidence_url="https://intranet.herefordshire.example/childrens-services/safeguarding/"
                         "audit-schedule-2006-agreed-at-the-action-plan-group.pdf",
        ),
    )
    return SimpleNamespace(
        plan=plan, mine=mine, indicator=indicator, value=indicator.values.first(), paper=paper,
        render=PaperRenderFactory(paper=paper), claimed=claimed,
        appendix=PaperAppendixFactory(paper=paper, title="Performance management report: staffing", body=STAFFING),
        uploaded=PaperAppendixFactory(paper=paper, pdf=True, order=2), claim=claimed.completion_claims.get(),
        meeting=ReportingDate.objects.filter(plan=plan).first(),
        papers={p.kind: p for p in Paper.objects.filter(plan=plan)},
        issued=published_scrutiny_note(plan),
    )


def published_scrutiny_note(plan):
    """The fixture's scrutiny note, issued for real (its PDF and web page stored) and published by the clerk."""
    clerk = get_user_model().objects.get(username="clerk")
    note = Paper.objects.get(plan=plan, kind=Paper.Kind.SCRUTINY_NOTE)
    paper_issue(paper_id=note.pk, user=clerk)
    return paper_set_public(paper_id=note.pk, user=clerk, public=True, why="Agenda published")


def pages_for(role, world):
    """(name, path) of every page `role` may open, from the matrix, then the account's pages."""
    for name in REFLOW_PAGES:
        kwargs_for, allowed, _method = MATRIX[name]
        if role in allowed:
            yield name, reverse(name, kwargs=kwargs_for(world))
    for name, kwargs_for, query in VARIANTS:
        if role in MATRIX[name][1]:
            yield name, reverse(name, kwargs=kwargs_for(world)) + query
    for name, roles in ACCOUNT_PAGES.items():
        if role in roles:
            yield name, reverse(name)


def page_problems(page, name, response) -> list[str]:
    """What is wrong with the open page at this width: not found, wider than the screen, axe violations."""
    problems = []
    if response.status != 200:
        problems.append(f"{name} {page.url}: HTTP {response.status}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.evaluate("window.innerWidth"):
        problems.append(f"{name} {page.url}: the page is {width} px wide at {WIDTH} px: {widest(page)}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} {page.url}: axe {violations}")
    return problems


def widest(page) -> list[str]:
    """What sticks out past the right edge (boxes, or text running out of its box such as a long address),
    leaving out what is clipped by a scrolling or hidden box, to name it in the failure."""
    return page.evaluate("""() => {
        const vw = window.innerWidth, out = [];
        const clipped = node => {
            for (let el = node.parentElement; el && el !== document.body; el = el.parentElement) {
                if (getComputedStyle(el).overflowX !== 'visible') return true;
            }
            return false;
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            if (range.getBoundingClientRect().right > vw + 1 && !clipped(text)) {
                out.push(text.parentElement.tagName.toLowerCase() + ': ' + text.textContent.trim().slice(0, 80));
            }
        }
        for (const el of document.querySelectorAll('body *')) {
            if (el.getBoundingClientRect().right > vw + 1 && !clipped(el)) {
                out.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.'));
            }
        }
        return out.slice(0, 6);
    }""")


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_every_page_fits_320_px_without_sideways_scrolling_and_passes_axe(demo, browser, live_server, role):
    world = demo_world()
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", role)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    problems, seen = [], 0
    for name, path in pages_for(role, world):
        problems += page_problems(page, name, page.goto(live_server.url + path))
        seen += 1
    context.close()
    assert seen >= 15, f"{role} opened only {seen} pages"
    assert not problems, "\n".join(problems)


def test_signed_out_pages_fit_320_px_and_pass_axe(demo, browser, live_server):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    problems = []
    for name in SIGNED_OUT_PAGES:
        problems += page_problems(page, name, page.goto(live_server.url + reverse(name)))
    world = SimpleNamespace(plan=Plan.objects.get(slug="herefordshire-jar-2006"))
    world.issued = published_scrutiny_note(world.plan)
    for name in SIGNED_OUT_APP_PAGES:
        problems += page_problems(page, name, page.goto(live_server.url + reverse(name, kwargs=MATRIX[name][0](world))))
    context.close()
    assert not problems, "\n".join(problems)
