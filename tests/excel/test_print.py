"""The workbook as a clerk prints it: the Herefordshire plan exported, printed to PDF by LibreOffice
(as "Print entire workbook" would), and read back with pypdf: every word at 8 pt or larger, the
Action plan's pages with its eight printed columns, a heading per recommendation, and the plan and
its date at the top of each page. Skipped, saying why, where LibreOffice is not installed."""

import shutil
import subprocess
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from actionplan.dates import uk_date
from actionplan.excel import columns as C
from actionplan.excel.export import export_plan_xlsx
from actionplan.models import Plan

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
SMALLEST_POINTS = 8.0


def printed_pdf(tmp_path: Path) -> PdfReader:
    call_command("load_plan", str(ROOT / "fixtures" / "herefordshire_jar.json"), stdout=StringIO())
    path = tmp_path / "hereford.xlsx"
    export_plan_xlsx(Plan.objects.get(), path)
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: runs beside another LibreOffice
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    return PdfReader(tmp_path / "hereford.pdf")


def text_sizes(page) -> dict[float, int]:
    """Characters printed at each size, in points as on paper: the font size scaled by the text and page
    matrices (LibreOffice shrinks a sheet to fit the page's width through the page matrix)."""
    sizes: dict[float, int] = defaultdict(int)

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = abs(tm[2] * cm[1] + tm[3] * cm[3]) or abs(tm[0] * cm[0] + tm[1] * cm[2])
            sizes[round(size * scale, 1)] += len(text.strip())

    page.extract_text(visitor_text=visit)
    return dict(sizes)


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui)")
def test_the_printed_workbook_reads_at_8_points_or_more_with_the_action_plan_laid_out_for_a4(tmp_path):
    pdf = printed_pdf(tmp_path)
    too_small = {}
    for number, page in enumerate(pdf.pages, start=1):
        small = [size for size in text_sizes(page) if size < SMALLEST_POINTS]
        if small:
            too_small[number] = small
    assert too_small == {}, f"pages with text under {SMALLEST_POINTS} pt: {too_small}"

    pages = [page.extract_text() for page in pdf.pages]
    action_plan = [text for text in pages if f"{C.ACTION_SHEET} Page " in text]  # the footer: sheet, page
    assert len(action_plan) >= 10  # 176 actions with their progress: many pages, each one readable
    first = action_plan[0]
    mediabox = pdf.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (842, 595)  # A4 landscape
    for text in action_plan:
        assert "JAR Performance Improvement Action Plan" in text  # the page header: the plan ...
        assert f"As at {uk_date(timezone.localdate())}" in text  # ... and the date it shows
        assert "Progress to date" in text  # the heading row repeats on every page
    printed_headers = [c.header for c in C.ACTION_COLUMNS[: C.PRINTED_ACTION_COLUMNS]]
    for header in printed_headers:
        assert header in first
    for header in ("RAG basis", "Action ID", "Additional capacity requirement", "Timescale group"):
        assert header not in first  # beside the print area: on screen, not on paper
    assert "Recommendation 1 (" in first  # the recommendation heads its actions ...
    assert first.count("Ensure that appropriate criteria are set") == 1  # ... once, not on every row
