"""Read the 19 May 2006 "Summary Progress Report" (one narrative per recommendation).

Layout in the seed: a title block ("Summary Progress Report", "DATE: 19.05.06"),
group rows "JAR Timescale Requirement<TAB>January – June 2006", then per
recommendation either TAB rows (recommendation text | narrative paragraph)
or plain lines (recommendation line, then narrative paragraphs and "- " bullets).

* Paragraphs are joined with a blank line ("\\n\\n"), except that a paragraph
  not ending in . ! ? : ; or ) continues on the next line with a space
  (a sentence split by a page break: "...programme to be" / "delivered ...").
* "- " bullets become "• " paragraphs; inline "•" bullets are kept as written.
* Plain lines met while reading a TAB-laid-out recommendation are stray text
  from another part of the page; they are reported and left out.
"""

import re
from dataclasses import dataclass, field

from .errors import FixtureBuildError
from .textutil import collapse, parse_numeric_date

_REC_START = re.compile(r"^(?:-\s+)?(\d{1,2})\s*[.,]\s*(\S.*)$")
_GROUP = "JAR Timescale Requirement"


@dataclass
class SummaryRec:
    number: int
    group: str
    tabbed: bool
    text_parts: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)


def _add_paragraph(paras: list[str], text: str) -> None:
    text = collapse(text)
    if not text:
        return
    if text.startswith("- "):
        text = "• " + text[2:].lstrip()
    if (
        paras
        and not paras[-1].startswith("• ")
        and not text.startswith("• ")
        and not re.search(r"[.!?:;)]$", paras[-1])
    ):
        paras[-1] = f"{paras[-1]} {text}"
    else:
        paras.append(text)


def read_summary(lines: list[str], report: dict) -> tuple[str, list[str], list[SummaryRec]]:
    """(report date ISO, group names in order, recommendations)."""
    start = next((i for i, ln in enumerate(lines) if collapse(ln) == "Summary Progress Report"), None)
    if start is None:
        raise FixtureBuildError("'Summary Progress Report' heading not found in the plan seed")
    date_line = next((ln for ln in lines[start : start + 6] if ln.startswith("DATE:")), None)
    report_date = parse_numeric_date(date_line[5:]) if date_line else None
    if not report_date:
        raise FixtureBuildError("summary progress report 'DATE: dd.mm.yy' line not found or unreadable")
    groups: list[str] = []
    recs: list[SummaryRec] = []
    for i in range(start + 1, len(lines)):
        raw = lines[i]
        line = collapse(raw)
        if not line:
            continue
        if re.fullmatch(r"[A-Z][A-Z ,'&-]{14,}", line):
            break  # next agenda item heading (all capitals)
        fields = [collapse(f) for f in raw.split("\t")]
        if fields[0] == _GROUP or line.startswith(_GROUP):
            name = fields[1] if len(fields) > 1 else line[len(_GROUP) :].strip()
            groups.append(re.sub(r"\s+-$", " –", name))
        elif fields[0].startswith("Recommendation"):
            continue  # repeated column header
        elif groups:  # (an introductory paragraph comes before the first group)
            _read_recommendation_line(raw, fields, i + 1, groups[-1], recs, report)
    if len(groups) < 2:
        raise FixtureBuildError(
            f"summary report: expected 2 'JAR Timescale Requirement' groups, found {len(groups)}"
        )
    return report_date, groups, recs


def _read_recommendation_line(
    raw: str, fields: list[str], line_no: int, group: str, recs: list[SummaryRec], report: dict
) -> None:
    """A line that starts the next recommendation, or continues the last one's text or narrative."""
    line = collapse(raw)
    m = _REC_START.match(fields[0])
    if m and int(m.group(1)) == len(recs) + 1:
        rec = SummaryRec(int(m.group(1)), group, tabbed="\t" in raw)
        rec.text_parts.append(m.group(2))
        recs.append(rec)
        for para in fields[1:]:
            _add_paragraph(rec.paragraphs, para)
        return
    if not recs:
        raise FixtureBuildError(f"summary report line {line_no}: text before recommendation 1")
    rec = recs[-1]
    if not rec.tabbed:
        _add_paragraph(rec.paragraphs, line)
    elif "\t" not in raw:
        report["summary_stray_lines"].append({"line": line_no, "after_rec": rec.number, "text": line})
    else:
        if fields[0]:
            rec.text_parts.append(fields[0])
        for para in fields[1:]:
            _add_paragraph(rec.paragraphs, para)


_GREEN_OPENING = re.compile(
    r"^(all milestones\s*/\s*actions now completed|required action completed"
    r"|system in place and operating properly)",
    re.I,
)


def derive_rag(narrative: str) -> str:
    """green when the narrative opens by saying the recommendation as a whole is done.

    The colours were lost in text extraction.  The covering report defines
    green = completed, amber = in progress and on target; no narrative
    reports slippage, so nothing is red.
    """
    return "green" if _GREEN_OPENING.match(narrative) else "amber"
