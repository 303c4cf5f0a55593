"""A text appendix: what a clerk types in a plain textarea (no JavaScript), turned into safe HTML.

The convention (the form's hint says the same; HINT below):

    # Heading                      a heading (## a smaller one)
    - item, * item or • item       a bulleted list, one item a line
    1. item or 1) item             a numbered list
    Post<TAB>Filled<TAB>Vacant     a table, one row a line, cells split by tabs (what pasting a table
    | Post | Filled | Vacant |     from Word or Excel gives) or by "|"; the first row is the header row
    a blank line                   ends a paragraph, list or table

Every other line is text, kept with its line breaks. Bold (<strong>), italic (<em>) and links
(<a href="https://…">) may be typed as HTML. Whatever comes out is cleaned by nh3 against one
allow-list (ALLOWED): script and style elements go with their content, event handlers (onclick …),
style attributes and links other than http, https and mailto are dropped, so nothing typed can
run in a browser or break the paper's layout. The appendix's own heading is an <h2>, so the
clerk's headings start at <h3>.
"""

from __future__ import annotations

import html
import re

import nh3

HINT = (
    "Write plain text. Leave a blank line between paragraphs. Start a line with # for a heading "
    "(## for a smaller one), with - for a bulleted list or with 1. for a numbered list. For a table, "
    "paste it from Word or Excel (cells are separated by tabs) or separate the cells with |; the "
    "first row is the header row. Scripts, colours and styles are removed."
)

ALLOWED = {
    "h3", "h4", "p", "br", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "b",
    "i", "a",
}
ATTRIBUTES = {"a": {"href"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto"}

HEADING = re.compile(r"^(#{1,2})\s+(.*)$")
BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")  # a Markdown table's |---|---| line


def sanitise(markup: str) -> str:
    """The one cleaning every appendix's HTML goes through (see the module doc)."""
    return nh3.clean(
        markup, tags=ALLOWED, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _is_row(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> str:
    rows = [_cells(line) for line in lines if not RULE.match(line.strip())]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    head = "".join(f'<th scope="col">{c}</th>' for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block(lines: list[str]) -> list[str]:
    """One blank-line-separated block: headings, lists and tables within it, else a paragraph."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = HEADING.match(line)
        if heading:
            level = 3 + len(heading[1]) - 1
            out.append(f"<h{level}>{heading[2].strip()}</h{level}>")
            i += 1
            continue
        for pattern, tag in ((BULLET, "ul"), (NUMBERED, "ol")):
            if pattern.match(line):
                items = []
                while i < len(lines) and pattern.match(lines[i]):
                    items.append(f"<li>{pattern.match(lines[i])[1].strip()}</li>")
                    i += 1
                out.append(f"<{tag}>{''.join(items)}</{tag}>")
                break
        else:
            if _is_row(line):
                j = i
                while j < len(lines) and _is_row(lines[j]):
                    j += 1
                out.append(_table(lines[i:j]))
                i = j
                continue
            j = i
            while j < len(lines) and not (HEADING.match(lines[j]) or BULLET.match(lines[j])
                                          or NUMBERED.match(lines[j]) or _is_row(lines[j])):
                j += 1
            out.append("<p>" + "<br>".join(s.strip() for s in lines[i:j]) + "</p>")
            i = j
    return out


def to_html(text: str) -> str:
    """The clerk's text as sanitised HTML (the convention in the module doc)."""
    blocks, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return sanitise("".join(part for block in blocks for part in _block(block)))


def to_plain(text: str) -> str:
    """What the appendix says, without markup (for checks that it is not empty)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", to_html(text))).strip()
