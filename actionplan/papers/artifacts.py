"""Mark a paper's running headers and footers as artifacts, so a screen reader does not read
"Page 1 of 19" and the meeting line on every page.

WeasyPrint 70's PDF/UA-1 output tags the text of page margin boxes as ordinary marked content
(/Span with an MCID) and builds structure elements for it that it never links into the structure
tree (its issue #1836: in PDF 1.7 an artifact cannot be a structure node). That leaves tagged
content outside the tree, which PDF/UA forbids and which some readers read out anyway.

This step, run on WeasyPrint's bytes, finds those orphans (MCIDs whose ParentTree entry names a
structure element not reachable from the StructTreeRoot), rewrites their marked-content sequence
in the page's content stream as `/Artifact <</Type /Pagination /Subtype /Header|/Footer>> BDC`
(the PDF 1.7 way, the same marking WeasyPrint already uses for borders and backgrounds), and
removes them from the ParentTree, so the orphan elements are no longer written. qpdf (through
pikepdf) rewrites the file with object streams and a deterministic /ID: the same input gives the
same bytes, which issuing relies on.
"""

from __future__ import annotations

import io
import re
import zlib

import pikepdf

# How WeasyPrint 70 (pydyf) writes the opening of a text box's marked content.
SPAN = re.compile(rb"/Span\n<</MCID (\d+)>>\nBDC\n")
# The first text position inside it: "1 0 0 -1 X Y Tm", in CSS px from the top of the page.
TEXT_MATRIX = re.compile(rb"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm\n")
PX_PER_PT = 4 / 3  # CSS: 96 px to the inch, 72 pt to the inch


class ArtifactError(Exception):
    """The PDF is not laid out as expected; nothing was changed."""


def _reachable(root) -> set[tuple[int, int]]:
    """The object numbers of every structure element in the tree under `root`."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue  # an MCID number
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/Type") == "/OBJR":
            continue  # an annotation, not structure
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return seen


def _mark(data: bytes, orphans: set[int], page_height_px: float) -> tuple[bytes, int]:
    """Rewrite the marked content of `orphans` in one page's content stream as pagination artifacts."""
    done = 0

    def artifact(match: re.Match) -> bytes:
        nonlocal done
        if int(match[1]) not in orphans:
            return match[0]
        done += 1
        where = TEXT_MATRIX.search(data, match.end(), data.find(b"EMC", match.end()))
        subtype = b""
        if where:
            subtype = b" /Subtype /Header" if float(where[1]) < page_height_px / 2 else b" /Subtype /Footer"
        return b"/Artifact\n<</Type /Pagination" + subtype + b">>\nBDC\n"

    return SPAN.sub(artifact, data), done


def mark_running_heads_as_artifacts(pdf: bytes) -> bytes:
    """WeasyPrint's PDF/UA bytes with the margin boxes' text as artifacts (see the module doc)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tree = doc.Root.get("/StructTreeRoot")
        if tree is None:
            raise ArtifactError("the PDF is not tagged (no structure tree)")
        in_tree = _reachable(tree.K)
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(doc.pages, start=1):
            mcids = parents.get(int(page.obj.get("/StructParents", -1)))
            if mcids is None or not isinstance(mcids, pikepdf.Array):
                continue
            orphans = {m for m, ref in enumerate(mcids)
                       if isinstance(ref, pikepdf.Dictionary) and ref.objgen not in in_tree}
            if not orphans:
                continue
            contents = page.obj.Contents
            if isinstance(contents, pikepdf.Array):
                raise ArtifactError(f"page {number} has several content streams")
            height = float(page.mediabox[3]) - float(page.mediabox[1])
            data, done = _mark(contents.read_bytes(), orphans, height * PX_PER_PT)
            if done != len(orphans):
                raise ArtifactError(
                    f"page {number}: {len(orphans)} untreed text runs but {done} found in the content stream"
                )
            for m in orphans:
                mcids[m] = None  # no structure element: the content is an artifact now
            contents.write(zlib.compress(data, 6), filter=pikepdf.Name.FlateDecode)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
