"""Real Chromium (Debian's package) driven by Playwright, against the live test server."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "jartracker-demo-2006"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def stale_css_problem(built: Path, sources: list[Path]) -> str:
    """"" or why the compiled stylesheet does not match assets/scss: missing, or older than a source."""
    def shown(path: Path) -> str:
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    if not built.exists():
        return f"{shown(built)} is missing: run `make frontend`."
    newer = sorted(shown(src) for src in sources if src.stat().st_mtime > built.stat().st_mtime)
    if newer:
        return f"{shown(built)} is older than {', '.join(newer)}: run `make frontend`."
    return ""


@pytest.fixture(scope="session", autouse=True)
def compiled_css_is_current():
    """Browser tests judge the pages as styled (reflow at 320 px, axe's contrast): with a stylesheet
    older than its sources they would pass or fail on the wrong CSS, so they stop first and say why."""
    problem = stale_css_problem(ROOT / "static" / "build" / "app.css", list((ROOT / "assets" / "scss").glob("*.scss")))
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": chromium}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The Herefordshire plan and the demo accounts, as `make run` sets them up."""
    settings.MEDIA_ROOT = tmp_path
    call_command("setup_demo", stdout=io.StringIO())


@pytest.fixture
def login(page, live_server):
    def sign_in(username, pg=None):
        pg = pg or page
        pg.goto(f"{live_server.url}/accounts/login/")
        pg.fill("#id_username", username)
        pg.fill("#id_password", DEMO_PASSWORD)
        pg.click("button[type=submit]")
        pg.wait_for_url(f"{live_server.url}/")
        return pg

    return sign_in


def axe_violations(page) -> list[dict]:
    """Run axe-core (from npm) in the page; violations at WCAG 2.2 AA, summarised."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: " + json.dumps(violations, indent=1)


def fill_date(page, legend: str, day, month, year):
    """Type a date into the GOV.UK date input whose legend is `legend` (its Day, Month and Year boxes)."""
    group = page.get_by_role("group", name=legend)
    for box, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(box, exact=True).fill(str(value))
