"""The browser tests' guard against a stylesheet older than its sources (tests/browser/conftest.py)."""

import os

from tests.browser.conftest import ROOT, stale_css_problem


def test_a_stylesheet_older_than_a_source_names_the_source_and_make_frontend(tmp_path):
    scss = ROOT / "assets" / "scss" / "app.scss"
    built = tmp_path / "app.css"
    built.write_text("")
    os.utime(built, (scss.stat().st_mtime - 60, scss.stat().st_mtime - 60))
    assert stale_css_problem(built, [scss]).endswith("is older than assets/scss/app.scss: run `make frontend`.")


def test_a_stylesheet_newer_than_its_sources_passes(tmp_path):
    scss = ROOT / "assets" / "scss" / "app.scss"
    built = tmp_path / "app.css"
    built.write_text("")
    os.utime(built, (scss.stat().st_mtime + 60, scss.stat().st_mtime + 60))
    assert stale_css_problem(built, [scss]) == ""


def test_a_missing_stylesheet_says_to_build_it(tmp_path):
    assert "missing: run `make frontend`" in stale_css_problem(tmp_path / "app.css", [])
